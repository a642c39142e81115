"""Approvers signing at the same moment never commit more than the budget or an allocation holds.

Every test races real transitions (``perform_transition``) from threads with
their own sessions, on the suite's database: a file-based SQLite database by
default, PostgreSQL when ``DATABASE_URL`` names one. The negative controls
remove the guard or the lock with monkeypatch and show that the same race then
over-commits, so the positive tests could fail.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from concurrency import Step, all_wait_after, fire_at_once
from factories import in_state, programme
from workflow.workflows.standard import guards
from workflow.db import db
from workflow.models import Application, AuditEntry, Document, Organisation, Programme, Role, User, UserRole
from workflow.engine import transitions

GRANT = Decimal("58000.00")  # each case proposes a full grant of its 58.000 € request
CASES = 8
FITTING = 3


def _approvers(app, count: int) -> list[str]:
    """``count`` approvers of the Regierungspräsidium Stuttgart, none of whom proposed anything."""
    with app.app_context():
        authority = db.session.scalars(select(Organisation).where(Organisation.ags == "081")).one()
        template = db.session.scalars(select(User).where(User.username == "zeichnung")).one()
        names = [f"zeichnung.{index}" for index in range(count)]
        db.session.add_all(
            User(
                username=name,
                full_name=f"Zeichnung {index}",
                email=f"{name}@example.invalid",
                password_hash=template.password_hash,
                organisation=authority,
                role_rows=[UserRole(role=Role.APPROVER)],
            )
            for index, name in enumerate(names)
        )
        db.session.commit()
        return names


def _proposed_cases(app, count: int) -> list[int]:
    return [in_state(app, "decision_proposed")[0] for _ in range(count)]


def _set_budget(app, budget: Decimal) -> None:
    with app.app_context():
        programme().budget = budget
        db.session.commit()


def _signatures(app, application_ids):
    """Granted cases, their signature audit entries and grant notices, and the granted total."""
    with app.app_context():
        session = db.session
        granted = session.scalar(
            select(func.count()).where(Application.id.in_(application_ids), Application.state == "granted")
        )
        entries = session.scalar(
            select(func.count()).where(
                AuditEntry.application_id.in_(application_ids), AuditEntry.transition == "sign_grant"
            )
        )
        notices = session.scalar(
            select(func.count()).where(Document.application_id.in_(application_ids), Document.kind == "grant_notice")
        )
        total = session.scalar(select(func.sum(Application.granted_amount)).where(Application.id.in_(application_ids)))
        return granted, entries, notices, total


def _race_for_the_budget(app):
    """CASES proposals of 58.000 € each, a budget that holds FITTING of them, CASES approvers at once."""
    cases = _proposed_cases(app, CASES)
    budget = GRANT * FITTING + Decimal("20000.00")
    _set_budget(app, budget)
    approvers = _approvers(app, CASES)
    outcomes = fire_at_once(app, [Step(case, "sign_grant", approver) for case, approver in zip(cases, approvers)])
    return cases, budget, outcomes


@pytest.mark.parametrize("slow_check", [False, True], ids=["plain", "slow budget check"])
def test_only_the_grants_that_fit_the_budget_are_signed(app, monkeypatch, slow_check):
    if slow_check:
        # A budget check that takes its time widens the window a missing lock would leave open.
        check = guards.budget_problem

        def slow(ctx, amount):
            problem = check(ctx, amount)
            time.sleep(0.05)
            return problem

        monkeypatch.setattr(guards, "budget_problem", slow)
    cases, budget, outcomes = _race_for_the_budget(app)
    succeeded = [o for o in outcomes if o.succeeded]
    refused = [o for o in outcomes if not o.succeeded]
    assert len(succeeded) == FITTING
    assert len(refused) == CASES - FITTING
    for outcome in refused:
        assert "überschreitet das verbleibende Programmbudget" in outcome.refusal, outcome.refusal
    granted, entries, notices, total = _signatures(app, cases)
    assert granted == entries == notices == FITTING
    assert total == GRANT * FITTING <= budget


def test_approvers_signing_the_same_proposal_at_once_grant_it_once(app):
    case = _proposed_cases(app, 1)[0]
    approvers = _approvers(app, CASES)
    outcomes = fire_at_once(app, [Step(case, "sign_grant", approver) for approver in approvers])
    assert sum(o.succeeded for o in outcomes) == 1
    for outcome in outcomes:
        assert outcome.succeeded or "ist im Status „Bewilligt“ nicht möglich" in outcome.refusal, outcome.refusal
    assert _signatures(app, [case]) == (1, 1, 1, GRANT)


def test_negative_control_without_the_budget_guard_the_race_over_commits(app, monkeypatch):
    monkeypatch.setattr(guards, "budget_problem", lambda ctx, amount: None)
    cases, budget, outcomes = _race_for_the_budget(app)
    granted, entries, notices, total = _signatures(app, cases)
    assert granted == CASES, "without the guard every signature goes through"
    assert total > budget, "… and the budget is over-committed: the positive test can fail"


def _load_without_lock(session, model, row_id):
    return session.get(model, row_id, populate_existing=True)


def test_negative_control_without_the_lock_the_race_over_commits(app, monkeypatch):
    """Without ``lock_row`` every approver reads the same, still empty, ledger and signs.

    A second barrier inside the budget check holds each thread until all have
    checked, so the race is lost every time instead of only now and then.
    """
    monkeypatch.setattr(transitions, "lock_row", _load_without_lock)
    monkeypatch.setattr(guards, "lock_row", _load_without_lock)
    monkeypatch.setattr(guards, "budget_problem", all_wait_after(guards.budget_problem, CASES))
    cases, budget, outcomes = _race_for_the_budget(app)
    granted, entries, notices, total = _signatures(app, cases)
    assert granted == CASES
    assert total > budget


@pytest.mark.postgres_only
def test_a_signature_waits_while_another_transaction_holds_the_programme_row(app):
    """On PostgreSQL the ledger lock is the programme row (SELECT … FOR UPDATE), whatever case is signed."""
    case = _proposed_cases(app, 1)[0]
    with app.app_context():
        programme_id = programme().id
        engine = db.engine
    blocker = engine.connect()
    transaction = blocker.begin()
    blocker.execute(select(Programme.id).where(Programme.id == programme_id).with_for_update())
    signing = threading.Thread(target=lambda: fire_at_once(app, [Step(case, "sign_grant", "zeichnung")]))
    signing.start()
    signing.join(1.0)
    assert signing.is_alive(), "the signature must wait for the programme row"
    transaction.commit()
    blocker.close()
    signing.join(30)
    assert not signing.is_alive()
    assert _signatures(app, [case]) == (1, 1, 1, GRANT)

"""The ledger's identities hold after any sequence of payments, changes, revocations, receipts and time passing.

Hypothesis draws the sequences; each runs on a case of its own through the real transitions. After every step:
granted ≥ 0; paid = Σ executed payments, in the years they were executed; what the case keeps (paid − claimed) never
exceeds the grant; and for every claim open = principal + costs + interest − received, with each receipt split
costs → interest → principal and nothing received beyond what was owed.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from factories import programme
from post_award_steps import (
    proposed_change,
    case,
    enter_sample_base_rates,
    executed,
    final_case,
    on,
    ordered,
    proposed_revocation,
    start,
    step,
)
from workflow.money import budget_years
from workflow import clock as app_clock
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.formatting import date_de
from workflow.models import Application, Procedure
from workflow.operations.base_rates import add_rate
from workflow.workflows.post_award.accounts import CENT, ZERO, case_money
from workflow.workflows.post_award.claims import claim_balance
from workflow.workflows.post_award.payments import requestable_on

ANY_STEP = st.one_of(
    st.tuples(st.just("pay"), st.integers(1, 100)),
    st.tuples(st.just("revoke"), st.integers(1, 100)),
    st.tuples(st.just("change"), st.integers(0, 400)),
    st.tuples(st.just("receive"), st.integers(1, 120)),
    st.tuples(st.just("wait"), st.integers(1, 60)),
)
# Random steps around a spine that reaches a claim: money paid, most of the grant revoked, something received.
STEPS = st.builds(
    lambda pay, before, revoke, receive, after: [pay, *before, revoke, receive, *after],
    st.tuples(st.just("pay"), st.integers(1, 100)),
    st.lists(ANY_STEP, max_size=3),
    st.tuples(st.just("revoke"), st.integers(90, 100)),
    st.tuples(st.just("receive"), st.integers(1, 120)),
    st.lists(ANY_STEP, max_size=3),
)


def _share(amount: Decimal, percent: int) -> Decimal:
    return max((amount * percent / 100).quantize(CENT), Decimal("0.01"))


def _pay(application_id: int, clerk: str, percent: int) -> bool:
    limit = requestable_on(db.session, case(application_id), app_clock.today())
    if limit <= 0:
        return False
    executed(ordered(application_id, clerk, str(_share(limit, percent))))
    return True


def _revoke(application_id: int, percent: int) -> bool:
    granted = case(application_id).granted_amount
    if granted <= 0:
        return False
    revocation = proposed_revocation(
        application_id,
        revoked=str(_share(granted, percent)),
        effective_from=date_de(app_clock.today()),
        comment="Zweckverfehlung.",
    )
    name = (
        "sign_revocation"
        if (db.session.get(Procedure, revocation).amount or ZERO) > 0
        else "sign_revocation_without_claim"
    )
    step(application_id, revocation, name, "zeichnung")
    return name == "sign_revocation"


def _change(application_id: int, clerk: str, days_back: int) -> bool:
    """The position's employment ended ``days_back`` days ago (within its funded period): an Änderungsbescheid that
    may demand part of the money back."""
    ruling = case(application_id).signed_proposal.rulings[0]
    end = max(ruling.funding_start, min(app_clock.today() - timedelta(days=days_back), ruling.funding_end))
    change = start(application_id, "change", "report_change", clerk, position="1", kind="end", start=date_de(end))
    proposed_change(application_id, change, comment="Beschäftigung beendet.")
    step(application_id, change, "sign_change", "zeichnung")
    return True


def _receive(application_id: int, percent: int) -> bool:
    claims = [
        p for p in case(application_id).procedures if p.kind == "claim" and p.state not in ("settled", "remitted")
    ]
    if not claims:
        return False
    claim = claims[0]
    owed = claim_balance(db.session, claim, app_clock.today()).open
    amount = min(_share(owed, percent), owed)
    try:
        step(
            application_id,
            claim.id,
            "book_receipt",
            "pruefung.sued",
            received_on=date_de(app_clock.today()),
            amount=str(amount),
        )
    except TransitionRefused as refusal:
        assert percent > 100 or amount <= 0, refusal.message
        return False
    return True


def _check_identities(application_id: int) -> None:
    db.session.expire_all()
    application = case(application_id)
    money = case_money(db.session, application)
    assert money.granted >= 0
    executed_sum = db.session.scalar(
        select(func.coalesce(func.sum(Procedure.amount), 0)).where(
            Procedure.application_id == application_id, Procedure.kind == "payment", Procedure.state == "executed"
        )
    )
    assert money.paid == Decimal(executed_sum).quantize(CENT)
    assert money.paid - money.claimed <= money.granted
    for claim in (p for p in application.procedures if p.kind == "claim"):
        balance = claim_balance(db.session, claim, app_clock.today())
        assert balance.open == balance.principal + balance.costs + balance.interest - balance.received
        assert balance.open >= 0 and balance.received == sum((r.amount for r in claim.receipts), ZERO)
        assert balance.paid_principal == sum((r.to_principal for r in claim.receipts), ZERO)
        assert all(r.to_costs + r.to_interest + r.to_principal == r.amount for r in claim.receipts)
        assert (claim.state == "settled") == (balance.open == 0 and bool(claim.receipts))


def _check_years() -> None:
    programme_paid = db.session.scalar(
        select(func.coalesce(func.sum(Procedure.amount), 0))
        .join(Application, Application.id == Procedure.application_id)
        .where(Application.programme_id == programme().id, Procedure.kind == "payment", Procedure.state == "executed")
    )
    assert sum((row.paid for row in budget_years.figures_by_year(db.session, programme())), ZERO) == Decimal(
        programme_paid
    ).quantize(CENT)


def test_the_ledger_identities_hold_after_any_sequence_of_steps(app, clock):
    with app.app_context():
        enter_sample_base_rates()
        for valid_from in (date(2028, 7, 1), date(2029, 1, 1), date(2029, 7, 1)):
            add_rate(db.session, valid_from, Decimal("2.00"), "Testwert", "test")

    # Derandomized: the same sequences on every run, so CI never turns red by chance; to explore, run it locally
    # with derandomize=False and more examples.
    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(STEPS)
    def run(steps):
        on(clock, "2026-11-25")  # each example's case is decided before its payments, whatever the last one did
        application_id, clerk = final_case(app)
        with app.app_context():
            on(clock, "2027-03-01")
            for kind, number in steps:
                if kind == "pay":
                    done = _pay(application_id, clerk, number)
                elif kind == "change":
                    done = _change(application_id, clerk, number)
                elif kind == "revoke":
                    done = _revoke(application_id, number)
                elif kind == "receive":
                    done = _receive(application_id, number)
                else:
                    on(clock, (app_clock.today() + timedelta(days=number)).isoformat())
                    done = True
                if done:
                    taken.add(kind)
                _check_identities(application_id)
            _check_years()

    taken: set[str] = set()
    run()
    kinds = {"pay", "change", "revoke", "receive", "wait"}
    assert taken == kinds, f"the sequences never reached: {taken ^ kinds}"

"""The ledger's identities hold after any sequence of payments, changes, revocations, instalment plans, receipts and
time passing.

Hypothesis draws the sequences; each runs on a case of its own through the real transitions – of staff positions
(a change ends the employment) and of a cost plan (a change lowers the expected costs). After every step:
granted ≥ 0; paid = Σ executed payments, in the years they were executed; what the case keeps (paid − claimed) never
exceeds the grant; and for every claim open = principal + costs + interest − received, with each receipt split
costs → interest → principal and nothing received beyond what was owed; a plan's instalments count what was received
since it was signed, in order, never more than its total.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_UP, Decimal

import pytest
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
from workflow.workflows.post_award.declaration import PLANNABLE
from workflow.workflows.post_award.instalments import plan_of
from workflow.workflows.post_award.payments import requestable_on

ANY_STEP = st.one_of(
    st.tuples(st.just("pay"), st.integers(1, 100)),
    st.tuples(st.just("revoke"), st.integers(1, 100)),
    st.tuples(st.just("change"), st.integers(0, 400)),
    st.tuples(st.just("receive"), st.integers(1, 120)),
    st.tuples(st.just("instalments"), st.integers(2, 6)),
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


def _pay_costs(application_id: int, clerk: str, percent: int) -> bool:
    """A Mittelabruf of a cost plan: ``percent`` of what is open, for eligible expenses of which it is 60 %."""
    limit = requestable_on(db.session, case(application_id), app_clock.today())
    if limit <= 0:
        return False
    amount = _share(limit, percent)
    expected = (amount / Decimal("0.6")).quantize(CENT, rounding=ROUND_UP)
    payment = start(application_id, "payment", "request_payment", clerk, amount=str(amount), expected=str(expected))
    step(application_id, payment, "check_payment", "pruefung.sued")
    step(application_id, payment, "order_payment", "zeichnung")
    executed(payment)
    return True


def _change_costs(application_id: int, clerk: str, percent: int) -> bool:
    """Since today every cost group of the plan in force is expected ``percent`` % lower: an Änderungsbescheid that
    lowers the grant by Nr. 2 and may demand part of the money back (0 % or more than 100 %: the report is refused)."""
    rulings = case(application_id).signed_proposal.rulings
    costs: dict[str, Decimal] = {}
    for ruling in rulings:
        group = ruling.position.details["group"]
        costs[group] = costs.get(group, ZERO) + ruling.amount * (100 - percent) / 100
    try:
        change = start(
            application_id,
            "change",
            "report_change",
            clerk,
            costs={group: str(amount.quantize(CENT)) for group, amount in costs.items()},
            own_funds="12000.00",
            third_party_funds="4000.00",
            changed_on=date_de(app_clock.today()),
            explanation="Geringere Ausgaben.",
        )
        proposed_change(application_id, change, comment="")
    except TransitionRefused as refusal:
        assert refusal.status == 422, refusal.message
        db.session.rollback()
        return False
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


def _instalments(application_id: int, count: int) -> bool:
    """The first claim that may be planned is paid in ``count`` monthly instalments, the first in a month."""
    claims = [p for p in case(application_id).procedures if p.kind == "claim" and p.state in PLANNABLE]
    if not claims:
        return False
    first_due = date_de(app_clock.today() + timedelta(days=30))
    step(
        application_id,
        claims[0].id,
        "propose_instalments",
        "pruefung.sued",
        count=str(count),
        first_due=first_due,
        interval_months="1",
        comment="Erhebliche Härte.",
    )
    step(application_id, claims[0].id, "sign_instalments", "zeichnung")
    return True


def _check_plan(claim: Procedure) -> None:
    plan = plan_of(claim)
    if plan is None:
        return
    since = sum((r.amount for r in claim.receipts if r.id not in claim.data["instalments"]["receipts_before"]), ZERO)
    assert sum((i.amount for i in plan.instalments), ZERO) == plan.total
    assert plan.received == min(since, plan.total)
    # In order: no instalment is paid on while an earlier one is still open.
    assert all(later.paid == 0 or earlier.open == 0 for earlier, later in zip(plan.instalments, plan.instalments[1:]))


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
        _check_plan(claim)


def _check_years(code: str) -> None:
    programme_paid = db.session.scalar(
        select(func.coalesce(func.sum(Procedure.amount), 0))
        .join(Application, Application.id == Procedure.application_id)
        .where(
            Application.programme_id == programme(code).id, Procedure.kind == "payment", Procedure.state == "executed"
        )
    )
    assert sum((row.paid for row in budget_years.figures_by_year(db.session, programme(code))), ZERO) == Decimal(
        programme_paid
    ).quantize(CENT)


# The two shapes: how money is called and what a change reports.
SHAPES = {"integrationsmanagement": (_pay, _change), "teilhabe": (_pay_costs, _change_costs)}


@pytest.mark.parametrize("code", SHAPES)
def test_the_ledger_identities_hold_after_any_sequence_of_steps(app, clock, code):
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
        application_id, clerk = final_case(app, code=code)
        pay, change = SHAPES[code]
        with app.app_context():
            on(clock, "2027-03-01")
            for kind, number in steps:
                if kind == "pay":
                    done = pay(application_id, clerk, number)
                elif kind == "change":
                    done = change(application_id, clerk, number)
                elif kind == "revoke":
                    done = _revoke(application_id, number)
                elif kind == "receive":
                    done = _receive(application_id, number)
                elif kind == "instalments":
                    done = _instalments(application_id, number)
                else:
                    on(clock, (app_clock.today() + timedelta(days=number)).isoformat())
                    done = True
                if done:
                    taken.add(kind)
                _check_identities(application_id)
            _check_years(code)

    taken: set[str] = set()
    run()
    kinds = {"pay", "change", "revoke", "receive", "instalments", "wait"}
    assert taken == kinds, f"the sequences never reached: {taken ^ kinds}"

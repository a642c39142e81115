"""Two people press „Mittel abrufen“ or „Auszahlung anordnen“ at the same second: never more is paid than granted.

Each step holds its case's lock while it reads what is paid and on its way (``accounts.case_money``); the negative
control without the guard lets both pass. (Without ``lock_row`` the second step still fails: both would append to
the case's audit chain after the same entry, which the chain refuses.)
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from concurrency import Step, fire_at_once
from post_award_steps import final_case, on, start, step
from workflow.db import db
from workflow.models import Procedure
from workflow.workflows.post_award.staff import StaffPositionsAfterGrant

FULL_REQUEST = {"amount": "7330.56"}  # all that is due within three months of 01.03.2027


def _two_requests_at_once(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
    steps = [Step(application_id, "request_payment", clerk, FULL_REQUEST, new_procedure="payment") for _ in range(2)]
    outcomes = fire_at_once(app, steps)
    with app.app_context():
        requested = db.session.scalar(
            select(func.coalesce(func.sum(Procedure.amount), 0)).where(
                Procedure.application_id == application_id, Procedure.kind == "payment"
            )
        )
    return outcomes, Decimal(requested)


def test_two_requests_at_the_same_second_pass_once(app, clock):
    outcomes, requested = _two_requests_at_once(app, clock)
    assert sorted(outcome.succeeded for outcome in outcomes) == [False, True]
    assert "höchstens 0,00" in next(outcome.refusal for outcome in outcomes if not outcome.succeeded)
    assert requested == Decimal("7330.56")


def test_negative_control_without_the_guard_both_requests_pass(app, clock, monkeypatch):
    # The limit is the programme's (staff positions: what the months earn); without it every request fits the grant.
    monkeypatch.setattr(StaffPositionsAfterGrant, "payment_limit", lambda *args: Decimal("58000.00"))
    outcomes, requested = _two_requests_at_once(app, clock)
    assert all(outcome.succeeded for outcome in outcomes), [outcome.refusal for outcome in outcomes]
    assert requested == Decimal("14661.12"), "twice what was due: the positive test can fail"


def test_two_approvers_ordering_one_payment_at_once_order_it_once(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        payment = start(application_id, "payment", "request_payment", clerk, amount="5000.00")
        step(application_id, payment, "check_payment", "pruefung.sued")
    outcomes = fire_at_once(
        app,
        [
            Step(application_id, "order_payment", "zeichnung", procedure_id=payment),
            Step(application_id, "order_payment", "zeichnung", procedure_id=payment),
        ],
    )
    assert sorted(outcome.succeeded for outcome in outcomes) == [False, True]

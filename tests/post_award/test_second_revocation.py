"""A second Widerruf revokes only what the first left, and claims only what the first did not (hand-computed figures).

Granted 58.000 €, paid 5.000 € on 01.03.2027. The first Widerruf revokes 54.000 €: 4.000 € stay granted, 1.000 € are
claimed. A second one revokes 3.000 € more: 1.000 € stay granted, so of the 5.000 € paid 4.000 € are owed in all, of
which the first claim holds 1.000 €: the second claims 3.000 € — not 4.000 € again.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from post_award_steps import case, on, paid_case, procedure, proposed_revocation, step
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.workflows.post_award.accounts import case_money

D = Decimal


def _revoke(application_id: int, amount: str, sign: str = "sign_revocation") -> int:
    revocation = proposed_revocation(
        application_id, revoked=amount, effective_from="01.03.2027", comment="Die Stelle war nicht besetzt."
    )
    step(application_id, revocation, sign, "zeichnung")
    return revocation


def test_a_second_revocation_claims_only_what_the_first_left(app, clock):
    application_id, _ = paid_case(app, clock)
    with app.app_context():
        on(clock, "2027-09-15")
        first = _revoke(application_id, "54000.00")
        assert (procedure(first).amount, case(application_id).granted_amount) == (D("1000.00"), D("4000.00"))
        second = _revoke(application_id, "3000.00")
        assert procedure(second).amount == D("3000.00")
        assert case(application_id).granted_amount == D("1000.00")
        money = case_money(db.session, case(application_id))
        assert (money.granted, money.paid, money.claimed) == (D("1000.00"), D("5000.00"), D("4000.00"))
        assert money.paid - money.claimed == money.granted


def test_a_revocation_beyond_what_remains_granted_is_refused(app, clock):
    application_id, _ = paid_case(app, clock)
    with app.app_context():
        on(clock, "2027-09-15")
        _revoke(application_id, "54000.00")
        with pytest.raises(TransitionRefused, match="höchstens .*4.000,00"):
            proposed_revocation(
                application_id, revoked="4000.01", effective_from="01.03.2027", comment="Nicht besetzt."
            )
        assert case(application_id).granted_amount == D("4000.00")


def test_only_one_revocation_awaits_signature_at_a_time(app, clock):
    """Two proposed side by side, each within the grant, would together revoke more than was granted."""
    application_id, _ = paid_case(app, clock)
    with app.app_context():
        on(clock, "2027-09-15")
        first = proposed_revocation(
            application_id, revoked="40000.00", effective_from="01.03.2027", comment="Nicht besetzt."
        )
        with pytest.raises(TransitionRefused, match="bereits einen offenen"):
            proposed_revocation(
                application_id, revoked="40000.00", effective_from="01.03.2027", comment="Nicht besetzt."
            )
        step(application_id, first, "sign_revocation_without_claim", "zeichnung")
        assert case(application_id).granted_amount == D("18000.00")

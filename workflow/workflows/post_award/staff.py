"""After the grant of staff positions: money is earned month by month, the proof of use is given per position.

The programmes that fund staff positions take these hooks into their rules (``class …Rules(StaffPositionsAfterGrant,
ProgrammeRules)``); the post-award procedures ask the rules, never the shape of the measures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Optional

from dateutil.relativedelta import relativedelta

from workflow.formatting import euro
from workflow.workflows.post_award import proof, staff_changes
from workflow.workflows.post_award.accounts import ZERO, end_of_half_year
from workflow.workflows.post_award.funding import funded_until


# How far ahead the recipient's task looks for the next month with money to call.
LOOKAHEAD_MONTHS = 60


class StaffPositionsAfterGrant:
    """A Mittelabruf up to what the positions earn within the programme's horizon; the proof of use per position."""

    payment_form = "payment_request"
    proof_form = "proof_of_use"
    settles_proof = False
    change_form = "change_report"
    change_description = (
        "Die Kommune zeigt eine Änderung einer Stelle an: neue Person, anderer Stellenumfang, späterer Beginn, Ende "
        "oder Vakanz."
    )
    change_letter_sample = staff_changes.LETTER_SAMPLE

    def payment_limit(self, session, settings, application, day: date, money) -> Decimal:
        """Funded months up to ``payment_horizon_months`` ahead at the granted monthly amounts, less what is paid or on
        its way, never more than is open of the grant."""
        horizon = day + relativedelta(months=settings.payment_horizon_months)
        due = funded_until(application, horizon) - money.paid - money.pending
        return max(min(due, money.open_to_pay), ZERO)

    def payment_problem(
        self, session, settings, application, day: date, money, amount: Decimal, payload: dict[str, Any]
    ) -> Optional[str]:
        limit = self.payment_limit(session, settings, application, day, money)
        if amount > limit:
            return (
                f"Abgerufen werden können derzeit höchstens {euro(limit)}: bewilligt, noch nicht ausgezahlt und in "
                f"den nächsten {settings.payment_horizon_months} Monaten fällig."
            )
        return None

    def payment_hint(self, settings) -> str:
        return f"bewilligt, noch nicht ausgezahlt und in den nächsten {settings.payment_horizon_months} Monaten fällig"

    def next_payment_day(self, settings, application, money, today: date) -> Optional[date]:
        """The first of a month from which something becomes requestable; the funding is known, so no query is needed."""
        horizon = settings.payment_horizon_months
        for months in range(1, LOOKAHEAD_MONTHS + 1):
            day = (today + relativedelta(months=months)).replace(day=1)
            if funded_until(application, day + relativedelta(months=horizon)) - money.paid - money.pending > ZERO:
                return day
        return None

    def scheduled_instalment(self, session, settings, application, day: date, money) -> Decimal:
        """By schedule: what the positions earn up to the end of the current half-year, less paid and on its way."""
        due = funded_until(application, end_of_half_year(day)) - money.paid - money.pending
        return max(min(due, money.open_to_pay), ZERO)

    def proof_content(self, session, settings, application, payload: dict[str, Any]) -> dict[str, Any]:
        return {"positions": proof.position_rows(session, application, payload)}

    def proof_settlement(self, settings, application, proof_data: dict[str, Any], paid: Decimal):
        return None

    def change_content(self, session, settings, application, payload: dict[str, Any]):
        return staff_changes.change_content(application, payload)

    def changed_decision(self, session, settings, application, change: dict[str, Any], payload: dict[str, Any]):
        return staff_changes.changed_decision(application, change)

    def change_letter(self, session, settings, application, procedure) -> dict[str, Any]:
        return staff_changes.change_letter(application, procedure)

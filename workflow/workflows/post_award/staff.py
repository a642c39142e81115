"""After the grant of staff positions: money is earned month by month, the proof of use is given per position.

The programmes that fund staff positions take these hooks into their rules (``class …Rules(StaffPositionsAfterGrant,
ProgrammeRules)``); the post-award procedures ask the rules, never the shape of the measures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Optional

from dateutil.relativedelta import relativedelta

from sqlalchemy.orm import object_session

from workflow.formatting import euro
from workflow.workflows.post_award import proof_positions, staff_changes, staff_settlement
from workflow.workflows.post_award.accounts import ZERO, case_money, end_of_half_year
from workflow.workflows.post_award.funding import funded, funded_until, runs


# How far ahead the recipient's task looks for the next month with money to call.
LOOKAHEAD_MONTHS = 60


class StaffPositionsAfterGrant:
    """A Mittelabruf up to what the positions earn within the programme's horizon; the proof of use per position."""

    payment_form = "payment_request"
    proof_form = "proof_of_use"
    settles_proof = True
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
        return {"positions": proof_positions.position_rows(session, application, payload)}

    def proof_settlement(self, settings, application, proof_data: dict[str, Any], paid: Decimal):
        """The Schlussfestsetzung per position (``staff_settlement``): months staffed, costs below the Festbetrag."""
        if "positions" not in proof_data:
            return None
        money = case_money(object_session(application), application)
        return staff_settlement.settle(application, proof_data, money.granted, paid, money.claimed)

    def proof_uses(self, settings, application, proof_data: dict[str, Any]) -> list[tuple[date, Decimal]]:
        """Each staffed month's Festbetrag is used on that month's last day, the Zahltag of § 24 Abs. 1 Satz 2 TVöD
        (https://dbb.de/lexikon/themenartikel/f/faelligkeit-des-entgelts.html); a position uses no more than its
        final amount (lower personnel costs use less, the latest months last)."""
        uses: dict[date, Decimal] = {}
        for number, row in zip(staff_settlement.granted_numbers(application), proof_data.get("positions", [])):
            monthly, position_runs = runs(application, number)
            staffed = staff_settlement.staffed_runs(position_runs, staff_settlement.vacancies_of(row))
            limit = Decimal(row["costs"]) if row.get("costs") else None
            before, month_end = ZERO, staffed[0].start
            while month_end <= staffed[-1].end:
                month_end = min(month_end + relativedelta(day=31), staffed[-1].end)
                upto = funded(monthly, staffed, month_end).quantize(Decimal("0.01"))
                amount = upto - before if limit is None else min(upto, limit) - min(before, limit)
                if amount > 0:
                    payday = month_end + relativedelta(day=31)
                    uses[payday] = uses.get(payday, ZERO) + amount
                before, month_end = upto, month_end + relativedelta(days=1)
        return sorted(uses.items())

    def change_content(self, session, settings, application, payload: dict[str, Any]):
        return staff_changes.change_content(application, payload)

    def changed_decision(self, session, settings, application, change: dict[str, Any], payload: dict[str, Any]):
        return staff_changes.changed_decision(application, change)

    def change_letter(self, session, settings, application, procedure) -> dict[str, Any]:
        return staff_changes.change_letter(application, procedure)

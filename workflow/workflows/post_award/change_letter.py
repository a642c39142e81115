"""What the Anhörung before an Änderungsbescheid and the Änderungsbescheid itself say, and what a reviewer sees.

The programme's rule gives its part (positions, cost plan: ``ProgrammeRules.change_letter``); this adds the grant
before and after, the repayment and the payments it comes from, the hearing with every answer dealt with, and the
discretion exercised for the case.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from workflow.engine.context import TransitionContext
from workflow.engine.programmes import case_settings, definition_for
from workflow.formatting import date_de, euro
from workflow.models import Procedure
from workflow.workflows.post_award import hearing, revocation
from workflow.workflows.post_award.accounts import SAMPLE_REPAYMENT_ACCOUNT, case_money
from workflow.workflows.post_award.payments import executed_on


def facts(procedure) -> list[tuple[str, str]]:
    data = procedure.data
    found = [tuple(line) for line in data.get("described", [])]
    if "after_total" in data:
        found.append(
            ("Zuwendung", f"bisher {euro(Decimal(data['before_total']))}, neu {euro(Decimal(data['after_total']))}")
        )
    if Decimal(data.get("principal", "0")) > 0:
        found.append(("Zu erstatten", euro(Decimal(data["principal"]))))
    if data.get("due_on"):
        found.append(
            (
                "Fällig",
                f"{date_de(date.fromisoformat(data['due_on']))}, Zinsen bis dahin "
                f"{euro(Decimal(data['interest_to_due']))}",
            )
        )
    return found + hearing.facts(data)


def _repayment_from(ctx: TransitionContext) -> list[dict[str, str]]:
    """The payments the repayment comes from, latest executed first, each with the part claimed and its first day of
    interest (§ 49a Abs. 3 LVwVfG)."""
    found = []
    for part, start, payment_id in revocation.repayment_portions(ctx):
        payment = ctx.session.get(Procedure, payment_id)
        found.append(
            {
                "paid_on": date_de(executed_on(payment)),
                "payment": euro(payment.amount),
                "part": euro(part),
                "interest_from": date_de(start),
            }
        )
    return found


def letter(ctx: TransitionContext) -> dict[str, Any]:
    data = ctx.procedure.data
    if "change" not in data:
        return {}
    application = ctx.application
    money = case_money(ctx.session, application)
    after = Decimal(data.get("after_total", money.granted))
    decided = revocation.first_decision_day(application)
    principal = Decimal(data.get("principal", "0"))
    rules = definition_for(application.programme.code).rules
    found = {
        **rules.change_letter(ctx.session, case_settings(application), application, ctx.procedure),
        "reported_on": date_de(ctx.procedure.created_at),
        "calculation": data.get("calculation", ""),
        "before_total": euro(Decimal(data.get("before_total", after))),
        "after_total": euro(after),
        "reduction": euro(Decimal(data.get("reduction", "0"))),
        "adverse": Decimal(data.get("reduction", "0")) > 0,
        "paid": euro(money.paid),
        "repay": euro(principal),
        "must_repay": principal > 0,
        "repayment_from": _repayment_from(ctx) if principal > 0 else [],
        "decision_date": date_de(decided) if decided else "",
        "effective_from": date_de(date.fromisoformat(data["effective_from"])) if data.get("effective_from") else "",
        **hearing.hearing_letter(data),
        **revocation.discretion_letter(data),
    }
    return {**found, **revocation.repayment_letter(ctx)} if data.get("due_on") else found


# The procedure's own keys; each shape adds its own (``ProgrammeRules.change_letter_sample``).
LETTER_SAMPLE = {
    "reported_on": "06.09.2027",
    "calculation": "Festbetrag je Monat laut Zuwendungsbescheid 2.416,67 €; nach der Änderung ergibt sich für die Stelle "
    "2.416,67 € statt 58.000,00 €, also 55.583,33 € weniger.",
    "before_total": "58.000,00 €",
    "after_total": "2.416,67 €",
    "reduction": "55.583,33 €",
    "adverse": True,
    "paid": "14.000,00 €",
    "repay": "11.583,33 €",
    "must_repay": True,
    "repayment_from": [
        {"paid_on": "01.06.2027", "payment": "9.000,00 €", "part": "9.000,00 €", "interest_from": "01.06.2027"},
        {"paid_on": "01.03.2027", "payment": "5.000,00 €", "part": "2.583,33 €", "interest_from": "01.04.2027"},
    ],
    "decision_date": "01.02.2027",
    "effective_from": "01.04.2027",
    **hearing.LETTER_SAMPLE,
    "reliance": ["Die Kommune wusste aus dem Bescheid, dass nur besetzte Monate gefördert werden."],
    "extent": ["Gefordert wird nur der Festbetrag der Monate nach dem Ende der Beschäftigung."],
    "timing": ["Die Änderung wirkt ab dem Tag nach dem Ende der Beschäftigung."],
    "due_on": "11.10.2027",
    "interest": "305,90 €",
    "total": "11.889,23 €",
    "interest_rows": [
        {
            "principal": "9.000,00 €",
            "period": "01.06.2027 – 30.06.2027",
            "days": 30,
            "year_days": 365,
            "base_rate": "1,27\u00a0%",
            "rate": "6,27\u00a0%",
            "interest": "46,38 €",
        }
    ],
    "account": SAMPLE_REPAYMENT_ACCOUNT,
    "daily_after_due": "2,15 €",
}

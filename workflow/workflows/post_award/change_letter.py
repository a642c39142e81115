"""What the Anhörung before an Änderungsbescheid and the Änderungsbescheid itself say, and what a reviewer sees.

The hearing reads the decision as intended (the rulings in force beside the changed ones, the grant after it, the
repayment and the payments it comes from, the day it takes effect); the Bescheid reads its proposal, the hearing and
every answer dealt with, and the discretion exercised for the case.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from workflow.engine.context import TransitionContext
from workflow.formatting import date_de, euro, fte as fte_de
from workflow.models import Procedure, Proposal
from workflow.models.application import REFUSED
from workflow.workflows.post_award import hearing, revocation
from workflow.workflows.post_award.accounts import SAMPLE_REPAYMENT_ACCOUNT, case_money
from workflow.workflows.post_award.changes import CHANGE_LABELS, intended_rulings
from workflow.workflows.post_award.funding import END, Change
from workflow.workflows.post_award.payments import executed_on


def facts(procedure) -> list[tuple[str, str]]:
    data = procedure.data
    if "change" not in data:
        return []
    change = Change.from_stored(data["change"])
    found = [
        ("Angezeigte Änderung", f"Stelle {change.position_number}: {CHANGE_LABELS[change.kind]} – {change.describe()}")
    ]
    if "after_total" in data:
        found.append(
            ("Zuwendung", f"bisher {euro(Decimal(data['before_total']))}, neu {euro(Decimal(data['after_total']))}")
        )
    else:  # reported: what the change does to the position, before the reviewer hears or proposes
        ruling, values = intended_rulings(procedure.application, change)[change.position_number - 1]
        found.append(
            (
                f"Stelle {change.position_number} nach der Änderung",
                f"{euro(values['amount'])} statt {euro(ruling.amount)}",
            )
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


def _row(number: int, old, new: dict[str, Any], changed: bool) -> dict[str, Any]:
    granted = new["outcome"] != REFUSED
    return {
        "number": number,
        "person_name": old.position.person_name,
        "period": f"{date_de(new['funding_start'])} – {date_de(new['funding_end'])}" if granted else "–",
        "fte": fte_de(new["fte"]),
        "before": euro(old.amount),
        "after": euro(new["amount"]),
        "changed": changed,
    }


def _values(ruling) -> dict[str, Any]:
    return {
        "fte": ruling.fte,
        "funding_start": ruling.funding_start,
        "funding_end": ruling.funding_end,
        "amount": ruling.amount,
        "outcome": ruling.outcome,
    }


def _rows(ctx: TransitionContext, change: Change) -> list[dict[str, Any]]:
    """Each position before and after: from this change's proposal once there is one, else as intended (hearing)."""
    decisions = [
        p
        for p in ctx.application.proposals
        if p.status == Proposal.SIGNED or (p.procedure_id == ctx.procedure.id and p.status != Proposal.RETURNED)
    ]
    if not decisions or decisions[-1].procedure_id != ctx.procedure.id:
        pairs = intended_rulings(ctx.application, change)
    else:
        previous = decisions[-2] if len(decisions) >= 2 else decisions[-1]
        pairs = [(previous.rulings[index], _values(ruling)) for index, ruling in enumerate(decisions[-1].rulings)]
    return [
        _row(number, old, new, number == change.position_number) for number, (old, new) in enumerate(pairs, start=1)
    ]


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
    change = Change.from_stored(data["change"])
    money = case_money(ctx.session, ctx.application)
    after = Decimal(data.get("after_total", money.granted))
    decided = revocation.first_decision_day(ctx.application)
    principal = Decimal(data.get("principal", "0"))
    found = {
        "change": change.describe(),
        "change_kind": CHANGE_LABELS[change.kind],
        "position_number": change.position_number,
        "reported_on": date_de(ctx.procedure.created_at),
        "rows": _rows(ctx, change),
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


LETTER_SAMPLE = {
    "change": "Ende der Beschäftigung zum 31.03.2027",
    "change_kind": CHANGE_LABELS[END],
    "position_number": 1,
    "reported_on": "06.09.2027",
    "calculation": "Festbetrag je Monat laut Zuwendungsbescheid 2.416,67 €; nach der Änderung ergibt sich für die Stelle "
    "2.416,67 € statt 58.000,00 €, also 55.583,33 € weniger.",
    "rows": [
        {
            "number": 1,
            "person_name": "Erika Beispiel",
            "period": "01.03.2027 – 31.03.2027",
            "fte": "0,50",
            "before": "58.000,00 €",
            "after": "2.416,67 €",
            "changed": True,
        }
    ],
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

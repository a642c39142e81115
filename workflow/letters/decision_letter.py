"""A decision as the letters state it: the granted positions as a table, reduced and refused ones with reasons.

Bewilligungszeitraum and the due date of the proof of use follow from the
granted positions only; the forwarding clause (Weiterleitung an Dritte) only
appears when a granted position is at a third party.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from workflow import deadlines, formatting
from workflow.measures.staff_positions import months_between
from workflow.letters.summary import measure_values

CENT = Decimal("0.01")


def _monthly(amount: Decimal, start, end) -> str:
    months = months_between(start, end) if start and end else None
    return formatting.euro((amount / months).quantize(CENT, rounding=ROUND_HALF_UP)) if months else ""


def _requested(position) -> dict[str, str]:
    return {
        "requested_fte": formatting.fte(position.fte),
        "requested_start": formatting.date_de(position.funding_start),
        "requested_end": formatting.date_de(position.funding_end),
        "requested_amount": formatting.euro(position.amount),
    }


def decision_context(definition, settings, proposal, proof_of_use_months: int) -> dict[str, Any]:
    """``decision.granted``, ``.reduced``, ``.refused``, ``.forwarded``, ``.period``, ``.total``, ``.proof_of_use_due``;
    ``.capped``, ``.applied_total``, ``.capped_excess`` for a grant held to the cap."""
    if proposal is None:
        return {
            "granted": [],
            "reduced": [],
            "refused": [],
            "forwarded": [],
            "total": "",
            "capped": False,
            "applied_total": "",
            "capped_excess": "",
            "period": {"start": "", "end": ""},
            "proof_of_use_due": "",
        }
    granted, reduced, refused, forwarded = [], [], [], []
    for ruling in proposal.rulings:
        position = ruling.position
        values = measure_values(definition, settings, position.details)
        row = {
            "number": position.sort_order + 1,
            "person_name": position.person_name,
            "reason": ruling.reason,
            **values,
            **_requested(position),
        }
        if not ruling.granted:
            refused.append(row)
            continue
        row.update(
            fte=formatting.fte(ruling.fte),
            start=formatting.date_de(ruling.funding_start),
            end=formatting.date_de(ruling.funding_end),
            amount=formatting.euro(ruling.amount),
            monthly=_monthly(ruling.amount, ruling.funding_start, ruling.funding_end),
        )
        granted.append(row)
        if ruling.outcome == "reduced":
            reduced.append(row)
        provider: Optional[str] = definition.rules.forwarded_to(position.details)
        if provider:
            forwarded.append({"number": row["number"], "person_name": position.person_name, "provider": provider})
    spans = [(r.funding_start, r.funding_end) for r in proposal.rulings if r.granted and r.funding_start]
    start = min((s for s, _ in spans), default=None)
    end = max((e for _, e in spans), default=None)
    return {
        "granted": granted,
        "reduced": reduced,
        "refused": refused,
        "forwarded": forwarded,
        "total": formatting.euro(proposal.amount),
        # A grant held to the cap: the positions as applied, their own sum, and the part above the cap refused.
        "capped": bool(proposal.capped_excess),
        "applied_total": formatting.euro(proposal.applied_total),
        "capped_excess": formatting.euro(proposal.capped_excess),
        "period": {"start": formatting.date_de(start), "end": formatting.date_de(end)},
        "proof_of_use_due": formatting.date_de(
            deadlines.end_of_month_period(end, proof_of_use_months) if end else None
        ),
    }

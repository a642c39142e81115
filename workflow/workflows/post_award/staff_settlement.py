"""The Schlussfestsetzung of staff positions: what each position comes to after its proof of use.

Per position the Bescheid's Festbetrag per month (``funding``: the granted ruling replayed through every signed
change) is cut for every vacancy the proof declares that no Änderungsbescheid cut already; the Festbetrag for the
staffed months is the position's grant. Lower personnel costs reduce it only where they fall below it: the staff
programmes' Bescheide make Nr. 2 ANBest-K apply „mit Maßgabe“ (``measures.staff_positions.
STAFF_CONDITIONS_DEVIATIONS``; a Festbetrag falls only where the eligible expenses fall below it, VV Nr. 2.2.3 zu
§ 44 BHO as the federal model). The final grant is never above the grant in force (a Widerruf may have lowered it).

Each reduction is a part with the day the grant stood reduced (an auflösende Bedingung, § 36 Abs. 2 Nr. 2 LVwVfG):
a vacancy from its first day, lower costs from the end of the position's period (only then are they final). What is
repaid is paired with the payments latest first, each piece bearing interest (§ 49a Abs. 3 LVwVfG) from the later
of that day and the day the money left the Landeskasse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from workflow.formatting import date_de, decimal_de, euro
from workflow.measures.staff_positions import months_between
from workflow.workflows.post_award.accounts import CENT, ZERO
from workflow.workflows.post_award.funding import Run, funded, runs, without_days

VACANCY_REASON, COSTS_REASON = "vacancy", "costs"


@dataclass(frozen=True)
class Part:
    """A reduction of the grant and the first day it takes funding away."""

    amount: Decimal
    effective: date
    reason: str


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def granted_numbers(application) -> list[int]:
    """The numbers (in the decision's order) of the positions granted, as the proof of use lists them."""
    decision = application.signed_proposal
    return [number for number, ruling in enumerate(decision.rulings, start=1) if ruling.granted] if decision else []


def funded_months(position_runs: list[Run]) -> Decimal:
    return sum((months_between(run.start, run.end) for run in position_runs if run.monthly > 0), Decimal(0))


def vacancies_of(row: dict[str, Any]) -> list[tuple[date, date]]:
    return [(date.fromisoformat(first), date.fromisoformat(last)) for first, last in row.get("vacancies", [])]


def staffed_runs(position_runs: list[Run], vacancies: list[tuple[date, date]]) -> list[Run]:
    for first, last in vacancies:
        position_runs = without_days(position_runs, first, last)
    return position_runs


def position_result(application, number: int, ruling, row: dict[str, Any], paid_share: Decimal) -> dict[str, Any]:
    """One position: in force, after the declared vacancies, after the costs rule; and the parts it is cut by."""
    monthly, in_force_runs = runs(application, number)
    in_force = min(_cents(funded(monthly, in_force_runs)), ruling.amount)
    parts, before, current = [], in_force, in_force_runs
    for first, last in sorted(vacancies_of(row)):
        current = without_days(current, first, last)
        after = min(_cents(funded(monthly, current)), ruling.amount)
        if after < before:
            parts.append(Part(before - after, first, VACANCY_REASON))
        before = after
    festbetrag = before
    costs = Decimal(row["costs"]) if row.get("costs") not in (None, "") else None
    final = min(festbetrag, costs) if costs is not None else festbetrag
    if final < festbetrag:
        parts.append(Part(festbetrag - final, in_force_runs[-1].end, COSTS_REASON))
    return {
        "number": row["number"],
        "person_name": row["person_name"],
        "monthly": str(_cents(monthly)),
        "months_in_force": str(funded_months(in_force_runs).quantize(Decimal("0.1"))),
        "months_declared": str(Decimal(row["months"]).quantize(Decimal("0.1"))),
        "in_force": str(in_force),
        "vacancies": row.get("vacancies", []),
        "festbetrag": str(festbetrag),
        "costs": str(costs) if costs is not None else "",
        "final": str(final),
        "received": row["received"],
        "paid_share": str(paid_share),
        "parts": [{"amount": str(p.amount), "effective": p.effective.isoformat(), "reason": p.reason} for p in parts],
    }


def settle(application, proof: dict[str, Any], granted: Decimal, paid: Decimal, claimed: Decimal) -> dict[str, Any]:
    """The final grant of every position and of the case, and what is repaid: of the money paid and not claimed
    already, what exceeds the final grant."""
    decision = application.signed_proposal
    numbers = granted_numbers(application)
    in_force_total = sum((decision.rulings[n - 1].amount for n in numbers), ZERO)
    rows = []
    for number, row in zip(numbers, proof["positions"]):
        ruling = decision.rulings[number - 1]
        share = _cents(paid * ruling.amount / in_force_total) if in_force_total else ZERO
        rows.append(position_result(application, number, ruling, row, share))
    final = min(sum((Decimal(row["final"]) for row in rows), ZERO), granted)
    kept = paid - claimed
    return {
        "kind": "positions",
        "positions": rows,
        "granted": str(granted),
        "final_grant": str(final),
        "paid": str(paid),
        "claimed_before": str(claimed),
        "declared_received": str(sum((Decimal(row["received"]) for row in rows), ZERO)),
        "repayment": str(max(kept - final, ZERO)),
        "outstanding": str(max(final - kept, ZERO)),
    }


def repaid_parts(found: dict[str, Any]) -> list[Part]:
    """The reductions the repayment consists of: the money not paid out is the latest, so it covers the latest
    reductions; what is repaid is the earliest ones."""
    parts = sorted(
        (
            Part(Decimal(p["amount"]), date.fromisoformat(p["effective"]), p["reason"])
            for row in found["positions"]
            for p in row["parts"]
        ),
        key=lambda part: part.effective,
    )
    left, taken = Decimal(found["repayment"]), []
    for part in parts:
        if left <= 0:
            break
        taken.append(Part(min(part.amount, left), part.effective, part.reason))
        left -= taken[-1].amount
    if left > 0 and taken:  # a grant lowered by a Widerruf below the positions' sum: the rest with the latest part
        taken[-1] = Part(taken[-1].amount + left, taken[-1].effective, taken[-1].reason)
    return taken


def portions(parts: list[Part], payments: list[tuple[Decimal, date, int]], skip: Decimal, floor: date) -> list[dict]:
    """The repayment's pieces: the latest parts paired with the latest payments (``payments``: amount, day executed,
    id, latest first; ``skip``: what earlier claims took of them already). Each piece bears interest from the later
    of its part's day (never before ``floor``, the Bescheid) and its payment's day."""
    pieces, queue = [], sorted(parts, key=lambda part: part.effective, reverse=True)
    available = []
    for amount, executed, payment_id in payments:
        taken = min(skip, amount)
        skip -= taken
        if amount - taken > 0:
            available.append([amount - taken, executed, payment_id])
    for part in queue:
        left = part.amount
        while left > 0 and available:
            payment = available[0]
            piece = min(left, payment[0])
            start = max(part.effective, floor, payment[1])
            pieces.append({"amount": str(piece), "start": start.isoformat(), "payment_id": payment[2]})
            left -= piece
            payment[0] -= piece
            if payment[0] <= 0:
                available.pop(0)
    return pieces


def lines(found: dict[str, Any]) -> dict[str, Any]:
    """The figures as the page and the letters show them."""
    positions = []
    for row in found["positions"]:
        vacancies = "; ".join(
            f"{date_de(first)} – {date_de(last)}"
            for first, last in ((date.fromisoformat(a), date.fromisoformat(b)) for a, b in row["vacancies"])
        )
        positions.append(
            {
                "number": row["number"],
                "person_name": row["person_name"],
                "monthly": euro(Decimal(row["monthly"])),
                "months_in_force": decimal_de(Decimal(row["months_in_force"]), 1),
                "months_declared": decimal_de(Decimal(row["months_declared"]), 1),
                "in_force": euro(Decimal(row["in_force"])),
                "vacancies": vacancies or "keine",
                "festbetrag": euro(Decimal(row["festbetrag"])),
                "costs": euro(Decimal(row["costs"])) if row["costs"] else "nicht angegeben",
                "final": euro(Decimal(row["final"])),
                "received": euro(Decimal(row["received"])),
                "paid_share": euro(Decimal(row["paid_share"])),
                "below_costs": bool(row["costs"]) and Decimal(row["costs"]) < Decimal(row["festbetrag"]),
            }
        )
    money = {
        key: euro(Decimal(found[key]))
        for key in ("granted", "final_grant", "paid", "repayment", "outstanding", "declared_received")
    }
    return {
        **money,
        "positions": positions,
        "owes": Decimal(found["repayment"]) > 0,
        "pays_out": Decimal(found["outstanding"]) > 0,
        "lowered": Decimal(found["final_grant"]) < Decimal(found["granted"]),
        "received_matches": Decimal(found["declared_received"]) == Decimal(found["paid"]),
    }

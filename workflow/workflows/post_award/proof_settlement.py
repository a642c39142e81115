"""What the reviewer of a proof of use sees and decides beyond the checklist: the comparison of declared, paid and
granted per position, the Zwischenzinsen the proof yields (§ 49a Abs. 4 LVwVfG, ``interim_interest``) and the
decision whether to demand them, and the pieces of a staff settlement's repayment by payment.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import select

from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings, definition_for
from workflow.formatting import date_de, euro
from workflow.models import Procedure
from workflow.money.interest import InterestError
from workflow.operations.base_rates import percent, rate_history
from workflow.workflows.post_award import interim_interest, revocation, staff_settlement
from workflow.workflows.post_award.accounts import PAID_STATES, PAYMENT, ZERO
from workflow.workflows.post_award.costs import settlement_lines
from workflow.workflows.post_award.payments import executed_on

DEMAND, WAIVE = "demand", "waive"


def _executed_payments(session, application) -> list[Procedure]:
    return sorted(
        session.scalars(
            select(Procedure).where(
                Procedure.application_id == application.id,
                Procedure.kind == PAYMENT,
                Procedure.state.in_(PAID_STATES),
            )
        ).all(),
        key=lambda payment: (executed_on(payment), payment.id),
    )


def interim_found(session, application, proof: dict[str, Any]) -> dict[str, Any]:
    """The Zwischenzinsen the proof's uses of the money yield against the payments as executed (empty: none)."""
    uses = definition_for(application.programme.code).rules.proof_uses(case_settings(application), application, proof)
    if not uses:
        return {}
    payments = [(executed_on(p), p.amount) for p in _executed_payments(session, application)]
    months = case_settings(application).interim_interest_months
    try:
        late = interim_interest.late_uses(payments, uses, months, rate_history(session))
    except InterestError as error:  # a Basiszinssatz not yet entered: the reviewer cannot decide yet
        return {"interim_unknown": str(error)}
    if not late:
        return {}
    return {
        "interim_interest": str(interim_interest.total(late)),
        "interim_months": months,
        "interim_rows": [
            {
                "amount": str(piece.amount),
                "paid_on": piece.paid_on.isoformat(),
                "used_on": piece.used_on.isoformat(),
                "periods": [[period.days, str(period.rate)] for period in piece.periods],
                "interest": str(piece.interest),
            }
            for piece in late
        ],
    }


def record_interim_decision(ctx: TransitionContext, found: dict[str, Any]) -> Decimal:
    """The reviewer's decision on the Zwischenzinsen (§ 49a Abs. 4: „können … verlangt werden“), with its reasons;
    what is demanded."""
    if found.get("interim_unknown"):
        raise TransitionRefused(f"Die Zwischenzinsen lassen sich noch nicht berechnen: {found['interim_unknown']}", 409)
    computed = Decimal(found.get("interim_interest", "0"))
    if computed <= 0:
        return ZERO
    decision = ctx.payload.get("interim_decision")
    reasons = (ctx.payload.get("interim_reasons") or "").strip()
    if decision not in (DEMAND, WAIVE) or not reasons:
        raise TransitionRefused(
            f"Der Nachweis ergibt Zwischenzinsen von {euro(computed)} (§ 49a Abs. 4 LVwVfG). Bitte entscheiden Sie, "
            "ob sie verlangt werden, und begründen Sie die Entscheidung (Ermessen).",
            422,
        )
    demanded = computed if decision == DEMAND else ZERO
    ctx.procedure.data = {
        **ctx.procedure.data,
        "interim_interest_demanded": str(demanded),
        "interim_reasons": reasons,
    }
    return demanded


def settlement_portions(ctx: TransitionContext, found: dict[str, Any]) -> list[dict[str, Any]]:
    """The repayment of a staff settlement by payment, latest first, each piece from its own first interest day."""
    payments = [(p.amount, executed_on(p), p.id) for p in reversed(_executed_payments(ctx.session, ctx.application))]
    decided = revocation.first_decision_day(ctx.application) or date.min
    return staff_settlement.portions(
        staff_settlement.repaid_parts(found), payments, Decimal(found["claimed_before"]), decided
    )


def interim_lines(data: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    """The Zwischenzinsen as the page and the Schlussbescheid state them."""
    rows = [
        {
            "amount": euro(Decimal(row["amount"])),
            "paid_on": date_de(date.fromisoformat(row["paid_on"])),
            "used_on": date_de(date.fromisoformat(row["used_on"])),
            "periods": " und ".join(f"{days} Tage zu {percent(Decimal(rate))}" for days, rate in row["periods"]),
            "interest": euro(Decimal(row["interest"])),
        }
        for row in found.get("interim_rows", [])
    ]
    demanded = Decimal(data.get("interim_interest_demanded", "0"))
    return {
        "computed": euro(Decimal(found.get("interim_interest", "0"))),
        "months": found.get("interim_months", 2),
        "rows": rows,
        "demanded": euro(demanded),
        "demands": demanded > 0,
        "waived": bool(rows) and demanded == 0,
        "reasons": [line for line in (data.get("interim_reasons") or "").splitlines() if line.strip()],
    }


def _interim_note(found: dict[str, Any]) -> list[str]:
    if found.get("interim_unknown"):
        return [f"Zwischenzinsen (§ 49a Abs. 4 LVwVfG) noch nicht berechenbar: {found['interim_unknown']}"]
    if not found.get("interim_interest"):
        return []
    return [
        f"Zwischenzinsen (§ 49a Abs. 4 LVwVfG), berechnet: {euro(Decimal(found['interim_interest']))} – Geld, das "
        f"später als {found['interim_months']} Monate nach der Auszahlung verwendet wurde."
    ]


def table_of_settlement(found: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    """What the reviewer compares before the Schlussfestsetzung: per position declared, paid and granted (staff), or
    per cost group recognised and proven (cost plan); with the Zwischenzinsen the proof yields."""
    if not found:
        return None
    if found.get("kind") != "positions":
        return _table_of_costs(found)
    lines = staff_settlement.lines(found)
    notes = [
        f"Ausgezahlt (Buchung der Bewilligungsstelle): {lines['paid']}; im Nachweis als erhalten erklärt: "
        f"{lines['declared_received']}"
        + ("." if lines["received_matches"] else " – die Beträge stimmen nicht überein."),
        f"Zuwendung bisher {lines['granted']}, nach Schlussfestsetzung {lines['final_grant']}; zu erstatten "
        f"{lines['repayment']}.",
        *_interim_note(found),
    ]
    return {
        "caption": "Abgleich je Stelle: bewilligt, erklärt, ausgezahlt",
        "columns": (
            "Stelle",
            "Bewilligt (in Kraft)",
            "Besetzt laut Nachweis",
            "Personalausgaben",
            "Festgesetzt",
            "Erhalten (erklärt) / ausgezahlt (anteilig)",
        ),
        "rows": [
            (
                f"{row['number']}: {row['person_name']}",
                f"{row['in_force']} für {row['months_in_force']} Monate (je Monat rund {row['monthly']})",
                f"{row['months_declared']} Monate; nicht besetzt: {row['vacancies']}",
                row["costs"],
                row["final"],
                f"{row['received']} / {row['paid_share']}",
            )
            for row in lines["positions"]
        ],
        "notes": notes,
        "mismatch": not lines["received_matches"],
        "interim": bool(found.get("interim_interest")),
    }


def _table_of_costs(found: dict[str, Any]) -> dict[str, Any]:
    lines = settlement_lines(found)
    return {
        "caption": "Abgleich je Kostengruppe: anerkannt und nachgewiesen",
        "columns": ("Kostengruppe", "Anerkannt im Bescheid", "Nachgewiesen"),
        "rows": [(row["group"], row["recognised"], row["actual"]) for row in lines["groups"]],
        "notes": [
            f"Zuwendungsfähig nachgewiesen {lines['actual_eligible']} von {lines['actual_total']}; Zuwendung bisher "
            f"{lines['granted']}, nach Schlussfestsetzung {lines['final_grant']}; ausgezahlt {lines['paid']}; zu "
            f"erstatten {lines['repayment']}.",
            *_interim_note(found),
        ],
        "mismatch": False,
        "interim": bool(found.get("interim_interest")),
    }

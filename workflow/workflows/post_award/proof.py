"""The proof of use (Verwendungsnachweis): due after the funding period, submitted in the programme's shape (per
position, ``proof_positions``; as a Belegliste, ``costs``), checked by a list, and – where the programme's rule
fixes the grant from it – ended by a Schlussfestsetzung with its claim and, at the reviewer's discretion, the
Zwischenzinsen of § 49a Abs. 4 LVwVfG (``interim_interest``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from workflow import deadlines
from workflow.clock import today
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings, definition_for
from workflow.money import within_cents
from workflow.formatting import date_de, euro
from workflow.operations.attachments import store_uploaded_files
from workflow.money.interest import InterestError
from workflow.workflows.post_award import revocation, staff_settlement
from workflow.workflows.post_award.accounts import ZERO, case_money, granted_rulings, payer_account_problem
from workflow.workflows.post_award.costs import settlement_lines
from workflow.workflows.post_award.proof_positions import submitted_positions
from workflow.workflows.post_award.proof_settlement import (
    interim_found,
    interim_lines,
    record_interim_decision,
    settlement_portions,
    table_of_settlement,
)


def period_end(application) -> Optional[date]:
    rulings = granted_rulings(application)
    return max(ruling.funding_end for ruling in rulings) if rulings else None


def due_date(ctx: TransitionContext) -> date:
    """As the Bescheid states it: the programme's months after the end of the longest-funded position."""
    end = period_end(ctx.application) or ctx.today
    return deadlines.end_of_month_period(end, case_settings(ctx.application).proof_of_use_months)


def period_has_ended(ctx: TransitionContext) -> Optional[str]:
    """The proof of use covers the whole funding period: not before its last day has passed."""
    end = period_end(ctx.application)
    if end is not None and ctx.today <= end:
        return (
            f"Der Verwendungsnachweis kann erst nach dem Ende des Förderzeitraums eingereicht werden; der letzte "
            f"geförderte Tag ist der {date_de(end)}."
        )
    return None


def _rules(application):
    return definition_for(application.programme.code).rules


def record_submission(ctx: TransitionContext) -> None:
    """The Sachbericht (typed or uploaded) and the zahlenmäßiger Nachweis in the shape the programme's rules read."""
    report = (ctx.payload.get("report") or "").strip()
    if not report and not ctx.files:
        raise TransitionRefused("Bitte schreiben Sie den Sachbericht oder laden Sie ihn als Datei hoch.", 422)
    content = _rules(ctx.application).proof_content(
        ctx.session, case_settings(ctx.application), ctx.application, ctx.payload
    )
    store_uploaded_files(ctx)
    ctx.procedure.data = {**ctx.procedure.data, "report": report, **content}
    ctx.details.update({key: len(value) for key, value in content.items() if isinstance(value, list)})


def checklist(application) -> list[str]:
    return [row.item for row in case_settings(application).proof_checklist]


def _checked(ctx: TransitionContext) -> list[int]:
    try:
        return sorted({int(index) for index in ctx.payload.get("checked", [])})
    except (TypeError, ValueError):
        raise TransitionRefused("Die Prüfliste ist unvollständig übermittelt.", 422) from None


def _amounts_item(application) -> Optional[int]:
    """The checklist item that says the amounts declared agree with the books (column ``verifies``)."""
    rows = case_settings(application).proof_checklist
    return next((index for index, row in enumerate(rows) if row.get("verifies") == "amounts"), None)


def _amounts_differ(ctx: TransitionContext) -> Optional[str]:
    """Why the declared money received is not what the books say was paid (None where it is, or is not declared)."""
    positions = ctx.procedure.data.get("positions")
    if not positions:
        return None
    declared = sum((Decimal(row["received"]) for row in positions), ZERO)
    paid = case_money(ctx.session, ctx.application).paid
    if declared == paid:
        return None
    return f"im Nachweis als erhalten erklärt {euro(declared)}, ausgezahlt sind laut Buchung {euro(paid)}"


def _missing(ctx: TransitionContext, explained: bool) -> Optional[str]:
    if "checked" not in ctx.payload:
        return None  # the button on the case page; the form shows the list
    items, checked, amounts = checklist(ctx.application), _checked(ctx), _amounts_item(ctx.application)
    differ = _amounts_differ(ctx) if amounts is not None else None
    if differ and amounts in checked:
        return f"„{items[amounts]}“ trifft nicht zu: {differ}. Bitte haken Sie den Punkt nicht ab."
    excused = {amounts} if differ and explained and (ctx.payload.get("comment") or "").strip() else set()
    missing = [item for index, item in enumerate(items) if index not in checked and index not in excused]
    if missing and differ and explained:
        missing.append("Vermerk zur Abweichung der Beträge (die Schlussfestsetzung rechnet mit der Buchung)")
    return f"Noch nicht abgehakt: {'; '.join(missing)}" if missing else None


def checklist_complete(ctx: TransitionContext) -> Optional[str]:
    """Every item checked – and „Beträge stimmen“ only where they do."""
    return _missing(ctx, explained=False)


def checklist_complete_or_explained(ctx: TransitionContext) -> Optional[str]:
    """For the Schlussfestsetzung, which computes with the books: amounts that differ stay unchecked, and the
    Vermerk says why."""
    return _missing(ctx, explained=True)


def record_check(ctx: TransitionContext) -> None:
    ctx.procedure.data = {**ctx.procedure.data, "check": {"checked": _checked(ctx), "result": "confirmed"}}


def settlement(ctx: TransitionContext) -> Optional[dict[str, Any]]:
    """The Schlussfestsetzung the submitted proof leads to by the programme's rule, against what is paid today."""
    if "report" not in ctx.procedure.data:
        return None
    if "settled_figures" in ctx.cache:
        return ctx.cache["settled_figures"]
    found = _rules(ctx.application).proof_settlement(
        case_settings(ctx.application),
        ctx.application,
        ctx.procedure.data,
        case_money(ctx.session, ctx.application).paid,
    )
    if found is not None:
        found = {**found, **interim_found(ctx.session, ctx.application, ctx.procedure.data)}
    ctx.cache["settled_figures"] = found
    return found


def _lowers_grant(ctx: TransitionContext) -> bool:
    found = settlement(ctx)
    return found is not None and (
        Decimal(found["final_grant"]) < Decimal(found["granted"])
        or Decimal(found.get("interim_interest", "0")) > 0
        or bool(found.get("interim_unknown"))
    )


def lowers_grant(ctx: TransitionContext) -> bool:
    """Condition of the Schlussbescheid: the final grant is below the grant in force, or the proof yields
    Zwischenzinsen the reviewer decides on (or cannot yet compute for want of a Basiszinssatz)."""
    return _lowers_grant(ctx)


def keeps_grant(ctx: TransitionContext) -> bool:
    """Condition of the plain confirmation: nothing to fix by rule, or the grant stands as it is."""
    return not _lowers_grant(ctx)


def _repayment(ctx: TransitionContext) -> Decimal:
    found = settlement(ctx)
    return Decimal(found["repayment"]) if found else ZERO


def no_payment_pending(ctx: TransitionContext) -> Optional[str]:
    if case_money(ctx.session, ctx.application).pending > 0:
        return (
            "Eine Auszahlung ist noch in Bearbeitung; die Schlussfestsetzung rechnet mit dem, was ausgezahlt ist. "
            "Bitte schließen Sie die Auszahlung vorher ab oder weisen Sie sie zurück."
        )
    return None


def repayment_account_known(ctx: TransitionContext) -> Optional[str]:
    return payer_account_problem(case_settings(ctx.application)) if _repayment(ctx) > 0 else None


def settlement_effective(ctx: TransitionContext) -> date:
    """When the grant stood reduced (Nr. 2 ANBest-P is an auflösende Bedingung, § 36 Abs. 2 Nr. 2 LVwVfG): at the end
    of the Bewilligungszeitraum, when the costs and funds are final – or today, if the proof comes earlier; never
    before the Bescheid. Interest (§ 49a Abs. 3 LVwVfG) runs from it, on each payment not before its day."""
    effective = min(period_end(ctx.application) or ctx.today, ctx.today)
    decided = revocation.first_decision_day(ctx.application)
    return max(effective, decided) if decided else effective


SETTLED_FIGURES = ("final_grant", "repayment", "interim_interest")


def propose_settlement(ctx: TransitionContext) -> None:
    """The reviewer's proposal of the Schlussbescheid: the checklist, the Vermerk and the decision on the
    Zwischenzinsen, with the figures as they are today; nothing is fixed or claimed before the signature."""
    found = settlement(ctx)
    interim = record_interim_decision(ctx, found)
    ctx.procedure.data = {
        **ctx.procedure.data,
        "check": {"checked": _checked(ctx), "result": "proposed", "remark": ctx.payload.get("comment") or ""},
        "proposed_settlement": {key: found.get(key, "0") for key in SETTLED_FIGURES},
    }
    ctx.details.update(final_grant=found["final_grant"], repayment=found["repayment"], interim_interest=str(interim))


def discard_settlement(ctx: TransitionContext) -> None:
    """A returned proposal leaves the proof as submitted; the reviewer checks and decides afresh."""
    dropped = ("check", "proposed_settlement", "interim_interest_demanded", "interim_reasons")
    ctx.procedure.data = {key: value for key, value in ctx.procedure.data.items() if key not in dropped}


def _changed_since_proposal(proposed: dict[str, str], found: dict[str, Any]) -> list[str]:
    labels = {"final_grant": "Zuwendung", "repayment": "zu erstatten", "interim_interest": "Zwischenzinsen"}
    return [
        f"{labels[key]} jetzt {euro(Decimal(found.get(key, '0')))} statt {euro(Decimal(proposed[key]))}"
        for key in SETTLED_FIGURES
        if Decimal(found.get(key, "0")) != Decimal(proposed[key])
    ]


def sign_settlement(ctx: TransitionContext) -> None:
    """The Schlussbescheid, signed by a second person under the case's lock against the money as it is now: the grant
    is fixed at the final amount; what was paid beyond it is claimed (the claim procedure opens after this step) with
    its due date from the Bekanntgabe and interest by § 49a Abs. 3 LVwVfG. A payment executed since the proposal
    changes what the Bescheid must say, so the proposal goes back instead.

    The figures are the recipient's own (its Belegliste and funds), so no hearing precedes it (§ 28 Abs. 2 Nr. 3
    LVwVfG); a reviewer who finds receipts wanting proposes a recovery instead, and the Widerruf hears first."""
    found = settlement(ctx)
    changed = _changed_since_proposal(ctx.procedure.data["proposed_settlement"], found)
    if changed or found.get("interim_unknown"):
        raise TransitionRefused(
            f"Seit dem Vorschlag hat sich der Zahlungsstand geändert: {', '.join(changed) or found['interim_unknown']}."
            " Bitte geben Sie den Vorschlag zurück; die Sachbearbeitung prüft neu.",
            409,
        )
    money = case_money(ctx.session, ctx.application)
    repayment = Decimal(found["repayment"])
    interim = Decimal(ctx.procedure.data.get("interim_interest_demanded", "0"))
    ctx.application.granted_amount = Decimal(found["final_grant"])
    ctx.procedure.data = {
        **ctx.procedure.data,
        "check": {**ctx.procedure.data["check"], "result": "settled"},
        "settlement": found,
        "principal": str(repayment),
        "effective_from": settlement_effective(ctx).isoformat(),
        "claimed_before": str(money.claimed),
        "signed_on": ctx.today.isoformat(),
    }
    if found.get("kind") == "positions" and repayment > 0:
        pieces = settlement_portions(ctx, found)
        ctx.procedure.data = {
            **ctx.procedure.data,
            "portions": pieces,
            "effective_from": min(piece["start"] for piece in pieces),
        }
    ctx.details.update(final_grant=found["final_grant"], repayment=found["repayment"], interim_interest=str(interim))
    if repayment > 0 or interim > 0:
        try:
            revocation.record_claim_terms(ctx)
        except InterestError as error:
            raise TransitionRefused(str(error), 409) from None


def facts(procedure) -> list[tuple[str, str]]:
    found = procedure.data.get("settlement")
    if not found:
        return []
    if found.get("kind") == "positions":
        lines = staff_settlement.lines(found)
        shown = [
            ("Zuwendung nach Schlussfestsetzung", f"{lines['final_grant']} (bisher {lines['granted']})"),
            ("Zu erstatten", lines["repayment"]),
        ]
        if procedure.data.get("interim_interest_demanded"):
            shown.append(("Zwischenzinsen verlangt", euro(Decimal(procedure.data["interim_interest_demanded"]))))
        return shown
    lines = settlement_lines(found)
    return [
        ("Zuwendungsfähige Ausgaben (nachgewiesen)", lines["actual_eligible"]),
        ("Zuwendung nach Schlussfestsetzung", lines["final_grant"]),
        ("Zu erstatten", lines["repayment"]),
    ]


def record_recovery(ctx: TransitionContext) -> None:
    try:
        amount = Decimal(str(ctx.payload.get("recovery") or ""))
    except InvalidOperation:
        amount = Decimal(-1)
    money = case_money(ctx.session, ctx.application)
    if not within_cents(amount) or not ZERO < amount <= money.granted:
        raise TransitionRefused(
            f"Bitte geben Sie den vorgeschlagenen Rückforderungsbetrag an (über 0 € und höchstens "
            f"{euro(money.granted)}).",
            422,
        )
    if not (ctx.payload.get("comment") or "").strip():
        raise TransitionRefused("Bitte begründen Sie die vorgeschlagene Rückforderung.", 422)
    ctx.procedure.amount = amount
    ctx.procedure.data = {
        **ctx.procedure.data,
        "check": {"checked": _checked(ctx), "result": "recovery", "recovery": str(amount)},
    }
    ctx.details.update(recovery=str(amount))


def comparison_for(session, application, procedure, transition) -> Optional[dict[str, Any]]:
    """The comparison on the page of a proof of use's check (None on every other page): the settlement as signed,
    or as it would be today."""
    if procedure is None or procedure.kind != "proof_of_use" or "report" not in procedure.data:
        return None
    found = procedure.data.get("settlement")
    if found is None:
        found = settlement(TransitionContext(session, application, None, transition, {}, today(), procedure=procedure))
    return table_of_settlement(found)


def submitted_receipts(application, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The Belegliste of a submitted cost proof, as people read it."""
    labels = {row.key: row.label for row in case_settings(application).cost_groups} if data.get("receipts") else {}
    return [
        {
            "number": row["number"],
            "group": labels.get(row["group"], row["group"]),
            "description": row["description"],
            "amount": euro(Decimal(row["amount"])),
            "paid_on": date_de(date.fromisoformat(row["paid_on"])),
        }
        for row in data.get("receipts", [])
    ]


def submitted_table(application, data: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The submitted zahlenmäßiger Nachweis as a table (caption, columns, rows) for the procedure's page, in the shape
    the programme stored it: per position, or as a Belegliste with the funds received."""
    if "report" not in data:
        return None
    if "receipts" in data:
        return {
            "caption": "Belegliste",
            "columns": ("Nr.", "Kostengruppe", "Ausgabe", "Betrag", "bezahlt am"),
            "rows": [
                (r["number"], r["group"], r["description"], r["amount"], r["paid_on"])
                for r in submitted_receipts(application, data)
            ],
            "notes": [
                f"Eigenmittel: {euro(Decimal(data['own_funds']))}",
                f"Drittmittel: {euro(Decimal(data['third_party_funds']))}",
            ],
        }
    return {
        "caption": "Zahlenmäßiger Nachweis",
        "columns": ("Stelle", "Monate", "Vakanzen", "VZÄ", "Erhalten", "Personalausgaben", "Kennzahlen"),
        "rows": [
            (
                f"{r['number']}: {r['person_name']}",
                r["months"],
                r["vacancies"],
                r["fte"],
                r["received"],
                r["costs"],
                r["figures"],
            )
            for r in submitted_positions(application, data)
        ],
        "notes": [],
    }


def letter(ctx: TransitionContext) -> dict[str, Any]:
    data = ctx.procedure.data
    check = data.get("check", {})
    items = checklist(ctx.application)
    found = data.get("settlement") or settlement(ctx)
    extra: dict[str, Any] = {"receipts": submitted_receipts(ctx.application, data)}
    if found:
        staff = found.get("kind") == "positions"
        extra["settlement"] = staff_settlement.lines(found) if staff else settlement_lines(found)
        extra["interim"] = interim_lines(data, found)
        owed = [Decimal(data.get(key, "0")) for key in ("principal", "interest_to_due", "interim_interest_demanded")]
        extra.update(owes_any=owed[0] + owed[2] > 0, grand_total=euro(sum(owed, ZERO)))
        decided = revocation.first_decision_day(ctx.application)
        extra["decision_date"] = date_de(decided) if decided else ""
    if data.get("effective_from"):  # a Schlussfestsetzung lowers the grant from that day, repaid or not
        extra["effective_from"] = date_de(date.fromisoformat(data["effective_from"]))
    if data.get("due_on"):
        extra.update(revocation.repayment_letter(ctx))
    return {
        **extra,
        "report": [line for line in (data.get("report") or "").splitlines() if line.strip()],
        "positions": submitted_positions(ctx.application, data),
        "checklist": [{"item": item, "done": index in check.get("checked", [])} for index, item in enumerate(items)],
        "confirmed": check.get("result") == "confirmed",
        "recovery": euro(Decimal(check["recovery"])) if check.get("recovery") else "",
        "remark": check.get("remark", ctx.payload.get("comment") or ""),
        "checked_on": date_de(ctx.today),
    }


LETTER_SAMPLE = {
    "report": ["Im Förderzeitraum wurden 48 Personen beraten.", "Zweiter Absatz."],
    "positions": [
        {
            "number": 1,
            "person_name": "Erika Beispiel",
            "months": "24,0",
            "fte": "1,00",
            "received": "116.000,00 €",
            "figures": "Beratene Personen: 48",
        }
    ],
    "checklist": [{"item": "Der Sachbericht liegt vor.", "done": True}],
    "confirmed": True,
    "recovery": "",
    "remark": "",
    "checked_on": "14.06.2027",
    "receipts": [
        {
            "number": 1,
            "group": "Honorare",
            "description": "Honorar Elternmentorin März",
            "amount": "1.000,00 €",
            "paid_on": "31.03.2027",
        }
    ],
    "settlement": {
        "granted": "24.000,00 €",
        "planned_eligible": "40.000,00 €",
        "planned_own_funds": "12.000,00 €",
        "planned_third_party_funds": "4.000,00 €",
        "actual_total": "34.000,00 €",
        "actual_eligible": "34.000,00 €",
        "own_funds": "12.000,00 €",
        "third_party_funds": "4.000,00 €",
        "final_grant": "20.400,00 €",
        "paid": "24.000,00 €",
        "repayment": "3.600,00 €",
        "outstanding": "0,00 €",
        "financing": "Anteilfinanzierung",
        "share": "60\u00a0%",
        "groups": [{"group": "Honorare", "recognised": "24.000,00 €", "actual": "20.000,00 €"}],
        "reasons": ["Die Finanzierung hat sich um 6.000,00 € verbessert."],
        "owes": True,
        "calculation": "60\u00a0% × 34.000,00 € = 20.400,00 €",
        # A staff settlement's own figures (``staff_settlement.lines``).
        "pays_out": False,
        "lowered": True,
        "declared_received": "24.000,00 €",
        "received_matches": True,
        "positions": [
            {
                "number": 1,
                "person_name": "Erika Beispiel",
                "monthly": "2.416,67 €",
                "months_in_force": "24,0",
                "months_declared": "21,0",
                "in_force": "58.000,00 €",
                "vacancies": "01.04.2028 – 30.06.2028",
                "festbetrag": "50.750,00 €",
                "costs": "61.200,00 €",
                "final": "50.750,00 €",
                "received": "58.000,00 €",
                "paid_share": "58.000,00 €",
                "below_costs": False,
            }
        ],
    },
    "interim": {
        "computed": "36,40 €",
        "months": 2,
        "rows": [
            {
                "amount": "2.416,67 €",
                "paid_on": "01.03.2027",
                "used_on": "31.05.2027",
                "periods": "91 Tage zu 6,27\u00a0%",
                "interest": "37,78 €",
            }
        ],
        "demanded": "37,78 €",
        "demands": True,
        "waived": False,
        "reasons": ["Die Mittel wurden ohne Bedarf für drei Monate im Voraus abgerufen."],
    },
    "owes_any": True,
    "grand_total": "3.659,25 €",
    "decision_date": "01.02.2027",
    "effective_from": "28.02.2029",
    "due_on": "14.07.2029",
    "interest": "21,47 €",
    "total": "3.621,47 €",
    "interest_rows": [
        {
            "principal": "3.600,00 €",
            "period": "28.02.2029 – 14.07.2029",
            "days": 136,
            "year_days": 365,
            "base_rate": "1,27\u00a0%",
            "rate": "6,27\u00a0%",
            "interest": "84,10 €",
        }
    ],
    "account": revocation.SAMPLE_REPAYMENT_ACCOUNT,
    "daily_after_due": "0,62 €",
}

"""The proof of use (Verwendungsnachweis): due after the funding period, submitted per position, checked by a list.

The figures per position are pre-filled from the case (months and share in force, amount paid pro rata);
the key figures per position are the programme's (setting ``proof_key_figures``), typed by the recipient.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from sqlalchemy import select

from workflow import deadlines
from workflow.counselling.figures import figures_by
from workflow.counselling.models import CounsellingStaff
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.measures.staff_positions import months_between
from workflow.engine.programmes import case_settings, definition_for
from workflow.money import within_cents
from workflow.formatting import date_de, decimal_de, euro, fte as fte_de
from workflow.operations.attachments import store_uploaded_files
from workflow.money.interest import InterestError
from workflow.workflows.post_award import revocation
from workflow.workflows.post_award.accounts import CENT, ZERO, case_money, granted_rulings, payer_account_problem
from workflow.workflows.post_award.costs import settlement_lines
from workflow.text import parse_german_decimal


def period_end(application) -> Optional[date]:
    rulings = granted_rulings(application)
    return max(ruling.funding_end for ruling in rulings) if rulings else None


def due_date(ctx: TransitionContext) -> date:
    """As the Bescheid states it: the programme's months after the end of the longest-funded position."""
    end = period_end(ctx.application) or ctx.today
    return deadlines.end_of_month_period(end, case_settings(ctx.application).proof_of_use_months)


def prefilled(session, application) -> list[dict[str, Any]]:
    """Per granted position what the case says: months and share in force, its share of what was paid, and the key
    figures that the Integrationspläne of the managers on that position yield (where the programme names a source)."""
    rulings = granted_rulings(application)
    granted = sum((ruling.amount for ruling in rulings), ZERO)
    paid = case_money(session, application).paid
    sources = {
        figure.key: figure.source for figure in case_settings(application).proof_key_figures if figure.get("source")
    }
    rows = []
    for number, ruling in enumerate(rulings, start=1):
        received = (paid * ruling.amount / granted).quantize(CENT) if granted else ZERO
        rows.append(
            {
                "number": number,
                "person_name": ruling.position.person_name,
                "granted": ruling.amount,
                "months": months_between(ruling.funding_start, ruling.funding_end).quantize(Decimal("0.1")),
                "fte": ruling.fte,
                "received": received,
                "figures": planned_figures(session, ruling, sources) if sources else {},
            }
        )
    return rows


def planned_figures(session, ruling, sources: dict[str, str]) -> dict[str, int]:
    """The anonymous key figures of the managers linked to the ruling's position, over its funding period."""
    managers = session.scalars(
        select(CounsellingStaff.user_id).where(CounsellingStaff.position_id == ruling.position_id)
    ).all()
    if not managers:
        return {}
    found = [
        figures_by(session, "manager", ruling.funding_start, ruling.funding_end, manager_id=manager).get(manager)
        for manager in managers
    ]
    return {key: sum(getattr(figures, source, 0) for figures in found if figures) for key, source in sources.items()}


def _number(value: Any, label: str, row: int, whole: bool = False) -> Decimal:
    parsed = parse_german_decimal(str(value or "").strip())
    if parsed is None or parsed < 0 or (whole and parsed != parsed.to_integral_value()):
        kind = "eine ganze Zahl" if whole else "eine Zahl"
        raise TransitionRefused(f"Stelle {row}: Bitte geben Sie bei „{label}“ {kind} ab 0 an.", 422)
    return parsed


def position_rows(session, application, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures per granted position as the recipient typed them (staff positions' ``proof_content``)."""
    figures = case_settings(application).proof_key_figures
    rows = prefilled(session, application)
    typed = payload.get("positions") or []
    if len(typed) != len(rows):
        raise TransitionRefused("Bitte füllen Sie den zahlenmäßigen Nachweis für jede bewilligte Stelle aus.", 422)
    positions = []
    for row, item in zip(rows, typed):
        number = row["number"]
        months = _number(item.get("months"), "besetzte Monate", number)
        if months > row["months"]:
            raise TransitionRefused(
                f"Stelle {number}: höchstens {decimal_de(row['months'], 1)} Monate sind gefördert.", 422
            )
        positions.append(
            {
                "number": number,
                "person_name": row["person_name"],
                "months": str(months),
                "fte": str(_number(item.get("fte"), "VZÄ", number)),
                "received": str(_number(item.get("received"), "erhaltener Betrag", number).quantize(CENT)),
                "figures": {
                    figure.key: int(
                        _number((item.get("figures") or {}).get(figure.key), figure.label, number, whole=True)
                    )
                    for figure in figures
                },
            }
        )
    return positions


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


def checklist_complete(ctx: TransitionContext) -> Optional[str]:
    if "checked" not in ctx.payload:
        return None  # the button on the case page; the form shows the list
    missing = [item for index, item in enumerate(checklist(ctx.application)) if index not in _checked(ctx)]
    return f"Noch nicht abgehakt: {'; '.join(missing)}" if missing else None


def record_check(ctx: TransitionContext) -> None:
    ctx.procedure.data = {**ctx.procedure.data, "check": {"checked": _checked(ctx), "result": "confirmed"}}


def settlement(ctx: TransitionContext) -> Optional[dict[str, Any]]:
    """The Schlussfestsetzung the submitted proof leads to by the programme's rule, against what is paid today."""
    if "report" not in ctx.procedure.data:
        return None
    return _rules(ctx.application).proof_settlement(
        case_settings(ctx.application),
        ctx.application,
        ctx.procedure.data,
        case_money(ctx.session, ctx.application).paid,
    )


def _lowers_grant(ctx: TransitionContext) -> bool:
    found = settlement(ctx)
    return found is not None and Decimal(found["final_grant"]) < Decimal(found["granted"])


def lowers_grant(ctx: TransitionContext) -> bool:
    """Condition of the Schlussbescheid: the final grant is below the grant in force."""
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


def record_settlement(ctx: TransitionContext) -> None:
    """The Schlussbescheid: the grant is fixed at the final amount; what was paid beyond it is claimed (the claim
    procedure opens after this step) with its due date from the Bekanntgabe and interest by § 49a Abs. 3 LVwVfG.

    The figures are the recipient's own (its Belegliste and funds), so no hearing precedes it (§ 28 Abs. 2 Nr. 3
    LVwVfG); a reviewer who finds receipts wanting proposes a recovery instead, and the Widerruf hears first."""
    found = settlement(ctx)
    money = case_money(ctx.session, ctx.application)
    repayment = Decimal(found["repayment"])
    ctx.application.granted_amount = Decimal(found["final_grant"])
    ctx.procedure.data = {
        **ctx.procedure.data,
        "check": {"checked": _checked(ctx), "result": "settled"},
        "settlement": found,
        "principal": str(repayment),
        "effective_from": settlement_effective(ctx).isoformat(),
        "claimed_before": str(money.claimed),
        "signed_on": ctx.today.isoformat(),
    }
    ctx.details.update(final_grant=found["final_grant"], repayment=found["repayment"])
    if repayment > 0:
        try:
            revocation.record_claim_terms(ctx)
        except InterestError as error:
            raise TransitionRefused(str(error), 409) from None


def facts(procedure) -> list[tuple[str, str]]:
    found = procedure.data.get("settlement")
    if not found:
        return []
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


def submitted_positions(application, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures per position of a submitted proof of use, as people read them (the page and the Prüfvermerk)."""
    if not data.get("positions"):
        return []
    labels = {figure.key: figure.label for figure in case_settings(application).proof_key_figures}
    return [
        {
            **row,
            "months": decimal_de(Decimal(row["months"]), 1),
            "fte": fte_de(Decimal(row["fte"])),
            "received": euro(Decimal(row["received"])),
            "figures": "; ".join(f"{labels.get(key, key)}: {value}" for key, value in row["figures"].items()),
        }
        for row in data.get("positions", [])
    ]


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
        "columns": ("Stelle", "Monate", "VZÄ", "Erhalten", "Kennzahlen"),
        "rows": [
            (f"{r['number']}: {r['person_name']}", r["months"], r["fte"], r["received"], r["figures"])
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
        extra["settlement"] = settlement_lines(found)
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
        "remark": ctx.payload.get("comment") or "",
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
    },
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

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
from workflow.engine.programmes import case_settings
from workflow.money import within_cents
from workflow.formatting import date_de, decimal_de, euro, fte as fte_de
from workflow.operations.attachments import store_uploaded_files
from workflow.workflows.post_award.accounts import CENT, ZERO, case_money, granted_rulings
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
    sources = {figure.key: figure.source for figure in case_settings(application).proof_key_figures if figure.get("source")}
    rows = []
    for number, ruling in enumerate(rulings, start=1):
        received = (paid * ruling.amount / granted).quantize(CENT) if granted else ZERO
        rows.append({"number": number, "person_name": ruling.position.person_name, "granted": ruling.amount,
                     "months": months_between(ruling.funding_start, ruling.funding_end).quantize(Decimal("0.1")),
                     "fte": ruling.fte, "received": received,
                     "figures": planned_figures(session, ruling, sources) if sources else {}})
    return rows


def planned_figures(session, ruling, sources: dict[str, str]) -> dict[str, int]:
    """The anonymous key figures of the managers linked to the ruling's position, over its funding period."""
    managers = session.scalars(select(CounsellingStaff.user_id).where(CounsellingStaff.position_id == ruling.position_id)).all()
    if not managers:
        return {}
    found = [figures_by(session, "manager", ruling.funding_start, ruling.funding_end, manager_id=manager).get(manager)
             for manager in managers]
    return {key: sum(getattr(figures, source, 0) for figures in found if figures) for key, source in sources.items()}


def _number(value: Any, label: str, row: int, whole: bool = False) -> Decimal:
    parsed = parse_german_decimal(str(value or "").strip())
    if parsed is None or parsed < 0 or (whole and parsed != parsed.to_integral_value()):
        kind = "eine ganze Zahl" if whole else "eine Zahl"
        raise TransitionRefused(f"Stelle {row}: Bitte geben Sie bei „{label}“ {kind} ab 0 an.", 422)
    return parsed


def record_submission(ctx: TransitionContext) -> None:
    report = (ctx.payload.get("report") or "").strip()
    if not report and not ctx.files:
        raise TransitionRefused("Bitte schreiben Sie den Sachbericht oder laden Sie ihn als Datei hoch.", 422)
    figures = case_settings(ctx.application).proof_key_figures
    rows = prefilled(ctx.session, ctx.application)
    typed = ctx.payload.get("positions") or []
    if len(typed) != len(rows):
        raise TransitionRefused("Bitte füllen Sie den zahlenmäßigen Nachweis für jede bewilligte Stelle aus.", 422)
    positions = []
    for row, item in zip(rows, typed):
        number = row["number"]
        months = _number(item.get("months"), "besetzte Monate", number)
        if months > row["months"]:
            raise TransitionRefused(f"Stelle {number}: höchstens {decimal_de(row['months'], 1)} Monate sind gefördert.", 422)
        positions.append({
            "number": number, "person_name": row["person_name"], "months": str(months),
            "fte": str(_number(item.get("fte"), "VZÄ", number)),
            "received": str(_number(item.get("received"), "erhaltener Betrag", number).quantize(CENT)),
            "figures": {figure.key: int(_number((item.get("figures") or {}).get(figure.key), figure.label, number, whole=True))
                        for figure in figures},
        })
    store_uploaded_files(ctx)
    ctx.procedure.data = {**ctx.procedure.data, "report": report, "positions": positions}
    ctx.details.update(positions=len(positions))


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


def record_recovery(ctx: TransitionContext) -> None:
    try:
        amount = Decimal(str(ctx.payload.get("recovery") or ""))
    except InvalidOperation:
        amount = Decimal(-1)
    money = case_money(ctx.session, ctx.application)
    if not within_cents(amount) or not ZERO < amount <= money.granted:
        raise TransitionRefused(f"Bitte geben Sie den vorgeschlagenen Rückforderungsbetrag an (über 0 € und höchstens "
                                f"{euro(money.granted)}).", 422)
    if not (ctx.payload.get("comment") or "").strip():
        raise TransitionRefused("Bitte begründen Sie die vorgeschlagene Rückforderung.", 422)
    ctx.procedure.amount = amount
    ctx.procedure.data = {**ctx.procedure.data, "check": {"checked": _checked(ctx), "result": "recovery",
                                                          "recovery": str(amount)}}
    ctx.details.update(recovery=str(amount))


def submitted_positions(application, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures per position of a submitted proof of use, as people read them (the page and the Prüfvermerk)."""
    labels = {figure.key: figure.label for figure in case_settings(application).proof_key_figures}
    return [{**row, "months": decimal_de(Decimal(row["months"]), 1), "fte": fte_de(Decimal(row["fte"])),
             "received": euro(Decimal(row["received"])),
             "figures": "; ".join(f"{labels.get(key, key)}: {value}" for key, value in row["figures"].items())}
            for row in data.get("positions", [])]


def letter(ctx: TransitionContext) -> dict[str, Any]:
    data = ctx.procedure.data
    check = data.get("check", {})
    items = checklist(ctx.application)
    return {
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
    "positions": [{"number": 1, "person_name": "Erika Beispiel", "months": "24,0", "fte": "1,00", "received": "116.000,00 €",
                   "figures": "Beratene Personen: 48"}],
    "checklist": [{"item": "Der Sachbericht liegt vor.", "done": True}],
    "confirmed": True, "recovery": "", "remark": "", "checked_on": "14.06.2027",
}

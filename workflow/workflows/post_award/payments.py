"""Payments: a Mittelabruf by the recipient or an instalment by schedule, checked and ordered by two people.

Every amount is checked under the case's lock against what is granted, paid and on its way, read from the
database (``accounts.case_money``), so two requests or orders at the same second cannot pay more than granted.
The annual budget is checked under the programme's lock, like the grant's budget when a Bescheid is signed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Optional

from sqlalchemy import func, select

from workflow import deadlines, formatting
from workflow.clock import BERLIN
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings, definition_for, settings_of
from workflow.formatting import date_de, euro
from workflow.models import Application, Procedure
from workflow.programmes.programme_versions import active_version
from workflow.money import within_cents
from workflow.text import parse_german_date
from workflow.workflows.post_award.accounts import (
    COMMITTED_STATES,
    PAYMENT,
    ZERO,
    case_money,
)

ON_REQUEST = "request"
BY_SCHEDULE = "schedule"


def mode_is(mode: str) -> Callable[[TransitionContext], bool]:
    def condition(ctx: TransitionContext) -> bool:
        return case_settings(ctx.application).payment_mode == mode

    return condition


def _requested_amount(ctx: TransitionContext) -> Decimal:
    try:
        amount = Decimal(str(ctx.payload.get("amount", "")))
    except InvalidOperation:
        raise TransitionRefused("Bitte geben Sie den abzurufenden Betrag in Euro an.", 422) from None
    if not within_cents(amount) or amount <= 0:
        raise TransitionRefused("Bitte geben Sie einen Betrag über 0 € mit höchstens zwei Nachkommastellen an.", 422)
    return amount


def request_within_due(ctx: TransitionContext) -> Optional[str]:
    """The programme's rules say how much may be called today (``ProgrammeRules.payment_problem``)."""
    if "amount" not in ctx.payload:
        return None  # the button on the case page; the form asks for the amount
    amount = _requested_amount(ctx)
    return definition_for(ctx.application.programme.code).rules.payment_problem(
        ctx.session,
        case_settings(ctx.application),
        ctx.application,
        ctx.today,
        case_money(ctx.session, ctx.application),
        amount,
        ctx.payload,
    )


def record_request(ctx: TransitionContext) -> None:
    _record_amount(ctx, _requested_amount(ctx))
    if ctx.payload.get("expected"):  # the need the recipient states for the call (cost plans)
        ctx.procedure.data = {**ctx.procedure.data, "expected": str(ctx.payload["expected"])}


def _due_instalment(ctx: TransitionContext) -> Decimal:
    """The instalment the programme's rules make due today (``ProgrammeRules.scheduled_instalment``)."""
    return definition_for(ctx.application.programme.code).rules.scheduled_instalment(
        ctx.session,
        case_settings(ctx.application),
        ctx.application,
        ctx.today,
        case_money(ctx.session, ctx.application),
    )


def instalment_is_due(ctx: TransitionContext) -> Optional[str]:
    return None if _due_instalment(ctx) > 0 else "Nach Plan ist derzeit keine weitere Rate fällig."


def record_instalment(ctx: TransitionContext) -> None:
    _record_amount(ctx, _due_instalment(ctx))


def _record_amount(ctx: TransitionContext, amount: Decimal) -> None:
    ctx.procedure.amount = amount
    ctx.procedure.budget_year = ctx.today.year
    ctx.details.update(amount=str(amount), budget_year=ctx.today.year)


def within_grant(ctx: TransitionContext) -> Optional[str]:
    """The payment fits what is granted, less what is paid and the other payments on their way."""
    money = case_money(ctx.session, ctx.application)
    others_pending = money.pending - (ctx.procedure.amount or ZERO)
    room = money.granted - money.paid - others_pending
    if (ctx.procedure.amount or ZERO) > room:
        return (
            f"Die Auszahlung von {euro(ctx.procedure.amount)} übersteigt, was von der Bewilligung noch offen ist "
            f"({euro(max(room, ZERO))})."
        )
    return None


def annual_budget(settings, year: int) -> Optional[Decimal]:
    return next((row.amount for row in settings.annual_budgets if row.year == year), None)


def committed_in_year(session, programme_id: int, year: int) -> Decimal:
    """Ordered and executed payments of the programme booked against ``year``."""
    return (
        session.scalar(
            select(func.coalesce(func.sum(Procedure.amount), 0))
            .join(Application, Application.id == Procedure.application_id)
            .where(
                Application.programme_id == programme_id,
                Procedure.kind == PAYMENT,
                Procedure.state.in_(COMMITTED_STATES),
                Procedure.budget_year == year,
            )
        )
        or ZERO
    )


def within_annual_budget(ctx: TransitionContext) -> Optional[str]:
    """Checked under the programme's ledger lock (the guard's ``lock``), so two orders on different cases queue.

    The year is the one the order is booked in (``record_order``); the budgets are the programme's as they stand
    (its active version), not those of the version a case was submitted under: a year entered later serves every
    running grant."""
    year = ctx.today.year
    programme = ctx.application.programme
    budget = ctx.programme_figure(
        f"budget:{programme.id}:{year}",
        lambda: annual_budget(settings_of(active_version(ctx.session, programme)), year),
    )
    if budget is None:
        return f"Für das Haushaltsjahr {year} sind keine Haushaltsmittel eingetragen."
    programme_id = ctx.application.programme_id
    used = ctx.programme_figure(
        f"paid:{programme_id}:{year}", lambda: committed_in_year(ctx.session, programme_id, year)
    )
    if used + ctx.procedure.amount > budget:
        return f"Die Haushaltsmittel {year} reichen nicht: noch verfügbar {euro(budget - used)}."
    return None


def record_order(ctx: TransitionContext) -> None:
    """The Haushaltsjahr is provisional until execution: the year the payment is expected to leave the Landeskasse."""
    ctx.procedure.budget_year = ctx.today.year
    ctx.procedure.data = {**ctx.procedure.data, "ordered_on": ctx.today.isoformat(), "ordered_by_id": ctx.actor.id}
    ctx.details.update(amount=str(ctx.procedure.amount), budget_year=ctx.procedure.budget_year)


def handover_due(ctx: TransitionContext) -> date:
    """The last working day by which an ordered payment is to be in a file for the cash office (a setting)."""
    return deadlines.working_days_after(ctx.today, case_settings(ctx.application).cash_handover_days)


def not_handed_over(ctx: TransitionContext) -> Optional[str]:
    return "Die Auszahlung ist bereits an die Kasse übergeben." if ctx.procedure.cash_export is not None else None


def handed_over(ctx: TransitionContext) -> Optional[str]:
    if ctx.procedure.cash_export is None:
        return "Die Auszahlung ist noch in keiner Datei an die Kasse übergeben."
    return None


def record_execution(ctx: TransitionContext) -> None:
    """The day the money left the Landeskasse: paid from then, booked in that year, interest on it runs from then."""
    executed_on = parse_german_date(str(ctx.payload.get("executed_on") or ""))
    handed = ctx.procedure.cash_export.created_at.astimezone(BERLIN).date()
    if executed_on is None or executed_on > ctx.today or executed_on < handed:
        raise TransitionRefused(
            f"Bitte geben Sie den Tag der Ausführung an (TT.MM.JJJJ): nicht vor der Übergabe am "
            f"{date_de(handed)} und nicht in der Zukunft.",
            422,
        )
    ctx.procedure.budget_year = executed_on.year
    ctx.procedure.data = {**ctx.procedure.data, "executed_on": executed_on.isoformat()}
    ctx.details.update(executed_on=executed_on.isoformat(), budget_year=executed_on.year)


def executed_on(procedure) -> Optional[date]:
    value = procedure.data.get("executed_on")
    return date.fromisoformat(value) if value else None


def requestable_on(session, application, day) -> Decimal:
    """What the recipient may request on ``day``, by the programme's rules (``ProgrammeRules.payment_limit``)."""
    return definition_for(application.programme.code).rules.payment_limit(
        session, case_settings(application), application, day, case_money(session, application)
    )


def facts(procedure) -> list[tuple[str, str]]:
    if not procedure.amount:
        return []
    found = [("Betrag", euro(procedure.amount)), ("Haushaltsjahr", str(procedure.budget_year or "–"))]
    if executed_on(procedure):
        found.append(("Ausgezahlt am", date_de(executed_on(procedure))))
    return found


def letter(ctx: TransitionContext) -> dict[str, Any]:
    """The payment notice is rendered once the payment is ordered, before the cash office executes it."""
    money = case_money(ctx.session, ctx.application)
    amount = ctx.procedure.amount or ZERO
    return {
        "amount": euro(amount),
        "budget_year": ctx.procedure.budget_year,
        "paid_before": euro(money.paid),
        "paid_after": euro(money.paid + amount),
        "granted": euro(money.granted),
        "remaining": euro(money.granted - money.paid - amount),
        "ordered_on": formatting.date_de(ctx.today),
    }


LETTER_SAMPLE = {
    "amount": "12.500,00 €",
    "budget_year": 2027,
    "paid_before": "0,00 €",
    "paid_after": "12.500,00 €",
    "granted": "75.000,00 €",
    "remaining": "62.500,00 €",
    "ordered_on": "14.06.2027",
}

"""Revocation and recovery (§ 49 Abs. 3, § 49a LVwVfG): the repayment and its interest, computed to the cent.

The principal is what was paid beyond the grant that remains after the revocation. Interest runs from the
day the revocation takes effect, but on each part of the principal not before the day that part was paid
out: the principal is taken from the latest payments first. The letter prints every period (rate, days,
interest) up to the due day; a later receipt is booked with the interest up to that day.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import select

from workflow import deadlines, formatting
from workflow.clock import BERLIN
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de, euro
from workflow.money.interest import InterestError, interest_table
from workflow.models import Procedure
from workflow.operations.base_rates import percent, rate_history
from workflow.workflows.post_award.accounts import (
    CENT,
    SAMPLE_REPAYMENT_ACCOUNT,
    PAID_STATES,
    PAYMENT,
    ZERO,
    case_money,
    claimed_principal,
    payer_account_problem,
    positive_amount,
    repayment_account,
)
from workflow.workflows.post_award import hearing
from workflow.workflows.post_award.hearing import LETTER_SAMPLE as HEARING_SAMPLE, hearing_letter
from workflow.workflows.post_award.payments import executed_on
from workflow.text import parse_german_date


# The questions § 49 Abs. 3 LVwVfG leaves to discretion, which the Bescheid must answer for this case.
DISCRETION = {
    "reliance": "Vertrauensschutz",
    "extent": "Umfang des Widerrufs",
    "timing": "Zeitpunkt, ab dem der Widerruf wirkt",
}


def intended(ctx: TransitionContext) -> None:
    """The decision as intended – checked when the hearing starts and again when it is proposed: the amount within
    what is granted, the day it takes effect (in the past only as far back as the Bescheid; § 49 Abs. 3 allows it,
    a later day too), the reasons, and what it would claim back."""
    money = case_money(ctx.session, ctx.application)
    revoked = positive_amount(
        ctx.payload.get("revoked"), "Bitte geben Sie den widerrufenen Betrag in Euro an (über 0 €)."
    )
    if revoked > money.granted:
        raise TransitionRefused(f"Widerrufen werden kann höchstens die Bewilligung von {euro(money.granted)}.", 422)
    effective = parse_german_date(str(ctx.payload.get("effective_from") or ""))
    if effective is None:
        raise TransitionRefused("Bitte geben Sie an, ab wann der Widerruf wirkt (TT.MM.JJJJ).", 422)
    decided = first_decision_day(ctx.application)
    if decided and effective < decided:
        raise TransitionRefused(
            f"Der Widerruf kann nicht vor dem Bescheid wirken (Zuwendungsbescheid vom {date_de(decided)}).", 422
        )
    if not (ctx.payload.get("comment") or "").strip():
        raise TransitionRefused("Bitte begründen Sie den Widerruf.", 422)
    principal = _principal(money, revoked)
    ctx.procedure.amount = principal
    ctx.procedure.data = {
        **ctx.procedure.data,
        "revoked": str(revoked),
        "effective_from": effective.isoformat(),
        "granted_before": str(money.granted),
        "claimed_before": str(money.claimed),
        "reasons": ctx.payload["comment"].strip(),
    }
    ctx.details.update(revoked=str(revoked), principal=str(principal))


def start_hearing(ctx: TransitionContext) -> None:
    intended(ctx)
    hearing.record_hearing(ctx)


def propose(ctx: TransitionContext) -> None:
    """After the hearing (or without it, on a ground of § 28 Abs. 2 LVwVfG): the decision, and the discretion
    exercised for this case, every answer dealt with."""
    intended(ctx)
    ctx.procedure.data = {
        **ctx.procedure.data,
        "answer_considered": hearing.answer_considered(ctx),
        **discretion(ctx),
    }


def discretion(ctx: TransitionContext) -> dict[str, str]:
    """The reviewer's answers to the questions § 49 Abs. 3 LVwVfG leaves to discretion, for this case; all of them."""
    missing = [label for key, label in DISCRETION.items() if not (ctx.payload.get(key) or "").strip()]
    if missing:
        raise TransitionRefused(
            "Bitte üben Sie das Ermessen für diesen Fall aus und begründen Sie: " + ", ".join(missing) + ".", 422
        )
    return {key: ctx.payload[key].strip() for key in DISCRETION}


def discretion_letter(data: dict[str, Any]) -> dict[str, list[str]]:
    return {key: _lines(data.get(key, "")) for key in DISCRETION}


def _principal(money, revoked: Decimal) -> Decimal:
    """What this revocation claims: of the money paid, what exceeds the grant left after it and was not already
    claimed by an earlier revocation (whether repaid or not)."""
    return max(money.paid - money.claimed - (money.granted - revoked), ZERO)


def first_decision_day(application) -> Optional[date]:
    """The day the grant was first decided (Berlin time): a revocation cannot take effect before it."""
    signed = [proposal.decided_at for proposal in application.proposals if proposal.decided_at]
    return min(signed).astimezone(BERLIN).date() if signed else None


def claims_repayment(ctx: TransitionContext) -> bool:
    return (ctx.procedure.amount or ZERO) > 0


def claims_nothing(ctx: TransitionContext) -> bool:
    return not claims_repayment(ctx)


def repayment_due(ctx: TransitionContext) -> date:
    """The period runs from the Bekanntgabe of the Bescheid (the notification fiction after today's dispatch)."""
    settings = case_settings(ctx.application)
    notified = deadlines.notification_date(ctx.today, settings.notification_fiction_days)
    return deadlines.end_of_day_period(notified, settings.repayment_period_days)


def repayment_portions(ctx: TransitionContext) -> list[tuple[Decimal, date, int]]:
    """The principal split over the payments it comes from, latest executed first, each with its first interest day:
    the day it takes effect, but not before the money left the Landeskasse (§ 49a Abs. 3 S. 1 LVwVfG). A Bescheid
    that split its principal itself (a Schlussfestsetzung by position) has stored its pieces already."""
    if "portions" in ctx.procedure.data:
        return [
            (Decimal(piece["amount"]), date.fromisoformat(piece["start"]), piece.get("payment_id"))
            for piece in ctx.procedure.data["portions"]
        ]
    effective = date.fromisoformat(ctx.procedure.data["effective_from"])
    payments = sorted(
        ctx.session.scalars(
            select(Procedure).where(
                Procedure.application_id == ctx.application.id,
                Procedure.kind == PAYMENT,
                Procedure.state.in_(PAID_STATES),
            )
        ).all(),
        key=lambda payment: (executed_on(payment), payment.id),
        reverse=True,
    )
    # Earlier revocations took the latest payments already: this one starts below what they claimed.
    skip = Decimal(ctx.procedure.data.get("claimed_before", "0"))
    left, portions = claimed_principal(ctx.procedure), []
    for payment in payments:
        if left <= 0:
            break
        available = payment.amount - min(skip, payment.amount)
        skip -= payment.amount - available
        if available <= 0:
            continue
        part = min(left, available)
        portions.append((part, max(effective, executed_on(payment)), payment.id))
        left -= part
    return portions


def interest_rows(ctx: TransitionContext, until: date) -> list[dict[str, Any]]:
    rates = rate_history(ctx.session)
    rows = []
    for part, start, _ in repayment_portions(ctx):
        for period in interest_table(part, start, max(until, start), rates):
            rows.append(
                {
                    "principal": part,
                    "date_from": period.date_from,
                    "date_to": period.date_to,
                    "days": period.days,
                    "year_days": period.year_days,
                    "base_rate": period.base_rate,
                    "rate": period.rate,
                    "interest": period.interest,
                }
            )
    return rows


def _interest_problem(ctx: TransitionContext, until: date) -> Optional[str]:
    try:
        interest_rows(ctx, until)
    except InterestError as error:
        return str(error)
    return None


def rates_cover_period(ctx: TransitionContext) -> Optional[str]:
    return _interest_problem(ctx, repayment_due(ctx)) if ctx.procedure.data.get("effective_from") else None


def sign(ctx: TransitionContext) -> None:
    """Under the case's lock, against the money as it is now: a payment executed or a claim made since the proposal
    changes what may be revoked and what is owed."""
    revoked = Decimal(ctx.procedure.data["revoked"])
    money = case_money(ctx.session, ctx.application)
    if revoked > money.granted:
        raise TransitionRefused(
            f"Widerrufen werden kann höchstens die verbliebene Bewilligung von {euro(money.granted)}; "
            "bitte verwerfen Sie den Vorschlag und schlagen Sie neu vor.",
            409,
        )
    principal = _principal(money, revoked)
    if principal != (ctx.procedure.amount or ZERO):
        raise TransitionRefused(
            f"Seit dem Vorschlag hat sich der Zahlungsstand geändert: zu erstatten wären jetzt "
            f"{euro(principal)} statt {euro(ctx.procedure.amount or ZERO)}. Bitte verwerfen Sie den "
            "Vorschlag und schlagen Sie neu vor.",
            409,
        )
    ctx.application.granted_amount = money.granted - revoked
    record_claim_terms(ctx)


def record_claim_terms(ctx: TransitionContext) -> None:
    """At signing a Bescheid that demands repayment (a Widerruf, an Änderungsbescheid): the claim the system opens
    next takes these – the principal's parts with their first interest day, and the due date."""
    due = repayment_due(ctx)
    interest = sum((row["interest"] for row in interest_rows(ctx, due)), ZERO)
    parts = [
        {"amount": str(part), "start": start.isoformat(), "payment_id": payment_id}
        for part, start, payment_id in repayment_portions(ctx)
    ]
    ctx.procedure.data = {
        **ctx.procedure.data,
        "due_on": due.isoformat(),
        "interest_to_due": str(interest),
        "portions": parts,
        "signed_on": ctx.today.isoformat(),
    }
    ctx.details.update(principal=str(claimed_principal(ctx.procedure)), interest=str(interest), due_on=due.isoformat())


def facts(procedure) -> list[tuple[str, str]]:
    data = procedure.data
    if "revoked" not in data:
        return hearing.facts(data)
    principal = procedure.amount or ZERO
    owed = (
        euro(principal) if principal else "nichts – ausgezahlt ist nicht mehr, als nach dem Widerruf bewilligt bleibt"
    )
    found = [
        ("Widerrufen", f"{euro(Decimal(data['revoked']))} von {euro(Decimal(data['granted_before']))}"),
        ("Wirkt ab", date_de(date.fromisoformat(data["effective_from"]))),
        ("Zu erstatten", owed),
        ("Gründe", data["reasons"]),
    ]
    if "due_on" in data and principal:
        found.append(
            (
                "Fällig",
                f"{date_de(date.fromisoformat(data['due_on']))}, Zinsen bis dahin {euro(Decimal(data['interest_to_due']))}",
            )
        )
    return found + hearing.facts(data)


def repayment_account_known(ctx: TransitionContext) -> Optional[str]:
    return payer_account_problem(case_settings(ctx.application))


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def letter(ctx: TransitionContext) -> dict[str, Any]:
    """What the Anhörung and the Widerrufsbescheid read as ``procedure``: the intended decision from the hearing on,
    the interest once it is signed."""
    data = ctx.procedure.data
    if "revoked" not in data:
        return {}
    principal = ctx.procedure.amount or ZERO
    decided = first_decision_day(ctx.application)
    base = {
        "revoked": euro(Decimal(data["revoked"])),
        "granted_before": euro(Decimal(data["granted_before"])),
        "granted_after": euro(Decimal(data["granted_before"]) - Decimal(data["revoked"])),
        "paid": euro(case_money(ctx.session, ctx.application).paid),
        "effective_from": date_de(date.fromisoformat(data["effective_from"])),
        "principal": euro(principal),
        "owes": principal > 0,
        "reasons": _lines(data["reasons"]),
        "decision_date": date_de(decided) if decided else "",
        **hearing_letter(data),
        **discretion_letter(data),
    }
    if "due_on" not in data:
        return base
    return {**base, **repayment_letter(ctx)}


def repayment_letter(ctx: TransitionContext) -> dict[str, Any]:
    """The repayment as a signed Bescheid states it: due date, interest to it by period, the account to pay to."""
    principal = claimed_principal(ctx.procedure)
    due = date.fromisoformat(ctx.procedure.data["due_on"])
    rows = interest_rows(ctx, due)
    interest = sum((row["interest"] for row in rows), ZERO)
    return {
        "due_on": date_de(due),
        "interest": euro(interest),
        "total": euro(principal + interest),
        "interest_rows": [
            {
                "principal": euro(row["principal"]),
                "period": f"{date_de(row['date_from'])} – {date_de(row['date_to'])}",
                "days": row["days"],
                "year_days": row["year_days"],
                "base_rate": percent(row["base_rate"]),
                "rate": percent(row["rate"]),
                "interest": euro(row["interest"]),
            }
            for row in rows
        ],
        "account": repayment_account(case_settings(ctx.application)),
        "daily_after_due": formatting.euro(
            (principal * (rows[-1]["rate"] if rows else Decimal(5)) / 100 / 365).quantize(CENT)
        ),
    }


LETTER_SAMPLE = {
    "revoked": "14.500,00 €",
    "granted_before": "116.000,00 €",
    "granted_after": "101.500,00 €",
    "paid": "116.000,00 €",
    "effective_from": "01.03.2027",
    "principal": "14.500,00 €",
    "owes": True,
    "reasons": ["Die Stelle war drei Monate nicht besetzt."],
    "decision_date": "01.02.2027",
    **HEARING_SAMPLE,
    "reliance": ["Die Kommune konnte nicht darauf vertrauen, die Mittel für unbesetzte Monate zu behalten."],
    "extent": ["Widerrufen wird nur der Festbetrag der drei unbesetzten Monate."],
    "timing": ["Der Widerruf wirkt ab dem ersten unbesetzten Monat."],
    "due_on": "14.07.2027",
    "interest": "547,22 €",
    "total": "15.047,22 €",
    "interest_rows": [
        {
            "principal": "14.500,00 €",
            "period": "01.03.2027 – 30.06.2027",
            "days": 122,
            "year_days": 365,
            "base_rate": "1,27\u00a0%",
            "rate": "6,27\u00a0%",
            "interest": "303,88 €",
        }
    ],
    "account": SAMPLE_REPAYMENT_ACCOUNT,
    "daily_after_due": "2,49 €",
}

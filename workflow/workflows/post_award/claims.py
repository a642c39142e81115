"""Claims (Forderungen): what a Widerruf or an Änderungsbescheid demands back, as a record of its own until it is paid, deferred or written off.

A claim is opened by the system when the Bescheid that demands repayment is signed; it takes the principal, the
portions it stems from (each payment's part with its first interest day) and the due date from that Bescheid.
Receipts may be partial and are applied costs → interest → principal (``claim_balance``); a receipt that leaves
nothing open settles the claim. An overdue claim is dunned (Mahnung: what is owed today and a new date); a claim may
be deferred (Stundung, § 59 Abs. 1 Nr. 1 LHO), written off for the time being or for good (Niederschlagung, Nr. 2,
an internal measure: the claim stays) or remitted (Erlass, Nr. 3: the claim ends) – each by two people.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy.orm import object_session

from workflow import clock, deadlines, formatting
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de, euro
from workflow.money.interest import InterestError
from workflow.models import Procedure, Receipt
from workflow.operations.base_rates import percent, rate_history
from workflow.workflows.post_award.accounts import (
    CENT,
    SAMPLE_REPAYMENT_ACCOUNT,
    ZERO,
    claimed_principal,
    positive_amount,
    repayment_account,
)
from workflow.workflows.post_award.claim_balance import Balance, Money, Portion, balance
from workflow.text import parse_german_date

SUSPENSION, REMISSION = "suspension", "remission"
# How the letters name the Bescheid a claim stems from.
SOURCE_LABELS = {
    "revocation": "{number}. Widerrufsbescheid",
    "change": "{number}. Änderungsbescheid",
    "proof_of_use": "Schlussbescheid",
}
WRITE_OFF_LABELS = {
    SUSPENSION: "Niederschlagung (§ 59 Abs. 1 Nr. 2 LHO): die Forderung bleibt, sie wird vorerst nicht weiter verfolgt",
    REMISSION: "Erlass (§ 59 Abs. 1 Nr. 3 LHO): die Forderung erlischt",
}


def has_claim(source: Optional[Procedure]) -> bool:
    """A claim follows a signed Bescheid that demands repayment."""
    return source is not None and (
        claimed_principal(source) > 0 or Decimal(source.data.get("interim_interest_demanded", "0")) > 0
    )


def open_claim(ctx: TransitionContext) -> None:
    source = ctx.session.get(Procedure, ctx.payload["opened_after"])
    data = source.data
    ctx.procedure.amount = claimed_principal(source)
    ctx.procedure.data = {
        **ctx.procedure.data,
        "source_id": source.id,
        "source_kind": source.kind,
        "source_number": source.number,
        "portions": data["portions"],
        "due_on": data["due_on"],
        "effective_from": data.get("effective_from"),
        "interim_interest": data.get("interim_interest_demanded", "0"),
        "costs": [],
    }
    ctx.details.update(principal=str(ctx.procedure.amount), due_on=data["due_on"])


def portions(procedure: Procedure) -> list[Portion]:
    return [
        Portion(Decimal(item["amount"]), date.fromisoformat(item["start"]), item.get("payment_id"))
        for item in procedure.data.get("portions", [])
    ]


def _receipts(procedure: Procedure) -> list[Money]:
    return [Money(receipt.received_on, receipt.amount) for receipt in procedure.receipts]


def _costs(procedure: Procedure) -> list[Money]:
    return [Money(date.fromisoformat(item["day"]), Decimal(item["amount"])) for item in procedure.data.get("costs", [])]


def claim_balance(session, procedure: Procedure, until: date, extra: tuple[Money, ...] = ()) -> Balance:
    """The claim as of ``until`` with its receipts (and ``extra`` ones not yet booked)."""
    return balance(
        portions(procedure),
        [*_receipts(procedure), *extra],
        until,
        rate_history(session),
        _costs(procedure),
        Decimal(procedure.data.get("interim_interest", "0")),
    )


def due_date(ctx: TransitionContext) -> date:
    return date.fromisoformat(ctx.procedure.data["due_on"])


def _received_on(ctx: TransitionContext) -> Optional[date]:
    return parse_german_date(str(ctx.payload.get("received_on") or ""))


def rates_cover_receipt(ctx: TransitionContext) -> Optional[str]:
    received = _received_on(ctx)
    if received is None:
        return None
    try:
        claim_balance(ctx.session, ctx.procedure, received)
    except InterestError as error:
        return str(error)
    return None


def book(ctx: TransitionContext) -> None:
    received_on = _received_on(ctx)
    if received_on is None or received_on > ctx.today:
        raise TransitionRefused("Bitte geben Sie den Tag der Gutschrift an (TT.MM.JJJJ, nicht in der Zukunft).", 422)
    last = max((receipt.received_on for receipt in ctx.procedure.receipts), default=None)
    if last is not None and received_on < last:
        raise TransitionRefused(
            f"Gebucht ist schon ein Eingang vom {date_de(last)}; ein früherer Eingang wird vor ihm "
            "gebucht oder die Buchungen werden berichtigt.",
            422,
        )
    amount = positive_amount(
        ctx.payload.get("amount"), "Bitte geben Sie den eingegangenen Betrag in Euro an (über 0 €)."
    )
    after = claim_balance(ctx.session, ctx.procedure, received_on, (Money(received_on, amount),))
    applied = after.applied[-1]
    if applied.excess > 0:
        owed = applied.amount - applied.excess
        raise TransitionRefused(
            f"Eingegangen sind {euro(amount)}, geschuldet sind bis zum {date_de(received_on)} nur "
            f"{euro(owed)}. Ein Überschuss von {euro(applied.excess)} ist zurückzuzahlen, nicht "
            "zu buchen.",
            422,
        )
    ctx.session.add(
        Receipt(
            claim=ctx.procedure,
            received_on=received_on,
            amount=amount,
            to_costs=applied.to_costs,
            to_interest=applied.to_interest,
            to_principal=applied.to_principal,
            budget_year=received_on.year,
            booked_by_id=ctx.actor.id,
            booked_at=clock.now(),
        )
    )
    ctx.target = "settled" if after.settled else ctx.procedure.state
    if after.settled:
        ctx.closes = ("repayment", "dunning")
    ctx.details.update(
        received=str(amount),
        to_costs=str(applied.to_costs),
        to_interest=str(applied.to_interest),
        to_principal=str(applied.to_principal),
        open=str(after.open),
    )
    ctx.payload["comment"] = (
        f"Eingang am {date_de(received_on)}: {euro(amount)} – davon Kosten {euro(applied.to_costs)}, "
        f"Zinsen {euro(applied.to_interest)}, Hauptforderung {euro(applied.to_principal)}; "
        + ("die Forderung ist beglichen." if after.settled else f"noch offen {euro(after.open)}.")
    )


def dun(ctx: TransitionContext) -> None:
    """A Mahnung: what is owed today, a new date, and the dunning costs the programme charges (if any)."""
    settings = case_settings(ctx.application)
    fee = settings.dunning_fee
    if fee > 0:
        ctx.procedure.data = {
            **ctx.procedure.data,
            "costs": [*ctx.procedure.data.get("costs", []), {"day": ctx.today.isoformat(), "amount": str(fee)}],
        }
    due = dunning_due(ctx)
    ctx.procedure.data = {
        **ctx.procedure.data,
        "dunned_on": ctx.today.isoformat(),
        "dunning_due_on": due.isoformat(),
        "dunnings": ctx.procedure.data.get("dunnings", 0) + 1,
    }
    ctx.details.update(dunning_due_on=due.isoformat())


def dunning_due(ctx: TransitionContext) -> date:
    settings = case_settings(ctx.application)
    notified = deadlines.notification_date(ctx.today, settings.notification_fiction_days)
    return deadlines.end_of_day_period(notified, settings.dunning_period_days)


def propose_deferral(ctx: TransitionContext) -> None:
    until = parse_german_date(str(ctx.payload.get("deferred_to") or ""))
    if until is None or until <= ctx.today:
        raise TransitionRefused("Bitte geben Sie an, bis wann gestundet wird (TT.MM.JJJJ, nach heute).", 422)
    _require_reasons(ctx, "Bitte begründen Sie die Stundung (erhebliche Härte, Anspruch nicht gefährdet).")
    ctx.procedure.data = {
        **ctx.procedure.data,
        "proposal": {
            "kind": "deferral",
            "deferred_to": until.isoformat(),
            "state_before": ctx.procedure.state,
            "reasons": ctx.payload["comment"].strip(),
        },
    }


def sign_deferral(ctx: TransitionContext) -> None:
    proposal = ctx.procedure.data["proposal"]
    ctx.procedure.data = {
        **ctx.procedure.data,
        "due_on": proposal["deferred_to"],
        "deferred_on": ctx.today.isoformat(),
        "deferral_reasons": proposal["reasons"],
        "proposal": None,
    }


def propose_write_off(ctx: TransitionContext) -> None:
    kind = ctx.payload.get("kind")
    if kind not in WRITE_OFF_LABELS:
        raise TransitionRefused("Bitte wählen Sie Niederschlagung oder Erlass.", 422)
    _require_reasons(ctx, "Bitte begründen Sie die Entscheidung nach § 59 LHO.")
    ctx.procedure.data = {
        **ctx.procedure.data,
        "proposal": {"kind": kind, "state_before": ctx.procedure.state, "reasons": ctx.payload["comment"].strip()},
    }


def proposed(kind: str):
    def condition(ctx: TransitionContext) -> bool:
        return (ctx.procedure.data.get("proposal") or {}).get("kind") == kind

    return condition


def sign_write_off(ctx: TransitionContext) -> None:
    """The amount written off is what is open today; received stays received."""
    proposal = ctx.procedure.data["proposal"]
    open_today = claim_balance(ctx.session, ctx.procedure, ctx.today)
    ctx.procedure.data = {
        **ctx.procedure.data,
        "written_off": {
            "kind": proposal["kind"],
            "on": ctx.today.isoformat(),
            "amount": str(open_today.open),
            "reasons": proposal["reasons"],
        },
        "proposal": None,
    }
    ctx.details.update(written_off=str(open_today.open))


def return_proposal(ctx: TransitionContext) -> None:
    """Back to where the claim stood before the proposal."""
    before = ctx.procedure.data["proposal"]["state_before"]
    ctx.procedure.data = {**ctx.procedure.data, "proposal": None}
    ctx.target = before


def resume(ctx: TransitionContext) -> None:
    ctx.procedure.data = {**ctx.procedure.data, "written_off": None, "resumed_on": ctx.today.isoformat()}


def _require_reasons(ctx: TransitionContext, message: str) -> None:
    if not (ctx.payload.get("comment") or "").strip():
        raise TransitionRefused(message, 422)


def facts(procedure: Procedure) -> list[tuple[str, str]]:
    data = procedure.data
    if "due_on" not in data:
        return []
    found = [("Hauptforderung", euro(procedure.amount)), ("Fällig", date_de(date.fromisoformat(data["due_on"])))]
    received = sum((receipt.amount for receipt in procedure.receipts), ZERO)
    if received:
        found.append(("Eingegangen", euro(received)))
    if procedure.state not in ("settled", "remitted"):
        try:
            today = claim_balance(object_session(procedure), procedure, clock.today())
            found.append(("Heute offen", f"{euro(today.open)} (davon Zinsen {euro(today.open_interest)})"))
        except InterestError as error:
            found.append(("Heute offen", str(error)))
    if data.get("dunning_due_on"):
        found.append(
            (
                "Gemahnt",
                f"am {date_de(date.fromisoformat(data['dunned_on']))}, zu zahlen bis "
                f"{date_de(date.fromisoformat(data['dunning_due_on']))}",
            )
        )
    proposal = data.get("proposal")
    # A proposed Ratenzahlung is described by ``instalments.facts``.
    if proposal and (proposal["kind"] == "deferral" or proposal["kind"] in WRITE_OFF_LABELS):
        found.append(
            (
                "Vorgeschlagen",
                ("Stundung bis " + date_de(date.fromisoformat(proposal["deferred_to"])))
                if proposal["kind"] == "deferral"
                else WRITE_OFF_LABELS[proposal["kind"]],
            )
        )
        found.append(("Gründe", proposal["reasons"]))
    if data.get("written_off"):
        found.append(
            (
                "Ausgebucht",
                f"{euro(Decimal(data['written_off']['amount']))} am "
                f"{date_de(date.fromisoformat(data['written_off']['on']))}",
            )
        )
    return found


def letter(ctx: TransitionContext) -> dict[str, Any]:
    data = ctx.procedure.data
    today = claim_balance(ctx.session, ctx.procedure, ctx.today)
    source = ctx.session.get(Procedure, data["source_id"])
    rate = today.rows[-1][1].rate if today.rows else Decimal(5)
    return {
        "principal": euro(ctx.procedure.amount),
        "interest": euro(today.interest),
        "costs": euro(today.costs),
        "received": euro(today.received),
        "open": euro(today.open),
        "open_principal": euro(today.open_principal),
        "open_interest": euro(today.open_interest),
        "open_costs": euro(today.open_costs),
        "due_on": date_de(date.fromisoformat(data["due_on"])),
        "dunning_due_on": date_de(date.fromisoformat(data["dunning_due_on"])) if data.get("dunning_due_on") else "",
        "source": SOURCE_LABELS.get(source.kind, "Bescheid").format(number=source.number),
        "source_signed_on": date_de(date.fromisoformat(source.data["signed_on"]))
        if source.data.get("signed_on")
        else "",
        "deferral_reasons": [line for line in (data.get("deferral_reasons") or "").splitlines() if line.strip()],
        "written_off": euro(Decimal(data["written_off"]["amount"])) if data.get("written_off") else "",
        "write_off_reasons": [
            line for line in ((data.get("written_off") or {}).get("reasons") or "").splitlines() if line.strip()
        ],
        "rate": percent(rate),
        "daily": formatting.euro((today.open_principal * rate / 100 / 365).quantize(CENT)),
        "account": repayment_account(case_settings(ctx.application)),
    }


LETTER_SAMPLE = {
    "principal": "14.500,00 €",
    "interest": "547,22 €",
    "costs": "0,00 €",
    "received": "5.000,00 €",
    "open": "10.047,22 €",
    "open_principal": "9.500,00 €",
    "open_interest": "547,22 €",
    "open_costs": "0,00 €",
    "due_on": "14.07.2027",
    "dunning_due_on": "02.09.2027",
    "source": "1. Widerrufsbescheid",
    "source_signed_on": "14.06.2027",
    "deferral_reasons": ["Die Gemeinde hat eine vorübergehende Härte dargelegt."],
    "written_off": "10.047,22 €",
    "write_off_reasons": ["Die Einziehung ist derzeit ohne Erfolg."],
    "rate": "6,27\u00a0%",
    "daily": "1,63 €",
    "account": SAMPLE_REPAYMENT_ACCOUNT,
}

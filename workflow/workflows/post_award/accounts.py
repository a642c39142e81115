"""A granted case's money: granted, paid, pending, claimed back and repaid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.engine.context import TransitionRefused
from workflow.engine.declaration import (
    MONEY_CLAIMED,
    MONEY_ORDERED,
    MONEY_PAID,
    MONEY_PENDING,
    MONEY_REMITTED,
    states_meaning,
)
from workflow.formatting import iban as iban_de
from workflow.models import Application, Procedure, Receipt
from workflow.money import within_cents
from workflow.workflows.post_award.states import CLAIM_STATES, PAYMENT_STATES

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
PAYMENT, CHANGE, PROOF_OF_USE, REVOCATION, CLAIM = "payment", "change", "proof_of_use", "revocation", "claim"
# Payments paid out by the cash office, and those still on their way: a payment ordered but not yet executed has not
# left the Landeskasse, so it is neither paid nor bears interest. Ordered and executed payments use the annual budget
# of their Haushaltsjahr. The states say what their amounts mean (``states.py``).
PAID_STATES = states_meaning(PAYMENT_STATES, MONEY_PAID)
(ORDERED_STATE,) = states_meaning(PAYMENT_STATES, MONEY_ORDERED)
PENDING_STATES = states_meaning(PAYMENT_STATES, MONEY_PENDING, MONEY_ORDERED)
COMMITTED_STATES = states_meaning(PAYMENT_STATES, MONEY_ORDERED, MONEY_PAID)
CLAIMED_STATES = states_meaning(CLAIM_STATES, MONEY_CLAIMED, MONEY_REMITTED)
# A claim extinguished by Erlass: what was not received of its principal is no longer owed.
(REMITTED_STATE,) = states_meaning(CLAIM_STATES, MONEY_REMITTED)
# The payer account a programme ships with: the standard example IBAN (valid check digits, no real account), so
# that the demo and the tests can write SEPA files and Widerrufsbescheide. Live, it is refused until replaced.
EXAMPLE_PAYER_IBAN, EXAMPLE_PAYER_BIC = "DE89370400440532013000", "COBADEFFXXX"


def payer_account_problem(settings) -> str | None:
    """Why no money may move through the programme's payer account yet: it is still the shipped example."""
    if settings.payer_iban.replace(" ", "") != EXAMPLE_PAYER_IBAN or current_app.config["ALLOW_EXAMPLE_PAYER_ACCOUNT"]:
        return None
    return (
        "Als Konto der zahlenden Kasse ist noch das ausgelieferte Beispielkonto eingetragen. Die Administration trägt "
        "IBAN und BIC der Landesoberkasse in den Einstellungen des Programms ein; bis dahin entstehen weder "
        "SEPA-Dateien noch Rückforderungsbescheide."
    )


# The payer account as the letters' samples show it (``programme check``).
SAMPLE_REPAYMENT_ACCOUNT = {
    "holder": "Landesoberkasse Baden-Württemberg",
    "iban": iban_de(EXAMPLE_PAYER_IBAN),
    "bic": EXAMPLE_PAYER_BIC,
}


def positive_amount(value, message: str) -> Decimal:
    """An amount a person typed for a step: over 0 €, exact to the cent; otherwise refused with ``message`` (422)."""
    try:
        amount = Decimal(str(value or ""))
    except InvalidOperation:
        raise TransitionRefused(message, 422) from None
    if not within_cents(amount) or amount <= 0:
        raise TransitionRefused(message, 422)
    return amount


def repayment_account(settings) -> dict[str, str]:
    """The state's cash office account (the programme's payer account) that takes repayments."""
    return {"holder": settings.payer_name, "iban": iban_de(settings.payer_iban), "bic": settings.payer_bic}


@dataclass(frozen=True)
class CaseMoney:
    granted: Decimal
    paid: Decimal
    pending: Decimal
    # Principal of the claims (Forderungen), and of it what was received and what was remitted (Erlass).
    claimed: Decimal
    repaid: Decimal
    # Ordered, not yet executed (part of ``pending``): a cash file must not pay more than the grant.
    ordered: Decimal = ZERO
    remitted: Decimal = ZERO
    # All money received on claims, and the part of it that paid interest.
    received: Decimal = ZERO
    interest_received: Decimal = ZERO

    @property
    def open_to_pay(self) -> Decimal:
        """What may still be requested: granted, less paid and on its way (never below zero)."""
        return max(self.granted - self.paid - self.pending, ZERO)

    @property
    def outstanding(self) -> Decimal:
        """Principal still owed (interest comes on top, computed to a day)."""
        return self.claimed - self.repaid - self.remitted


def case_money(session: Session, application: Application) -> CaseMoney:
    """Read from the database, not from loaded objects: a step holds the case's lock and must see the others' work."""
    return cases_money(session, [application])[application.id]


def cases_money(session: Session, applications: list[Application]) -> dict[int, CaseMoney]:
    """The money of each of ``applications`` by its id, in one statement for all of them."""
    sums: dict[int, dict[tuple[str, str], Decimal]] = {application.id: {} for application in applications}
    rows = session.execute(
        select(Procedure.application_id, Procedure.kind, Procedure.state, func.sum(Procedure.amount))
        .where(Procedure.application_id.in_(list(sums)), Procedure.amount.is_not(None))
        .group_by(Procedure.application_id, Procedure.kind, Procedure.state)
    )
    for application_id, kind, state, total in rows:
        sums[application_id][kind, state] = Decimal(total)
    received: dict[int, dict[bool, tuple[Decimal, Decimal, Decimal]]] = {application_id: {} for application_id in sums}
    for application_id, state, amount, to_interest, to_principal in session.execute(
        select(
            Procedure.application_id,
            Procedure.state,
            func.sum(Receipt.amount),
            func.sum(Receipt.to_interest),
            func.sum(Receipt.to_principal),
        )
        .join(Receipt, Receipt.procedure_id == Procedure.id)
        .where(Procedure.application_id.in_(list(sums)))
        .group_by(Procedure.application_id, Procedure.state)
    ):
        remitted = state == REMITTED_STATE
        before = received[application_id].get(remitted, (ZERO,) * 3)
        received[application_id][remitted] = tuple(
            a + Decimal(b) for a, b in zip(before, (amount, to_interest, to_principal))
        )

    def total(application_id: int, kind: str, states) -> Decimal:
        return sum((sums[application_id].get((kind, state), ZERO) for state in states), ZERO).quantize(CENT)

    def receipts(application_id: int, index: int, remitted: tuple[bool, ...] = (False, True)) -> Decimal:
        return sum((received[application_id].get(flag, (ZERO,) * 3)[index] for flag in remitted), ZERO).quantize(CENT)

    return {
        application.id: CaseMoney(
            granted=application.granted_amount or ZERO,
            paid=total(application.id, PAYMENT, PAID_STATES),
            pending=total(application.id, PAYMENT, PENDING_STATES),
            claimed=total(application.id, CLAIM, CLAIMED_STATES),
            repaid=receipts(application.id, 2),
            ordered=total(application.id, PAYMENT, (ORDERED_STATE,)),
            remitted=total(application.id, CLAIM, (REMITTED_STATE,)) - receipts(application.id, 2, (True,)),
            received=receipts(application.id, 0),
            interest_received=receipts(application.id, 1),
        )
        for application in applications
    }


def granted_rulings(application: Application) -> list:
    decision = application.signed_proposal
    return [ruling for ruling in decision.rulings if ruling.granted] if decision else []


def end_of_half_year(day: date) -> date:
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


def half_years(application: Application) -> list[tuple[date, date]]:
    """The half-years the granted positions are funded in, as (first day, last day)."""
    rulings = granted_rulings(application)
    if not rulings:
        return []
    start = min(ruling.funding_start for ruling in rulings)
    end = max(ruling.funding_end for ruling in rulings)
    periods, first = [], date(start.year, 1 if start.month <= 6 else 7, 1)
    while first <= end:
        last = end_of_half_year(first)
        periods.append((first, last))
        first = last + timedelta(days=1)
    return periods


def claimed_principal(procedure: Procedure) -> Decimal:
    """What a signed Bescheid demands back: a Widerruf's amount is that figure; an Änderungsbescheid's amount is the new
    grant, and what it demands back is kept beside it."""
    if "principal" in procedure.data:
        return Decimal(procedure.data["principal"])
    return procedure.amount or ZERO

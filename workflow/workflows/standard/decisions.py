"""A decision per measure: granted as requested, reduced (a staff position by a smaller VZÄ share or fewer months,
any other shape by a smaller amount) or refused.

The reviewer's input arrives as plain values (from the web form or the API);
``rule_positions`` checks it against the case and the programme's rules and
computes each position's amount; the decision's kind and total follow from
the positions, never from a separate choice that could contradict them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Optional

from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import case_settings, definition_for
from workflow.engine.measures import stored_measure
from workflow.measures.staff_positions import months_between
from workflow.formatting import date_de, euro, fte as fte_de
from workflow.money import NotAnAmount, parse_euro_text, within_cents
from workflow.models.application import (
    GRANTED,
    PROPOSAL_GRANT,
    PROPOSAL_PARTIAL,
    PROPOSAL_REJECTION,
    REDUCED,
    REFUSED,
    RULING_LABELS,
)
from workflow.text import parse_german_date, parse_german_decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Ruling:
    position: Any
    outcome: str
    # The granted VZÄ share of a staff position; None for shapes without one.
    fte: Optional[Decimal]
    funding_start: Optional[date]
    funding_end: Optional[date]
    amount: Decimal
    reason: str


def reduced_amount(definition, settings, position, fte: Decimal, end: date, facts: dict[str, Any]) -> Decimal:
    """A staff position's amount for the reduced share, pro rata for the months still funded."""
    data = stored_measure(definition.schema.measure_shape, position, fte=fte)
    full = definition.rules.measure_amount(settings, data, facts)
    share = months_between(position.funding_start, end) / months_between(position.funding_start, position.funding_end)
    return (full * share).quantize(CENT, rounding=ROUND_HALF_UP)


class RulingRefused(TransitionRefused):
    """A ruling the rules refuse, naming the measure (``index``) and the field (``field``) the message belongs to."""

    def __init__(self, message: str, index: int, field: str):
        super().__init__(message, 422)
        self.index = index
        self.field = field
        self.reason = message.split(": ", 1)[-1]


def _refuse(noun: str, position, message: str, field: str = "outcome"):
    raise RulingRefused(
        f"{noun} {position.sort_order + 1} ({position.person_name}): {message}", position.sort_order, field
    )


def _reduced_share(definition, settings, application, position, item) -> Ruling:
    """A staff position granted with a smaller share or to an earlier end; its amount by the programme's rule."""
    noun = definition.schema.measure_shape.noun
    fte = parse_german_decimal(str(item.get("fte") or "")) if item.get("fte") else position.fte
    end = parse_german_date(str(item.get("end") or "")) if item.get("end") else position.funding_end
    if fte is None or not within_cents(fte):
        _refuse(
            noun,
            position,
            "Bitte geben Sie den bewilligten Stellenanteil als Zahl mit höchstens zwei Nachkommastellen an.",
            "fte",
        )
    if end is None:
        _refuse(noun, position, "Bitte geben Sie das Ende der Förderung im Format TT.MM.JJJJ an.", "end")
    if not Decimal("0") < fte <= position.fte:
        _refuse(
            noun,
            position,
            f"Der bewilligte Stellenanteil muss über 0 und höchstens {fte_de(position.fte)} VZÄ (beantragt) liegen.",
            "fte",
        )
    if not position.funding_start <= end <= position.funding_end:
        _refuse(
            noun,
            position,
            f"Das Ende der Förderung muss zwischen dem {date_de(position.funding_start)} und dem "
            f"{date_de(position.funding_end)} (beantragt) liegen.",
            "end",
        )
    if fte == position.fte and end == position.funding_end:
        _refuse(
            noun,
            position,
            "Eine Kürzung braucht einen kleineren Stellenanteil oder ein früheres Ende der Förderung.",
            "fte",
        )
    problems = definition.rules.check_measure(
        settings, stored_measure(definition.schema.measure_shape, position, fte=fte)
    )
    if problems:
        _refuse(noun, position, " ".join(problems.values()), "fte" if "fte" in problems else "end")
    amount = reduced_amount(definition, settings, position, fte, end, dict(application.details))
    return Ruling(position, REDUCED, fte, position.funding_start, end, amount, "")


def _reduced_amount(definition, position, item) -> Ruling:
    """A measure granted with a smaller amount than computed."""
    noun = definition.schema.measure_shape.noun
    try:
        amount = parse_euro_text(str(item.get("amount") or ""))
    except NotAnAmount:
        amount = None
    if amount is None or not within_cents(amount):
        _refuse(
            noun,
            position,
            "Bitte geben Sie den bewilligten Betrag in Euro mit höchstens zwei Nachkommastellen an.",
            "amount",
        )
    if not Decimal("0") < amount < position.amount:
        _refuse(
            noun,
            position,
            f"Der bewilligte Betrag muss über 0 und unter {euro(position.amount)} (beantragt) liegen.",
            "amount",
        )
    return Ruling(position, REDUCED, None, position.funding_start, position.funding_end, amount, "")


def rule_one(definition, settings, application, position, item: dict[str, Any]) -> Ruling:
    """The ruling on one measure from its ``item``; ``RulingRefused`` names the field a refusal belongs to."""
    shape = definition.schema.measure_shape
    noun = shape.noun
    outcome = item.get("outcome")
    reason = (item.get("reason") or "").strip()
    if outcome not in RULING_LABELS:
        _refuse(noun, position, "Bitte wählen Sie: bewilligen, kürzen oder ablehnen.")
    if outcome != GRANTED and not reason:
        _refuse(noun, position, "Bitte begründen Sie die Kürzung oder Ablehnung.", "reason")
    if outcome == GRANTED:
        ruling = Ruling(
            position, GRANTED, position.fte, position.funding_start, position.funding_end, position.amount, ""
        )
    elif outcome == REFUSED:
        zero_fte = Decimal("0.00") if position.fte is not None else None
        ruling = Ruling(position, REFUSED, zero_fte, None, None, Decimal("0.00"), "")
    elif "fte" in shape.reductions:
        ruling = _reduced_share(definition, settings, application, position, item)
    else:
        ruling = _reduced_amount(definition, position, item)
    return Ruling(**{**ruling.__dict__, "reason": reason})


def rule_positions(application, items: list[dict[str, Any]]) -> list[Ruling]:
    """One ruling per measure of ``application`` from ``items`` (outcome, reason and — by the measures' shape — fte and
    end, or amount, per measure, in order)."""
    definition = definition_for(application.programme.code)
    settings = case_settings(application)
    positions = application.positions
    shape = definition.schema.measure_shape
    noun = shape.noun
    if len(items) != len(positions):
        raise TransitionRefused(f"Bitte entscheiden Sie über alles Beantragte: je {noun} eine Entscheidung.", 422)
    rulings = [rule_one(definition, settings, application, position, item) for position, item in zip(positions, items)]
    rulings = held_to_cap(definition, application, rulings)
    total = definition.rules.granted_total(settings, application, rulings)
    if application.requested_amount is not None and total > application.requested_amount:
        capped = (
            f" ({definition.rules.capped_note})" if application.requested_amount < application.computed_amount else ""
        )
        how = " (Stellenanteil oder Monate)" if "fte" in shape.reductions else ""
        instead = (
            f" Oder bewilligen Sie jede {noun} wie beantragt: Dann wird die Zuwendung auf den Höchstbetrag begrenzt."
            if capped and definition.rules.grants_up_to_cap
            else ""
        )
        raise TransitionRefused(
            f"Die Summe der bewilligten Beträge von {euro(total)} liegt über dem beantragten Betrag von "
            f"{euro(application.requested_amount)}{capped}. Bitte kürzen Sie eine {noun} um mindestens "
            f"{euro(total - application.requested_amount)}{how}.{instead}",
            422,
        )
    return rulings


def apportioned(amounts: list[Decimal], total: Decimal) -> list[Decimal]:
    """``total`` split in proportion to ``amounts``, to the cent, adding up to ``total`` exactly (the cents left by
    rounding down go to the largest remainders, the first position winning a tie)."""
    whole = sum(amounts, Decimal("0"))
    exact = [amount * total / whole for amount in amounts]
    shares = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
    left = int((total - sum(shares, Decimal("0"))) / CENT)
    for index in sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))[:left]:
        shares[index] += CENT
    return shares


def held_to_cap(definition, application, rulings: list[Ruling]) -> list[Ruling]:
    """Positions granted as applied whose sum exceeds a request the programme capped (the Planungsrahmen): the grant
    is the cap, and each position keeps its share and period and is funded with its share of the cap. The positions
    stay as staffed; only the part above the cap is refused (``Proposal.capped_excess``). Payments, changes and the
    proof of use go by position, so the positions' amounts add up to the grant. A reduced position is the
    reviewer's own figure: with one, the total has to fit the request as before."""
    requested = application.requested_amount
    if not definition.rules.grants_up_to_cap or requested is None or requested >= application.computed_amount:
        return rulings
    if any(ruling.outcome == REDUCED for ruling in rulings):
        return rulings
    granted = [ruling for ruling in rulings if ruling.outcome == GRANTED]
    applied = sum((ruling.amount for ruling in granted), Decimal("0.00"))
    if applied <= requested:
        return rulings
    shares = iter(apportioned([ruling.amount for ruling in granted], requested))
    return [
        Ruling(**{**ruling.__dict__, "amount": next(shares)}) if ruling.outcome == GRANTED else ruling
        for ruling in rulings
    ]


def granted_total(application, rulings: list[Ruling]) -> Decimal:
    """What the rulings grant, by the programme's rule."""
    return definition_for(application.programme.code).rules.granted_total(
        case_settings(application), application, rulings
    )


def kind_of(rulings: list[Ruling], requested: Optional[Decimal] = None, total: Optional[Decimal] = None) -> str:
    """Rejection when every position is refused; a grant when every position is granted as requested, or when
    none is refused and the total is exactly the request (a request capped by the programme is granted in full by
    reducing positions to fit it); otherwise a partial grant."""
    if all(ruling.outcome == REFUSED for ruling in rulings):
        return PROPOSAL_REJECTION
    if all(ruling.outcome == GRANTED for ruling in rulings):
        return PROPOSAL_GRANT
    total = sum((ruling.amount for ruling in rulings), Decimal("0.00")) if total is None else total
    if requested is not None and total == requested and not any(r.outcome == REFUSED for r in rulings):
        return PROPOSAL_GRANT
    return PROPOSAL_PARTIAL

"""A decision per position: granted as requested, reduced (a smaller VZÄ share or fewer months) or refused.

The reviewer's input arrives as plain values (from the web form or the API);
``rule_positions`` checks it against the case and the programme's rules and
computes each position's amount; the decision's kind and total follow from
the positions, never from a separate choice that could contradict them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from dateutil.relativedelta import relativedelta

from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import case_settings, definition_for
from workflow.engine.schema import PositionData
from workflow.formatting import date_de, euro, fte as fte_de
from workflow.money import within_cents
from workflow.models.application import (
    GRANTED, PROPOSAL_GRANT, PROPOSAL_PARTIAL, PROPOSAL_REJECTION, REDUCED, REFUSED, RULING_LABELS,
)
from workflow.text import parse_german_date, parse_german_decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Ruling:
    position: Any
    outcome: str
    fte: Decimal
    funding_start: Optional[date]
    funding_end: Optional[date]
    amount: Decimal
    reason: str


def months_between(start: date, end: date) -> Decimal:
    """Funded months from ``start`` to ``end`` inclusive; a part month counts by its days (30 to a month)."""
    whole = relativedelta(end + timedelta(days=1), start)
    return Decimal(whole.years * 12 + whole.months) + Decimal(whole.days) / 30


def reduced_amount(rules, settings, position, fte: Decimal, end: date, facts: dict[str, Any]) -> Decimal:
    """The programme's amount for the reduced share, pro rata for the months still funded."""
    data = PositionData(position.person_name, fte, position.employment_start, dict(position.details))
    full = rules.position_amount(settings, data, facts)
    share = months_between(position.funding_start, end) / months_between(position.funding_start, position.funding_end)
    return (full * share).quantize(CENT, rounding=ROUND_HALF_UP)


def _refuse(position, message: str):
    raise TransitionRefused(f"Stelle {position.sort_order + 1} ({position.person_name}): {message}", 422)


def _reduced(definition, settings, application, position, item) -> Ruling:
    fte = parse_german_decimal(str(item.get("fte") or "")) if item.get("fte") else position.fte
    end = parse_german_date(str(item.get("end") or "")) if item.get("end") else position.funding_end
    if fte is None or not within_cents(fte):
        _refuse(position, "Bitte geben Sie den bewilligten Stellenanteil als Zahl mit höchstens zwei Nachkommastellen an.")
    if end is None:
        _refuse(position, "Bitte geben Sie das Ende der Förderung im Format TT.MM.JJJJ an.")
    if not Decimal("0") < fte <= position.fte:
        _refuse(position, f"Der bewilligte Stellenanteil muss über 0 und höchstens {fte_de(position.fte)} VZÄ (beantragt) liegen.")
    if not position.funding_start <= end <= position.funding_end:
        _refuse(position, f"Das Ende der Förderung muss zwischen dem {date_de(position.funding_start)} und dem "
                          f"{date_de(position.funding_end)} (beantragt) liegen.")
    if fte == position.fte and end == position.funding_end:
        _refuse(position, "Eine Kürzung braucht einen kleineren Stellenanteil oder ein früheres Ende der Förderung.")
    data = PositionData(position.person_name, fte, position.employment_start, dict(position.details))
    problems = definition.rules.check_position(settings, data)
    if problems:
        _refuse(position, " ".join(problems.values()))
    amount = reduced_amount(definition.rules, settings, position, fte, end, dict(application.details))
    return Ruling(position, REDUCED, fte, position.funding_start, end, amount, "")


def rule_positions(application, items: list[dict[str, Any]]) -> list[Ruling]:
    """One ruling per position of ``application`` from ``items`` (outcome, fte, end, reason per position, in order)."""
    definition = definition_for(application.programme.code)
    settings = case_settings(application)
    positions = application.positions
    if len(items) != len(positions):
        raise TransitionRefused("Bitte entscheiden Sie über jede beantragte Stelle.", 422)
    rulings = []
    for position, item in zip(positions, items):
        outcome = item.get("outcome")
        reason = (item.get("reason") or "").strip()
        if outcome not in RULING_LABELS:
            _refuse(position, "Bitte wählen Sie: bewilligen, kürzen oder ablehnen.")
        if outcome != GRANTED and not reason:
            _refuse(position, "Bitte begründen Sie die Kürzung oder Ablehnung dieser Stelle.")
        if outcome == GRANTED:
            ruling = Ruling(position, GRANTED, position.fte, position.funding_start, position.funding_end, position.amount, "")
        elif outcome == REFUSED:
            ruling = Ruling(position, REFUSED, Decimal("0.00"), None, None, Decimal("0.00"), "")
        else:
            ruling = _reduced(definition, settings, application, position, item)
        rulings.append(Ruling(**{**ruling.__dict__, "reason": reason}))
    total = sum((ruling.amount for ruling in rulings), Decimal("0.00"))
    if application.requested_amount is not None and total > application.requested_amount:
        capped = f" ({definition.rules.capped_note})" if application.requested_amount < application.computed_amount else ""
        raise TransitionRefused(
            f"Die Summe der bewilligten Stellen von {euro(total)} liegt über dem beantragten Betrag von "
            f"{euro(application.requested_amount)}{capped}. Bitte kürzen Sie eine Stelle um mindestens "
            f"{euro(total - application.requested_amount)} (Stellenanteil oder Monate).", 422
        )
    return rulings


def kind_of(rulings: list[Ruling], requested: Optional[Decimal] = None) -> str:
    """Rejection when every position is refused; a grant when every position is granted as requested, or when
    none is refused and the total is exactly the request (a request capped by the programme is granted in full by
    reducing positions to fit it); otherwise a partial grant."""
    if all(ruling.outcome == REFUSED for ruling in rulings):
        return PROPOSAL_REJECTION
    if all(ruling.outcome == GRANTED for ruling in rulings):
        return PROPOSAL_GRANT
    total = sum((ruling.amount for ruling in rulings), Decimal("0.00"))
    if requested is not None and total == requested and not any(r.outcome == REFUSED for r in rulings):
        return PROPOSAL_GRANT
    return PROPOSAL_PARTIAL

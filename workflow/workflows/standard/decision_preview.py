"""What a proposal would grant, computed by the same rules as the proposal itself but stored nowhere: the proposal
form shows each measure's amount and the total while the reviewer decides (and after „Berechnen“ without
JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional

from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import case_settings, definition_for
from workflow.models.application import GRANTED, RULING_LABELS
from workflow.workflows.standard.decisions import RulingRefused, granted_total, rule_one, rule_positions

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Calculation:
    # Per measure, in order: its granted amount, or None while undecided or refused by the rules.
    amounts: tuple[Optional[Decimal], ...]
    # The refusals of single measures, each naming its field.
    refusals: tuple[RulingRefused, ...]
    # What the measures granted as applied come to by their own amounts.
    applied: Decimal
    # The grant, once every measure is ruled and the rulings stand together; else None.
    total: Optional[Decimal]
    capped_excess: Decimal
    # Why the rulings do not stand together (a total above the request), or None.
    problem: Optional[str]

    @property
    def capped(self) -> bool:
        return self.capped_excess > 0


def calculate(application, items: list[dict[str, Any]]) -> Calculation:
    # The amounts do not depend on the reasons: a reduction still to be reasoned shows its amount already (the
    # missing reason is refused on its field when the proposal is made).
    items = [{**item, "reason": item.get("reason") or "–"} for item in items]
    definition = definition_for(application.programme.code)
    settings = case_settings(application)
    single, refusals = [], []
    for position, item in zip(application.positions, items):
        if item.get("outcome") not in RULING_LABELS:
            single.append(None)
            continue
        try:
            single.append(rule_one(definition, settings, application, position, item))
        except RulingRefused as refusal:
            refusals.append(refusal)
            single.append(None)
    rulings, total, problem = single, None, None
    if single and all(ruling is not None for ruling in single):
        try:
            rulings = rule_positions(application, items)
            total = granted_total(application, rulings)
        except TransitionRefused as refusal:
            problem = refusal.message
    granted = [r for r in rulings if r is not None and r.outcome == GRANTED]
    applied = sum((r.position.amount for r in granted), ZERO)
    return Calculation(
        amounts=tuple(r.amount if r is not None else None for r in rulings),
        refusals=tuple(refusals),
        applied=applied,
        total=total,
        capped_excess=applied - sum((r.amount for r in granted), ZERO) if total is not None else ZERO,
        problem=problem,
    )

"""Cost items as measures: the lines of a Kosten- und Finanzierungsplan, read into ``cost_plan``'s arithmetic.

Each measure is one planned expense (its cost group, a description, the amount); the plan's own funds,
third-party funds and requested grant are fields of the application. A decision recognises, reduces or refuses
each expense; the grant is the programme's rule applied to what it recognised per group.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from workflow.engine.schema import MeasureShape
from workflow.measures.cost_plan import CostGroup, CostItem, CostPlan, FundingRule, ZERO

COST_ITEMS = MeasureShape(
    code="cost_item",
    label_field="description",
    label_heading="Ausgabe",
    required_fields=("group", "cost"),
    # The project's period is the application's, not each expense's.
    has_period=False,
    reductions=("amount",),
    noun="Ausgabe",
)
# The application fields a cost plan reads besides its expenses.
PLAN_FIELDS = ("own_funds", "third_party_funds", "requested")


def funding_rule(settings) -> FundingRule:
    """The programme's rule from its settings (Finanzierungsart, share, Höchstbetrag, Bagatellgrenze, groups)."""
    groups = tuple(CostGroup(row.key, row.label, row.eligible == "ja", row.reason) for row in settings.cost_groups)
    return FundingRule(
        settings.financing, groups, share=settings.share, maximum=settings.maximum, minimum=settings.minimum
    )


def _amount(value: Any) -> Decimal:
    return ZERO if value in (None, "") else Decimal(str(value))


def plan_from(items: Iterable[tuple[str, str, Any]], details: dict[str, Any]) -> CostPlan:
    """The plan from (group, description, cost) of each expense and the application's financing fields."""
    return CostPlan(
        tuple(CostItem(group, description, _amount(cost)) for group, description, cost in items),
        *(_amount(details.get(name)) for name in PLAN_FIELDS),
    )


def draft_plan(data) -> CostPlan:
    """The plan of a validated application (``ApplicationData``)."""
    return plan_from(((m.details.get("group"), m.label, m.details.get("cost")) for m in data.measures), data.details)


def case_plan(application) -> CostPlan:
    """The plan of a submitted case, from its stored expenses and fields."""
    return plan_from(
        ((p.details.get("group"), p.person_name, p.amount) for p in application.positions), application.details
    )


def recognised_by_group(rule: FundingRule, rulings: Iterable) -> dict[str, Decimal]:
    """What the rulings recognise per cost group; expenses of a group the programme excludes count nothing."""
    recognised: dict[str, Decimal] = {}
    for ruling in rulings:
        group = ruling.position.details.get("group")
        eligible = (found := rule.group(group)) is not None and found.eligible
        recognised[group] = recognised.get(group, ZERO) + (ruling.amount if eligible else ZERO)
    return recognised

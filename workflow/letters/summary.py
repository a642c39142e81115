"""What a case says about its positions, built once for the page, the summary before submission and the letters."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from workflow.engine.programmes import ProgrammeDefinition
from workflow.engine.settings import Settings, to_json


@dataclass(frozen=True)
class PositionRow:
    number: int
    person_name: str
    fte: Decimal
    employment_start: date
    funding_start: date
    funding_end: date
    amount: Decimal
    # Every programme field's display value and the rules' extras, by name (``category_label``, ``employer``).
    values: dict[str, str]
    # (heading, value) of the columns the programme shows in summaries.
    columns: tuple[tuple[str, str], ...]


def position_values(definition: ProgrammeDefinition, settings: Settings, details: dict[str, Any]) -> dict[str, str]:
    values = {spec.name: spec.display(details.get(spec.name), settings) for spec in definition.schema.extra_position_fields}
    values.update(definition.rules.position_context(settings, details))
    return values


def _row(definition, settings, number, person_name, fte, employment_start, funding_start, funding_end, amount, details):
    values = position_values(definition, settings, to_json(details))
    columns = tuple((heading, values.get(key, "")) for heading, key in definition.schema.summary_columns)
    return PositionRow(number, person_name, fte, employment_start, funding_start, funding_end, amount, values, columns)


def case_positions(definition: ProgrammeDefinition, settings: Settings, positions) -> list[PositionRow]:
    """Rows of a submitted case's positions."""
    return [
        _row(definition, settings, index, p.person_name, p.fte, p.employment_start, p.funding_start, p.funding_end,
             p.amount, p.details)
        for index, p in enumerate(positions, start=1)
    ]


def draft_positions(definition: ProgrammeDefinition, settings: Settings, figures) -> list[PositionRow]:
    """Rows of a validated draft's positions with their computed amounts."""
    return [
        _row(definition, settings, index, item.data.person_name, item.data.fte, item.data.employment_start,
             item.funding_start, item.funding_end, item.amount, item.data.details)
        for index, item in enumerate(figures.positions, start=1)
    ]


def application_values(definition: ProgrammeDefinition, settings: Settings, details: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, shown value) of the programme's application fields."""
    return [(spec.label, spec.display(details.get(spec.name), settings)) for spec in definition.schema.application_fields]

"""What a case says about its measures, built once for the page, the summary before submission and the letters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Optional

from workflow import formatting
from workflow.engine.programmes import ProgrammeDefinition
from workflow.engine.settings import Settings, to_json


@dataclass(frozen=True)
class MeasureRow:
    number: int
    label: str
    # What the measures' shape shows of each (heading, text), e.g. ("VZÄ", "0,50").
    shown: tuple[tuple[str, str], ...]
    # A staff position's typed values; None for other shapes.
    fte: Optional[Decimal]
    employment_start: Optional[date]
    funding_start: Optional[date]
    funding_end: Optional[date]
    amount: Decimal
    # Every programme field's display value and the rules' extras, by name (``category_label``, ``employer``).
    values: dict[str, str]
    # (heading, value) of the columns the programme shows in summaries.
    columns: tuple[tuple[str, str], ...]

    @property
    def person_name(self) -> str:
        """The label under the name the staff programmes' letters use."""
        return self.label


def measure_values(definition: ProgrammeDefinition, settings: Settings, details: dict[str, Any]) -> dict[str, str]:
    values = {
        spec.name: spec.display(details.get(spec.name), settings) for spec in definition.schema.extra_measure_fields
    }
    values.update(definition.rules.measure_context(settings, details))
    return values


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return formatting.decimal_de(value, 2)
    if isinstance(value, date):
        return formatting.date_de(value)
    return "" if value is None else str(value)


def _row(definition, settings, number, label, typed: dict[str, Any], funding_start, funding_end, amount, details):
    values = measure_values(definition, settings, to_json(details))
    columns = tuple((heading, values.get(key, "")) for heading, key in definition.schema.summary_columns)
    every = {**details, **typed}
    shown = tuple((heading, _shown(every.get(name))) for heading, name in definition.schema.measure_shape.shown)
    return MeasureRow(
        number,
        label,
        shown,
        typed.get("fte"),
        typed.get("employment_start"),
        funding_start,
        funding_end,
        amount,
        values,
        columns,
    )


def case_positions(definition: ProgrammeDefinition, settings: Settings, positions) -> list[MeasureRow]:
    """Rows of a submitted case's measures."""
    return [
        _row(
            definition,
            settings,
            index,
            p.person_name,
            {"fte": p.fte, "employment_start": p.employment_start},
            p.funding_start,
            p.funding_end,
            p.amount,
            p.details,
        )
        for index, p in enumerate(positions, start=1)
    ]


def draft_positions(definition: ProgrammeDefinition, settings: Settings, figures) -> list[MeasureRow]:
    """Rows of a validated draft's measures with their computed amounts."""
    return [
        _row(
            definition,
            settings,
            index,
            item.data.label,
            {name: item.data.details.get(name) for name in ("fte", "employment_start")},
            item.funding_start,
            item.funding_end,
            item.amount,
            item.data.details,
        )
        for index, item in enumerate(figures.measures, start=1)
    ]


def application_values(
    definition: ProgrammeDefinition, settings: Settings, details: dict[str, Any]
) -> list[tuple[str, str]]:
    """(label, shown value) of the programme's application fields."""
    return [
        (spec.label, spec.display(details.get(spec.name), settings)) for spec in definition.schema.application_fields
    ]

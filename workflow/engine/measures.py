"""Measures as the database keeps them: a ``Position`` row per measure with its label, amount and (where the shape
has one) funding period; the fields in ``details``.

The row's typed columns ``fte`` and ``employment_start`` are filled only by shapes that declare those fields (staff
positions); every other shape leaves them empty and keeps all its fields in ``details``.
"""

from __future__ import annotations

from typing import Any

from workflow.engine.rules import MeasureFigures
from workflow.engine.schema import MeasureData, MeasureShape
from workflow.engine.settings import to_json
from workflow.models import Position

TYPED_COLUMNS = ("fte", "employment_start")


def stored_row(shape: MeasureShape, index: int, item: MeasureFigures) -> Position:
    """The row a submitted measure becomes."""
    values = dict(item.data.details)
    typed = {column: values.pop(column, None) for column in TYPED_COLUMNS}
    values.pop(shape.label_field, None)
    return Position(
        sort_order=index,
        person_name=item.data.label,
        funding_start=item.funding_start,
        funding_end=item.funding_end,
        amount=item.amount,
        details=to_json(values),
        **typed,
    )


def stored_measure(shape: MeasureShape, position: Position, **changed: Any) -> MeasureData:
    """A submitted measure as the rules read it, with ``changed`` values (a reduced share) in place of its own."""
    typed = {column: getattr(position, column) for column in TYPED_COLUMNS if getattr(position, column) is not None}
    details = {**position.details, **typed, shape.label_field: position.person_name, **changed}
    return MeasureData(position.person_name, details)

"""Staff positions as measures: a person, a VZÄ share and an employment start; funded by months.

The two staff programmes (Integrationsmanagement, Integrationsbeauftragte) declare their measures with this shape;
a decision reduces a position by a smaller share or an earlier end, and a part month counts by its days.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from workflow.engine.schema import MeasureShape

STAFF_POSITIONS = MeasureShape(
    code="staff_position",
    label_field="person_name",
    label_heading="Person",
    required_fields=("fte", "employment_start"),
    shown=(("VZÄ", "fte"),),
    has_period=True,
    reductions=("fte", "end"),
    noun="Stelle",
)


def months_between(start: date, end: date) -> Decimal:
    """Funded months from ``start`` to ``end`` inclusive; a part month counts by its days (30 to a month)."""
    whole = relativedelta(end + timedelta(days=1), start)
    return Decimal(whole.years * 12 + whole.months) + Decimal(whole.days) / 30

"""German formatting for pages, mails and documents (25.11.2026, 58.000,00 €)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from workflow.clock import BERLIN


def _group_thousands(integer_part: str) -> str:
    groups = []
    while len(integer_part) > 3:
        groups.insert(0, integer_part[-3:])
        integer_part = integer_part[:-3]
    groups.insert(0, integer_part)
    return ".".join(groups)


def decimal_de(value: Optional[Decimal], places: int = 2) -> str:
    """1234.5 → '1.234,50'."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    quantized = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if quantized < 0 else ""
    text = f"{abs(quantized):.{places}f}"
    integer_part, _, fraction = text.partition(".")
    grouped = _group_thousands(integer_part)
    return f"{sign}{grouped},{fraction}" if places else f"{sign}{grouped}"


def euro(value: Optional[Decimal]) -> str:
    """58000 → '58.000,00 €' (with a no-break space before the sign)."""
    if value is None:
        return ""
    return f"{decimal_de(value)}\u00a0€"


def percent_de(value: Optional[Decimal]) -> str:
    """43.2 → '43,2 %' (with a no-break space before the sign)."""
    if value is None:
        return ""
    return f"{decimal_de(value, 1)}\u00a0%"


def fte(value: Optional[Decimal]) -> str:
    """0.5 → '0,50'."""
    return decimal_de(value, 2)


def date_de(value: Optional[date | datetime]) -> str:
    """25.11.2026; a datetime is shown in Baden-Württemberg's local time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(BERLIN).date()
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def datetime_de(value: Optional[datetime]) -> str:
    """25.11.2026, 14:05 Uhr in local time."""
    if value is None:
        return ""
    return f"{date_de(value)}, {time_de(value)}"


def days_left_de(due_on: date, today: date) -> str:
    """How a deadline stands: 'noch 3 Tage', 'endet heute', 'überfällig seit 2 Tagen'."""
    left = (due_on - today).days
    if left < 0:
        return f"überfällig seit {-left} {'Tag' if left == -1 else 'Tagen'}"
    if left == 0:
        return "endet heute"
    return f"noch {left} {'Tag' if left == 1 else 'Tage'}"


def iban(value: Optional[str]) -> str:
    """DE02600501010002034304 → 'DE02 6005 0101 0002 0343 04'."""
    compact = (value or "").replace(" ", "")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def time_de(value: Optional[datetime]) -> str:
    """14:05 Uhr in local time."""
    if value is None:
        return ""
    return f"{value.astimezone(BERLIN):%H:%M} Uhr"


FILTERS = {
    "time_de": time_de,
    "iban": iban,
    "euro": euro,
    "percent_de": percent_de,
    "decimal_de": decimal_de,
    "fte": fte,
    "date_de": date_de,
    "datetime_de": datetime_de,
    "days_left_de": days_left_de,
}

"""Reading what people type: control characters removed, German numbers and dates parsed."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Optional

# XML 1.0 forbids these; they also have no business in an application text.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def strip_control_characters(value: str) -> str:
    return _CONTROL_CHARACTERS.sub("", value)


def clean_text(value):
    """Trimmed text without control characters; other values unchanged."""
    if isinstance(value, str):
        return strip_control_characters(value).strip()
    return value


def parse_german_decimal(text: str) -> Optional[Decimal]:
    """'0,75', '0.75' and '1' → Decimal; anything else → None."""
    text = (text or "").strip().replace(" ", "")
    if not re.fullmatch(r"\d+([.,]\d+)?", text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def parse_german_date(text: str) -> Optional[date]:
    """'01.03.2027', '1.3.2027' and ISO '2027-03-01' → date; anything else → None."""
    text = (text or "").strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def is_missing_day(text: str) -> bool:
    """Written as a German date, but the calendar has no such day (31.02.2027): say that, not the format."""
    match = _GERMAN_DATE.fullmatch((text or "").strip())
    return (
        bool(match)
        and 1 <= int(match.group(2)) <= 12
        and 1 <= int(match.group(1)) <= 31
        and parse_german_date(text) is None
    )

"""The base form every Förderweg form derives from, and shared field helpers."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Optional

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField

# XML 1.0 forbids these; they also have no business in an application text.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_control_characters(value: str) -> str:
    return _CONTROL_CHARACTERS.sub("", value)


def clean_text(value):
    if isinstance(value, str):
        return strip_control_characters(value).strip()
    return value


class CleaningMeta:
    """Trims text and removes control characters from every field; German messages."""

    locales = ("de_DE", "de")

    def bind_field(self, form, unbound_field, options):
        if issubclass(unbound_field.field_class, (FieldList, FormField)):
            return unbound_field.bind(form=form, **options)  # their inner fields are cleaned
        filters = [*unbound_field.kwargs.get("filters", ()), clean_text]
        return unbound_field.bind(form=form, filters=filters, **options)


class BaseForm(FlaskForm):
    """A page form: CSRF-protected, cleaned."""

    class Meta(CleaningMeta):
        pass


class SubForm(Form):
    """A repeated group inside a page form (no CSRF token of its own)."""

    class Meta(CleaningMeta):
        pass


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

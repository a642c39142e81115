"""The base form every Förderweg form derives from, and shared field helpers."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField

from workflow.text import clean_text


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

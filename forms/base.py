"""The base form every Förderweg form derives from, and shared field helpers."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, StringField
from wtforms.validators import InputRequired, StopValidation

from workflow.text import clean_text

REQUIRED_MESSAGE = "Bitte füllen Sie dieses Feld aus."

# What a field asks for (WCAG 1.3.5): the purpose a browser may fill in, and the keyboard a phone offers. Dates
# are typed as TT.MM.JJJJ: the numeric keyboards of phones have the dot. An IBAN has no purpose token; its letters
# are capitals and no word to spell-check.
NAME_INPUT = {"autocomplete": "name"}
PHONE_INPUT = {"autocomplete": "tel", "inputmode": "tel"}
EMAIL_INPUT = {"autocomplete": "email", "inputmode": "email"}
IBAN_INPUT = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
DATE_INPUT = {"autocomplete": "off", "inputmode": "numeric"}
DECIMAL_INPUT = {"inputmode": "decimal"}


class TextRequired(InputRequired):
    """A required text: what is left after cleaning counts, so spaces or line breaks alone are no answer."""

    def __call__(self, form, field):
        if isinstance(field.data, str) and not field.data:
            field.errors[:] = []
            raise StopValidation(self.message or REQUIRED_MESSAGE)
        super().__call__(form, field)


def _text_required(validators):
    """``InputRequired`` checks the raw input, which still has its spaces; on text fields check the cleaned value."""
    return [
        TextRequired(validator.message or REQUIRED_MESSAGE) if type(validator) is InputRequired else validator
        for validator in validators or ()
    ]


class CleaningMeta:
    """Trims text and removes control characters from every field; required text must not be blank; German messages."""

    locales = ("de_DE", "de")

    def bind_field(self, form, unbound_field, options):
        if issubclass(unbound_field.field_class, (FieldList, FormField)):
            return unbound_field.bind(form=form, **options)  # their inner fields are cleaned
        filters = [*unbound_field.kwargs.get("filters", ()), clean_text]
        if issubclass(unbound_field.field_class, StringField):
            if "validators" in unbound_field.kwargs:
                unbound_field.kwargs["validators"] = _text_required(unbound_field.kwargs["validators"])
            elif len(unbound_field.args) > 1:
                args = list(unbound_field.args)
                args[1] = _text_required(args[1])
                unbound_field.args = tuple(args)
        return unbound_field.bind(form=form, filters=filters, **options)


class BaseForm(FlaskForm):
    """A page form: CSRF-protected, cleaned."""

    class Meta(CleaningMeta):
        pass


class SubForm(Form):
    """A repeated group inside a page form (no CSRF token of its own)."""

    class Meta(CleaningMeta):
        pass

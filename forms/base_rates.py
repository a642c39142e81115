"""The form of a new Basiszinssatz: the day it applies from, the rate, and the publication it was taken from."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import Length, ValidationError

from forms.base import BaseForm, TextRequired
from workflow.operations.base_rates import RateRefused, read_rate, read_valid_from


def _readable(read):
    """A field check from an operations reader, so the page and the command line say the same."""

    def check(form, field) -> None:
        try:
            read(field.data)
        except RateRefused as refusal:
            raise ValidationError(refusal.message) from None

    return check


class BaseRateForm(BaseForm):
    valid_from = StringField(
        "Gültig ab",
        validators=[TextRequired("Bitte füllen Sie das Feld „Gültig ab“ aus."), _readable(read_valid_from)],
        description="1. Januar oder 1. Juli, im Format TT.MM.JJJJ, z. B. 01.01.2027.",
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )
    rate = StringField(
        "Basiszinssatz in Prozent",
        validators=[TextRequired("Bitte füllen Sie das Feld „Basiszinssatz in Prozent“ aus."), _readable(read_rate)],
        description="Wie die Deutsche Bundesbank ihn bekannt gibt, mit Komma, z. B. 1,27 oder -0,88.",
        render_kw={"autocomplete": "off"},
    )
    source = StringField(
        "Quelle",
        validators=[
            TextRequired("Bitte geben Sie die Quelle an, z. B. „Deutsche Bundesbank, Pressenotiz vom 24.06.2026“."),
            Length(max=300, message="Höchstens 300 Zeichen."),
        ],
        description="Die Bekanntgabe, der der Wert entnommen ist.",
    )

    @property
    def entry(self):
        """(valid from, rate, source) of a validated form (its text is trimmed by ``BaseForm``)."""
        return read_valid_from(self.valid_from.data), read_rate(self.rate.data), self.source.data

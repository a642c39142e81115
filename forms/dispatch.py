"""The Ab-Vermerk of a copy the Bewilligungsstelle posts, or the day on its signed Empfangsbekenntnis."""

from __future__ import annotations

from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, ValidationError

from forms.base import BaseForm, TextRequired
from workflow.models import LetterDispatch
from workflow.text import parse_german_date


def _a_date(form, field) -> None:
    if parse_german_date(field.data) is None:
        raise ValidationError("Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ an.")


class DispatchForm(BaseForm):
    channel = RadioField(
        "Wie ging die Ausfertigung hinaus?",
        choices=[
            (LetterDispatch.POST, "Zur Post gegeben (Ab-Vermerk)"),
            (LetterDispatch.RECEIPT, "Empfangsbekenntnis liegt unterschrieben vor"),
        ],
        default=LetterDispatch.POST,
        validators=[InputRequired("Bitte wählen Sie, wie die Ausfertigung hinausging.")],
    )
    day = StringField(
        "Tag",
        validators=[TextRequired("Bitte geben Sie den Tag an."), _a_date],
        description="Bei der Post der Tag der Aufgabe zur Post, beim Empfangsbekenntnis der Tag des Empfangs "
        "(TT.MM.JJJJ).",
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )

    @property
    def parsed_day(self):
        return parse_german_date(self.day.data)

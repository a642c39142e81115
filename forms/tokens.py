"""The form for a new personal access token."""

from __future__ import annotations

from wtforms import IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange

from forms.base import BaseForm
from workflow.models.api_token import SCOPE_LABELS, READ
from workflow.operations.api_tokens import MAX_VALIDITY_DAYS


class TokenForm(BaseForm):
    name = StringField(
        "Name des Schlüssels",
        validators=[
            InputRequired("Bitte geben Sie dem Schlüssel einen Namen."),
            Length(max=100, message="Höchstens 100 Zeichen."),
        ],
        description="Wofür Sie ihn verwenden, z. B. „Fachverfahren Kämmerei“.",
    )
    scope = RadioField(
        "Umfang",
        choices=[SelectChoice(value, label) for value, label in SCOPE_LABELS.items()],
        default=READ,
        validators=[InputRequired("Bitte wählen Sie den Umfang.")],
    )
    valid_days = IntegerField(
        "Gültig für (Tage)",
        default=90,
        validators=[
            InputRequired("Bitte geben Sie an, wie viele Tage der Schlüssel gilt."),
            NumberRange(min=1, max=MAX_VALIDITY_DAYS, message=f"Zwischen 1 und {MAX_VALIDITY_DAYS} Tagen."),
        ],
    )
    code = StringField(
        "Code des zweiten Faktors",
        validators=[Length(max=32, message="Höchstens 32 Zeichen.")],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"},
    )

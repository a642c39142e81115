"""Ordering a background job: which cases a bundle of dossiers holds."""

from __future__ import annotations

from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from forms.base import BaseForm


class DossierBundleForm(BaseForm):
    programme = SelectField("Programm", coerce=int, validators=[InputRequired("Bitte wählen Sie das Programm.")])
    kreis = SelectField("Kreis", coerce=int, description="leer lassen für alle Kreise, die Sie sehen dürfen")
    year = IntegerField(
        "Eingangsjahr",
        validators=[Optional(), NumberRange(2000, 2100, "Bitte ein Jahr zwischen 2000 und 2100.")],
        description="z. B. 2026; leer lassen für alle Jahre",
    )

"""Forms of the Planungsrahmen import: the upload, and the confirmation after the check."""

from __future__ import annotations

from typing import Optional

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField
from wtforms.validators import ValidationError

from forms.base import BaseForm


class AllocationUploadForm(BaseForm):
    table = FileField(
        "Tabelle des Planungsrahmens (CSV oder Excel-Arbeitsmappe .xlsx)",
        validators=[FileRequired("Bitte wählen Sie die Datei mit dem Planungsrahmen aus.")],
        description="Eine Kopfzeile mit den Spalten Gemeindeschlüssel (AGS), Gemeinde und Planungsrahmen bzw. Betrag, "
        "in beliebiger Reihenfolge; weitere Spalten werden nicht beachtet. Beträge wie 132.149,00 oder 51.000 €.",
        render_kw={
            "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
    )


class AllocationConfirmForm(BaseForm):
    confirm_total = BooleanField("Ich bestätige, dass die Summe der Tabelle vom Programmbudget abweichen soll.")

    def __init__(self, *args, deviation: Optional[str] = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deviation = deviation

    def validate_confirm_total(self, field) -> None:
        if self.deviation and not field.data:
            raise ValidationError("Bitte bestätigen Sie die Abweichung der Summe vom Programmbudget.")

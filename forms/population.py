"""The form of the Einwohnerzahlen upload: the table and its Stichtag (the confirmation is a plain button)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import ValidationError

from forms.base import BaseForm
from workflow.text import parse_german_date
from workflow.operations.population_import import reference_date_problem


class PopulationUploadForm(BaseForm):
    table = FileField(
        "Tabelle der Einwohnerzahlen (CSV oder Excel-Arbeitsmappe .xlsx)",
        validators=[FileRequired("Bitte wählen Sie die Datei mit den Einwohnerzahlen aus.")],
        description="Eine Kopfzeile mit den Spalten Gemeindeschlüssel (AGS) und Einwohner (auch „Einwohnerzahl“, "
        "„Bevölkerung“ oder „Insgesamt“), gern auch Gemeinde; weitere Spalten werden nicht beachtet. "
        "Ganze Zahlen wie 25310 oder 25.310.",
        render_kw={
            "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
    )
    reference_date = StringField(
        "Stichtag der Einwohnerzahlen",
        description="Der Tag, auf den sich die Statistik bezieht, im Format TT.MM.JJJJ, z. B. 31.12.2024.",
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )

    def validate_reference_date(self, field) -> None:
        if not field.data:
            raise ValidationError("Bitte geben Sie den Stichtag an (TT.MM.JJJJ).")
        parsed = parse_german_date(field.data)
        if parsed is None:
            raise ValidationError(
                f"„{field.data}“ ist kein Datum; bitte im Format TT.MM.JJJJ angeben, z. B. 31.12.2024."
            )
        problem = reference_date_problem(parsed)
        if problem:
            raise ValidationError(problem)

    @property
    def parsed_reference_date(self):
        return parse_german_date(self.reference_date.data)

"""The form of the address upload: just the table (addresses are current facts, no Stichtag)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired

from forms.base import BaseForm


class AddressUploadForm(BaseForm):
    table = FileField(
        "Tabelle der Anschriften (CSV oder Excel-Arbeitsmappe .xlsx)",
        validators=[FileRequired("Bitte wählen Sie die Datei mit den Anschriften aus.")],
        description="Eine Kopfzeile mit den Spalten AGS, Straße, PLZ, Ort, Funktion und Name der Leitung, gern auch "
        "Bezeichnung (z. B. „Stadt Tettnang“); weitere Spalten werden nicht beachtet. Schlüssel von Gemeinden (8 Ziffern) "
        "oder Kreisen (5 Ziffern).",
        render_kw={
            "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
    )

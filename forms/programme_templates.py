"""The form of a new Word template for a programme: which letter, the file, why."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from forms.base import BaseForm

DOCX_ACCEPT = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateUploadForm(BaseForm):
    base_version = HiddenField()
    kind = SelectField("Brief", validators=[InputRequired("Bitte wählen Sie, welchen Brief die Vorlage ersetzt.")])
    template = FileField(
        "Word-Vorlage (.docx)",
        validators=[FileRequired("Bitte wählen Sie die Word-Datei aus.")],
        description="Platzhalter wie in der bisherigen Vorlage, z. B. {{ file_number }}. Die Datei wird "
        "mit dem Beispielantrag geprüft; ein unbekannter Platzhalter wird mit seinem Namen gemeldet.",
        render_kw={"accept": DOCX_ACCEPT},
    )
    note = TextAreaField(
        "Anlass der Änderung",
        validators=[InputRequired(), Length(max=500)],
        description="z. B. „Neue Rechtsbehelfsbelehrung nach Urteil vom …“; steht bei der Fassung.",
    )

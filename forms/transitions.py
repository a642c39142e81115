"""Forms that carry the input of a workflow transition.

``TRANSITION_FORMS`` maps the ``form`` name used in the workflow declaration
to its class; every form turns its data into a plain ``payload()`` dict for
``operations.perform_transition``.
"""

from __future__ import annotations

from typing import Any, Optional

from flask import current_app
from wtforms import (
    BooleanField,
    FieldList,
    FileField,
    FormField,
    IntegerField,
    MultipleFileField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from forms.base import DATE_INPUT, DECIMAL_INPUT, BaseForm, SubForm
from workflow.engine.programmes import case_settings
from workflow.models.application import GRANTED, REDUCED, REFUSED
from workflow.models.waiver import CAPACITY_LABELS, capacities_for
from workflow.uploads import ALLOWED_TYPES, UploadedFile, UploadRefused, accept

CONFIRM_MESSAGE = "Bitte bestätigen Sie diesen Schritt."
WAIVER_TYPES = "PDF, JPEG oder PNG"
WAIVER_MIMETYPES = {"application/pdf", "image/jpeg", "image/png"}
# The periods a Nachforderung may give, in days.
PERIOD_DAYS = range(1, 91)


class TransitionForm(BaseForm):
    """A transition without input of its own: only the CSRF token."""

    def __init__(self, *args, application=None, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.actor = actor

    @property
    def takes_files(self) -> bool:
        return any(f.type in ("FileField", "MultipleFileField") for f in self)

    def payload(self) -> dict[str, Any]:
        return {}

    def files(self) -> tuple[UploadedFile, ...]:
        """Files that come with the step (only forms with an upload field have any)."""
        return ()


class InformationRequestForm(TransitionForm):
    message = TextAreaField(
        "Was soll die Kommune nachreichen?",
        validators=[
            InputRequired("Bitte beschreiben Sie, welche Angaben oder Unterlagen fehlen."),
            Length(max=5000, message="Höchstens 5.000 Zeichen."),
        ],
    )
    period_days = IntegerField(
        "Frist in Tagen",
        validators=[
            InputRequired("Bitte geben Sie die Frist in Tagen an."),
            NumberRange(
                min=PERIOD_DAYS.start,
                max=PERIOD_DAYS.stop - 1,
                message=f"Die Frist muss zwischen {PERIOD_DAYS.start} und {PERIOD_DAYS.stop - 1} Tagen liegen.",
            ),
        ],
        description="Die Frist beginnt am Tag nach dem Versand; fällt ihr Ende auf ein Wochenende oder einen Feiertag, "
        "endet sie am nächsten Werktag.",
    )

    documents = TextAreaField(
        "Angeforderte Unterlagen (freiwillig)",
        validators=[Length(max=5000, message="Höchstens 5.000 Zeichen.")],
        description="Eine Unterlage je Zeile, z. B. „Arbeitsvertrag der Integrationsmanagerin“. Die Kommune sieht "
        "die Liste beim Beantworten; im Schreiben steht sie unter Ihrem Text.",
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        if self.period_days.data is None and not self.period_days.raw_data and application is not None:
            self.period_days.data = case_settings(application).response_period_days

    def requested_documents(self) -> list[str]:
        return [line.strip(" -–•\t") for line in (self.documents.data or "").splitlines() if line.strip(" -–•\t")]

    def payload(self) -> dict[str, Any]:
        """The letter and the history say the text and the list together; the answer page shows them apart."""
        documents = self.requested_documents()
        comment = self.message.data
        if documents:
            comment += "\n\nBitte reichen Sie folgende Unterlagen nach:\n" + "\n".join(f"– {d}" for d in documents)
        return {
            "comment": comment,
            "period_days": self.period_days.data,
            "request": self.message.data,
            "documents": documents,
        }


def accept_uploads(field) -> list[UploadedFile]:
    """The files of an upload field that pass the checks; each refused one adds its German reason to the field."""
    accepted = []
    for storage in field.data or ():
        if not getattr(storage, "filename", None):
            continue
        try:
            accepted.append(accept(storage.filename, storage.read(), current_app.config["MAX_ATTACHMENT_BYTES"]))
        except UploadRefused as refusal:
            field.errors.append(str(refusal))
    return accepted


class AnswerForm(TransitionForm):
    message = TextAreaField(
        "Ihre Antwort",
        validators=[
            InputRequired("Bitte geben Sie Ihre Antwort ein."),
            Length(max=10000, message="Höchstens 10.000 Zeichen."),
        ],
    )
    attachments = MultipleFileField(
        "Anlagen (freiwillig)",
        description=f"{ALLOWED_TYPES}; je Datei höchstens 10 MB. Mehrere Dateien können zusammen ausgewählt werden.",
    )

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self._accepted = accept_uploads(self.attachments)
        self._errors = None
        return not self.errors

    def payload(self) -> dict[str, Any]:
        return {"comment": self.message.data}

    def files(self) -> tuple[UploadedFile, ...]:
        return tuple(self._accepted)


RULING_CHOICES = [
    SelectChoice(GRANTED, "Bewilligen wie beantragt"),
    SelectChoice(REDUCED, "Gekürzt bewilligen"),
    SelectChoice(REFUSED, "Ablehnen"),
]


class RulingForm(SubForm):
    """The decision on one measure; a reduced staff position's amount follows from the programme's rule."""

    outcome = RadioField("Entscheidung", choices=RULING_CHOICES, validate_choice=False)
    fte = StringField(
        "Bewilligter Stellenanteil (VZÄ)", description="nur bei Kürzung, z. B. 0,5", render_kw=DECIMAL_INPUT
    )
    end = StringField("Förderung bis", description="nur bei Kürzung um Monate, Format TT.MM.JJJJ", render_kw=DATE_INPUT)
    # Measures without a VZÄ share (a project's single amount) are reduced by amount.
    amount = StringField(
        "Bewilligter Betrag in Euro", description="nur bei Kürzung, z. B. 12.500,00", render_kw=DECIMAL_INPUT
    )
    reason = TextAreaField(
        "Begründung für diese Stelle",
        description="bei Kürzung und Ablehnung Pflicht; sie steht im Bescheid",
        validators=[Length(max=5000, message="Höchstens 5.000 Zeichen.")],
    )


class ProposalForm(TransitionForm):
    rulings = FieldList(FormField(RulingForm))
    reasons = TextAreaField(
        "Begründung insgesamt (freiwillig)",
        validators=[Length(max=20000, message="Höchstens 20.000 Zeichen.")],
        description="Erscheint im Bescheid zusätzlich zu den Begründungen je Stelle.",
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        positions = application.positions if application is not None else []
        while len(self.rulings) < len(positions):
            self.rulings.append_entry()
        while len(self.rulings) > len(positions):
            self.rulings.pop_entry()

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        for entry in self.rulings:
            if entry.form.outcome.data not in {choice.value for choice in RULING_CHOICES}:
                entry.form.outcome.errors.append("Bitte wählen Sie: bewilligen, kürzen oder ablehnen.")
            elif entry.form.outcome.data in (REDUCED, REFUSED) and not (entry.form.reason.data or "").strip():
                # On its field, not only as the refusal of the whole page: the reason is part of the Bescheid.
                cut = "Kürzung" if entry.form.outcome.data == REDUCED else "Ablehnung"
                entry.form.reason.errors.append(f"Bitte begründen Sie die {cut}; die Begründung steht im Bescheid.")
        self._errors = None
        return not self.errors

    def payload(self) -> dict[str, Any]:
        return {
            "positions": [
                {
                    "outcome": e.form.outcome.data,
                    "fte": e.form.fte.data,
                    "end": e.form.end.data,
                    "amount": e.form.amount.data,
                    "reason": e.form.reason.data,
                }
                for e in self.rulings
            ],
            "comment": self.reasons.data,
        }


class ReturnCommentForm(TransitionForm):
    comment = TextAreaField(
        "Bemerkung für die Sachbearbeitung",
        validators=[
            InputRequired("Bitte sagen Sie, warum Sie den Vorschlag zurückgeben."),
            Length(max=5000, message="Höchstens 5.000 Zeichen."),
        ],
    )

    def payload(self) -> dict[str, Any]:
        return {"comment": self.comment.data}


class WithdrawalForm(TransitionForm):
    reason = TextAreaField("Grund (freiwillig)", validators=[Length(max=5000, message="Höchstens 5.000 Zeichen.")])
    confirm = BooleanField("Ich möchte den Antrag zurückziehen.", validators=[DataRequired(CONFIRM_MESSAGE)])

    def payload(self) -> dict[str, Any]:
        return {"comment": self.reason.data or ""}


class WaiverForm(TransitionForm):
    """Who declares the waiver, in what capacity, and the declaration they signed (§ 42 GemO, § 42 LKrO)."""

    declarant_name = StringField(
        "Name der Person, die den Verzicht erklärt",
        validators=[
            InputRequired("Bitte geben Sie an, wer den Verzicht erklärt."),
            Length(max=200, message="Höchstens 200 Zeichen."),
        ],
        description="So, wie sie die Erklärung unterzeichnet hat, z. B. Dr. Maria Muster.",
    )
    capacity = RadioField(
        "Funktion, in der sie den Verzicht erklärt",
        validate_choice=False,
        description="Verzichten kann nur, wer die Kommune vertreten darf.",
    )
    representation_proof = TextAreaField(
        "Nachweis der Vertretungsbefugnis",
        validators=[Length(max=1000, message="Höchstens 1000 Zeichen.")],
        description="Nur wenn nicht die in den Anschriftdaten genannte Leitung erklärt: woraus sich die Befugnis "
        "ergibt, z. B. „Erste Beigeordnete, allgemeine Stellvertreterin nach § 49 Abs. 1 GemO, Bürgermeister im "
        "Urlaub“ oder „Vollmacht vom 02.03.2028, in der hochgeladenen Datei“.",
    )
    declaration = FileField(
        "Unterzeichnete Verzichtserklärung",
        description=f"{WAIVER_TYPES}; höchstens 10 MB. Bei einer Vollmacht bitte die Vollmacht in dieselbe Datei aufnehmen.",
    )
    confirm = BooleanField(
        "Ich bestätige: Die hochgeladene Erklärung ist unterzeichnet und gilt für unsere Kommune",
        validators=[DataRequired(CONFIRM_MESSAGE)],
    )

    def __init__(self, *args, application=None, actor=None, **kwargs):
        super().__init__(*args, application=application, actor=actor, **kwargs)
        kind = actor.organisation.kind if actor is not None and actor.organisation is not None else None
        self.capacity.choices = [(code, CAPACITY_LABELS[code]) for code in capacities_for(kind)]
        self.capacity.flags.required = True
        self.declaration.flags.required = True

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        if self.capacity.data not in {code for code, _ in self.capacity.choices}:
            self.capacity.errors.append("Bitte wählen Sie, in welcher Funktion die Person den Verzicht erklärt.")
        self._accepted = None
        storage = self.declaration.data
        if not getattr(storage, "filename", None):
            self.declaration.errors.append("Bitte laden Sie die unterzeichnete Verzichtserklärung hoch.")
        else:
            try:
                uploaded = accept(storage.filename, storage.read(), current_app.config["MAX_ATTACHMENT_BYTES"])
                if uploaded.mimetype not in WAIVER_MIMETYPES:
                    raise UploadRefused(f"Die Erklärung muss eine Datei im Format {WAIVER_TYPES} sein.")
                self._accepted = uploaded
            except UploadRefused as refusal:
                self.declaration.errors.append(str(refusal))
        self._errors = None
        return not self.errors

    def payload(self) -> dict[str, Any]:
        return {
            "declarant_name": self.declarant_name.data,
            "capacity": self.capacity.data,
            "representation_proof": self.representation_proof.data or "",
        }

    def files(self) -> tuple[UploadedFile, ...]:
        return (self._accepted,) if self._accepted else ()


class SubmitForm(TransitionForm):
    """The final confirmation on the summary page (WCAG 3.3.4: review, then commit)."""

    revision = IntegerField(
        validators=[InputRequired("Die Zusammenfassung ist veraltet. Bitte laden Sie die Seite neu.")]
    )
    confirm = BooleanField(
        "Ich habe die Zusammenfassung geprüft und reiche den Antrag verbindlich ein.",
        validators=[DataRequired(CONFIRM_MESSAGE)],
    )

    def payload(self) -> dict[str, Any]:
        return {"revision": self.revision.data}


TRANSITION_FORMS: dict[Optional[str], type[TransitionForm]] = {
    None: TransitionForm,
    "submit": SubmitForm,
    "information_request": InformationRequestForm,
    "answer": AnswerForm,
    "proposal": ProposalForm,
    "return_comment": ReturnCommentForm,
    "withdrawal": WithdrawalForm,
    "waiver": WaiverForm,
}

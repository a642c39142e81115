"""Forms that carry the input of a workflow transition.

``TRANSITION_FORMS`` maps the ``form`` name used in the workflow declaration
to its class; every form turns its data into a plain ``payload()`` dict for
``operations.perform_transition``.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from flask import current_app
from wtforms import BooleanField, IntegerField, MultipleFileField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from forms.base import BaseForm
from workflow.engine.programmes import case_settings
from workflow.formatting import euro
from workflow.money import CENT, NotAnAmount, parse_euro_text
from workflow.uploads import ALLOWED_TYPES, UploadedFile, UploadRefused, accept

CONFIRM_MESSAGE = "Bitte bestätigen Sie diesen Schritt."


class TransitionForm(BaseForm):
    """A transition without input of its own: only the CSRF token."""

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

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
            NumberRange(min=1, max=90, message="Die Frist muss zwischen 1 und 90 Tagen liegen."),
        ],
        description="Die Frist beginnt am Tag nach dem Versand; fällt ihr Ende auf ein Wochenende oder einen Feiertag, "
        "endet sie am nächsten Werktag.",
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        if self.period_days.data is None and not self.period_days.raw_data and application is not None:
            self.period_days.data = case_settings(application).response_period_days

    def payload(self) -> dict[str, Any]:
        return {"comment": self.message.data, "period_days": self.period_days.data}


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
        self._accepted: list[UploadedFile] = []
        for storage in self.attachments.data or ():
            if not getattr(storage, "filename", None):
                continue
            try:
                self._accepted.append(accept(storage.filename, storage.read(), current_app.config["MAX_ATTACHMENT_BYTES"]))
            except UploadRefused as refusal:
                self.attachments.errors.append(str(refusal))
        self._errors = None
        return not self.errors

    def payload(self) -> dict[str, Any]:
        return {"comment": self.message.data}

    def files(self) -> tuple[UploadedFile, ...]:
        return tuple(self._accepted)


PROPOSAL_CHOICES = [
    SelectChoice("grant", "Bewilligung in beantragter Höhe"),
    SelectChoice("partial_grant", "Teilbewilligung"),
    SelectChoice("rejection", "Ablehnung"),
]


class ProposalForm(TransitionForm):
    kind = RadioField("Vorschlag", choices=PROPOSAL_CHOICES, validate_choice=False)
    amount = StringField("Bewilligungsbetrag bei Teilbewilligung (Euro)", description="z. B. 87.000,00")
    reasons = TextAreaField(
        "Begründung",
        validators=[Length(max=20000, message="Höchstens 20.000 Zeichen.")],
        description="Bei Teilbewilligung und Ablehnung Pflicht; sie erscheint im Bescheid.",
    )

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        requested = self.application.requested_amount if self.application else None
        if self.kind.data not in {choice.value for choice in PROPOSAL_CHOICES}:
            self.kind.errors.append("Bitte wählen Sie, was Sie vorschlagen.")
        if self.kind.data == "partial_grant":
            amount = _parse_euro(self.amount.data)
            if amount is None:
                self.amount.errors.append("Bitte geben Sie den Betrag in Euro an, z. B. 87.000,00.")
            elif amount <= 0 or (requested is not None and amount >= requested):
                self.amount.errors.append(
                    f"Eine Teilbewilligung liegt über 0,00 € und unter dem beantragten Betrag von {euro(requested)}."
                )
        if self.kind.data in ("partial_grant", "rejection") and not self.reasons.data:
            self.reasons.errors.append("Bitte begründen Sie die Teilbewilligung oder Ablehnung.")
        self._errors = None
        return not self.errors

    def payload(self) -> dict[str, Any]:
        amount: Optional[Decimal]
        if self.kind.data == "grant":
            amount = self.application.requested_amount
        elif self.kind.data == "partial_grant":
            amount = _parse_euro(self.amount.data)
        else:
            amount = Decimal("0.00")
        return {"kind": self.kind.data, "amount": str(amount), "comment": self.reasons.data}


def _parse_euro(text: Optional[str]) -> Optional[Decimal]:
    """An amount typed the German way ('200.000', '61.250,5', '1.234,56 €') with at most cents; else None."""
    try:
        value = parse_euro_text(text or "")
    except NotAnAmount:
        return None
    if value != value.quantize(CENT):
        return None
    return value.quantize(CENT)


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
    confirm = BooleanField(
        "Wir verzichten auf Rechtsbehelfe gegen diesen Bescheid. Der Bescheid wird damit sofort bestandskräftig.",
        validators=[DataRequired(CONFIRM_MESSAGE)],
    )


class SubmitForm(TransitionForm):
    """The final confirmation on the summary page (WCAG 3.3.4: review, then commit)."""

    revision = IntegerField(validators=[InputRequired("Die Zusammenfassung ist veraltet. Bitte laden Sie die Seite neu.")])
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

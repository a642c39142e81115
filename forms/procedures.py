"""Forms of the steps after the decision: payment request, change report, proof of use and its check, revocation."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField, MultipleFileField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional as Optionally, ValidationError

from forms.base import DATE_INPUT, SubForm
from forms.cost_changes import CostChangeReportForm, CostChangeReviewForm
from forms.transitions import TransitionForm, accept_uploads
from workflow.uploads import ALLOWED_TYPES
from workflow.engine.programmes import case_settings
from workflow.money import NotAnAmount, parse_euro_text, within_cents
from workflow.workflows.post_award.staff_changes import CHANGE_LABELS
from workflow.workflows.post_award.hearing import FAX, POST, WAIVER_GROUNDS
from workflow.workflows.post_award.claims import WRITE_OFF_LABELS
from workflow.workflows.post_award.proof import checklist
from workflow.workflows.post_award.proof_positions import prefilled
from workflow.text import parse_german_date
from workflow.db import db

LONG_TEXT = Length(max=10000, message="Höchstens 10.000 Zeichen.")


def euro_amount(form, field):
    if not field.data:
        return
    try:
        amount = parse_euro_text(field.data)
    except NotAnAmount as error:
        raise ValidationError(error.message) from None
    if amount <= 0 or not within_cents(amount):
        raise ValidationError("Bitte geben Sie einen Betrag über 0 € mit höchstens zwei Nachkommastellen an.")


def german_date(form, field):
    if field.data and parse_german_date(field.data) is None:
        raise ValidationError("Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ an.")


def _german(value) -> str:
    return str(value).replace(".", ",")


def _euro(text: str) -> str:
    return str(parse_euro_text(text)) if text else ""


class CommentForm(TransitionForm):
    comment = TextAreaField("Bemerkung (freiwillig)", validators=[LONG_TEXT])

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "comment": self.comment.data or ""}


class ReasonForm(TransitionForm):
    comment = TextAreaField("Begründung", validators=[InputRequired("Bitte begründen Sie diesen Schritt."), LONG_TEXT])

    def payload(self) -> dict[str, Any]:
        return {"comment": self.comment.data}


class PaymentRequestForm(TransitionForm):
    amount = StringField(
        "Abzurufender Betrag in Euro",
        validators=[InputRequired("Bitte geben Sie den Betrag an."), euro_amount],
        description="Nur, was Sie in den nächsten Monaten für fällige Zahlungen brauchen.",
    )
    comment = TextAreaField("Wofür (freiwillig)", validators=[LONG_TEXT])

    def payload(self) -> dict[str, Any]:
        return {"amount": _euro(self.amount.data), "comment": self.comment.data or ""}


class CostPaymentRequestForm(PaymentRequestForm):
    """A Mittelabruf of a cost plan: the amount and the eligible expenses due soon that it is for (Nr. 1.4 ANBest-P)."""

    expected = StringField(
        "Zuwendungsfähige Ausgaben, die in den nächsten zwei Monaten fällig werden, in Euro",
        validators=[InputRequired("Bitte geben Sie die fälligen Ausgaben an."), euro_amount],
        description="Abgerufen werden kann nur der Anteil der Zuwendung an diesen Ausgaben.",
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        if application is not None:
            months = case_settings(application).call_months
            self.expected.label.text = (
                f"Zuwendungsfähige Ausgaben, die in den nächsten {months} Monaten fällig werden, in Euro"
            )

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "expected": _euro(self.expected.data)}


class ChangeReportForm(TransitionForm):
    position = SelectField("Stelle", validators=[InputRequired("Bitte wählen Sie die Stelle.")])
    kind = RadioField(
        "Art der Änderung",
        choices=list(CHANGE_LABELS.items()),
        validators=[InputRequired("Bitte wählen Sie die Art der Änderung.")],
    )
    start = StringField(
        "Ab (bei einer Vakanz: erster Tag)",
        validators=[InputRequired("Bitte geben Sie das Datum an."), german_date],
        description="TT.MM.JJJJ",
        render_kw=DATE_INPUT,
    )
    end = StringField(
        "Bis (nur bei einer Vakanz: letzter Tag)",
        validators=[Optionally(), german_date],
        description="TT.MM.JJJJ",
        render_kw=DATE_INPUT,
    )
    fte = StringField("Neuer Stellenanteil in VZÄ (nur bei anderem Stellenumfang)", validators=[Length(max=10)])
    person_name = StringField("Name der neuen Person (nur bei neuer Person)", validators=[Length(max=200)])
    category = StringField(
        "Qualifikationskategorie der neuen Person (falls das Programm sie kennt)", validators=[Length(max=10)]
    )
    comment = TextAreaField("Erläuterung (freiwillig)", validators=[LONG_TEXT])

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        decision = application.signed_proposal if application is not None else None
        self.position.choices = [
            (str(number), f"Stelle {number}: {ruling.position.person_name}")
            for number, ruling in enumerate(decision.rulings if decision else [], start=1)
            if ruling.granted
        ]

    def payload(self) -> dict[str, Any]:
        return {
            name: getattr(self, name).data or ""
            for name in ("position", "kind", "start", "end", "fte", "person_name", "category", "comment")
        }


class RawInput:
    """Keeps the submitted input: fields declared by the programme's settings (key figures, checklist items) are
    read from it by name, from a browser's form as from the API's flattened JSON (``figures-0-persons``)."""

    def process(self, formdata=None, *args, **kwargs):
        # FlaskForm hands over its "take the request's form" marker; wrapped, it is the input or None.
        self.raw = self.meta.wrap_formdata(self, formdata) or MultiDict()
        super().process(formdata, *args, **kwargs)


class ProofPositionForm(SubForm):
    months = StringField("Besetzte Monate", validators=[InputRequired("Bitte angeben.")])
    fte = StringField("VZÄ", validators=[InputRequired("Bitte angeben.")])
    received = StringField("Erhaltener Betrag in Euro", validators=[InputRequired("Bitte angeben.")])
    costs = StringField(
        "Personalausgaben der Stelle in Euro",
        validators=[InputRequired("Bitte angeben."), euro_amount],
        description="Die tatsächlichen zuwendungsfähigen Ausgaben im Förderzeitraum.",
    )
    vacancies = StringField(
        "Nicht besetzt (Zeiträume)",
        description="TT.MM.JJJJ – TT.MM.JJJJ, mehrere durch Semikolon; leer, wenn die Stelle durchgehend besetzt war.",
    )


class ProofReportForm(TransitionForm):
    """A proof of use that is a Sachbericht only (the default of ``ProgrammeRules.proof_form``)."""

    report = TextAreaField(
        "Sachbericht",
        validators=[LONG_TEXT],
        description="Was wurde im Förderzeitraum erreicht? Alternativ als Datei hochladen.",
    )
    report_files = MultipleFileField("Sachbericht als Datei (freiwillig)")

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self._accepted = accept_uploads(self.report_files)
        self._errors = None
        return not self.errors

    def payload(self) -> dict[str, Any]:
        return {"report": self.report.data or ""}

    def files(self):
        return tuple(self._accepted)


class ProofOfUseForm(RawInput, ProofReportForm):
    """Sachbericht and one row per granted position; the key figures are the programme's, read from the raw form."""

    positions = FieldList(FormField(ProofPositionForm), min_entries=0)

    def __init__(self, *args, application=None, **kwargs):
        self.rows = prefilled(db.session, application) if application is not None else []
        data = {"positions": [{key: _german(row[key]) for key in ("months", "fte", "received")} for row in self.rows]}
        super().__init__(*args, application=application, data=data, **kwargs)
        self.figures = list(case_settings(application).proof_key_figures) if application is not None else []

    def figure_value(self, index: int, key: str) -> str:
        """What was typed; before that, what the Integrationspläne yield for the position (if anything)."""
        if self.raw:
            return self.raw.get(f"figures-{index}-{key}", "")
        planned = self.rows[index]["figures"].get(key) if index < len(self.rows) else None
        return "" if planned is None else str(planned)

    def payload(self) -> dict[str, Any]:
        return {
            **super().payload(),
            "positions": [
                {
                    "months": row.months.data,
                    "fte": row.fte.data,
                    "received": _euro(row.received.data or "0"),
                    "costs": _euro(row.costs.data or ""),
                    "vacancies": row.vacancies.data or "",
                    "figures": {figure.key: self.figure_value(index, figure.key) for figure in self.figures},
                }
                for index, row in enumerate(self.positions)
            ],
        }


class ReceiptForm(SubForm):
    """One line of the Belegliste."""

    group = SelectField("Kostengruppe", validate_choice=False)  # the programme's groups, set by the form
    description = StringField("Ausgabe (Beleg)", validators=[Length(max=300)])
    amount = StringField("Betrag in Euro", validators=[euro_amount])
    paid_on = StringField("Bezahlt am", validators=[german_date], description="TT.MM.JJJJ", render_kw=DATE_INPUT)


class CostProofForm(ProofReportForm):
    """The Verwendungsnachweis of a cost plan: Sachbericht and the zahlenmäßiger Nachweis – the Belegliste of every
    expense paid, and the own and third-party funds received."""

    RECEIPT_LINES = 12
    receipts = FieldList(FormField(ReceiptForm), min_entries=RECEIPT_LINES)
    own_funds = StringField(
        "Eingesetzte Eigenmittel in Euro", validators=[InputRequired("Bitte geben Sie die Eigenmittel an (auch 0).")]
    )
    third_party_funds = StringField(
        "Erhaltene Drittmittel in Euro",
        validators=[InputRequired("Bitte geben Sie die Drittmittel an (auch 0).")],
        description="Zuwendungen und Spenden Dritter für das Projekt.",
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        groups = (
            [(row.key, row.label) for row in case_settings(application).cost_groups] if application is not None else []
        )
        for entry in self.receipts:
            entry.form.group.choices = [("", "– bitte wählen –"), *groups]

    @staticmethod
    def _funds(text: str) -> str:
        try:
            return str(parse_euro_text(text or ""))
        except NotAnAmount:
            return text or ""

    def payload(self) -> dict[str, Any]:
        return {
            **super().payload(),
            "receipts": [
                {
                    "group": row.form.group.data or "",
                    "description": row.form.description.data or "",
                    "amount": _euro(row.form.amount.data or ""),
                    "paid_on": row.form.paid_on.data or "",
                }
                for row in self.receipts
            ],
            "own_funds": self._funds(self.own_funds.data),
            "third_party_funds": self._funds(self.third_party_funds.data),
        }


class ProofCheckForm(RawInput, TransitionForm):
    recovery = StringField("Vorgeschlagene Rückforderung in Euro (nur bei Rückforderung)", validators=[euro_amount])
    interim_decision = RadioField(
        "Zwischenzinsen (§ 49a Abs. 4 LVwVfG) – nur, wenn der Abgleich welche ausweist",
        choices=(("demand", "verlangen"), ("waive", "nicht verlangen")),
        validate_choice=False,
    )
    interim_reasons = TextAreaField(
        "Begründung der Entscheidung über die Zwischenzinsen (Ermessen)",
        validators=[LONG_TEXT],
        description="Zum Beispiel: warum die Mittel früher abgerufen wurden, als sie gebraucht wurden.",
    )
    comment = TextAreaField("Vermerk", validators=[LONG_TEXT])

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.items = checklist(application) if application is not None else []

    def is_checked(self, index: int) -> bool:
        return self.raw.get(f"checked-{index}") == "y"

    def payload(self) -> dict[str, Any]:
        return {
            "checked": [index for index in range(len(self.items)) if self.is_checked(index)],
            "recovery": _euro(self.recovery.data or ""),
            "interim_decision": self.interim_decision.data or "",
            "interim_reasons": self.interim_reasons.data or "",
            "comment": self.comment.data or "",
        }


class RevocationHearingForm(TransitionForm):
    """The decision as intended: what the Anhörung tells the recipient."""

    revoked = StringField(
        "Widerrufener Betrag in Euro",
        validators=[InputRequired("Bitte geben Sie den Betrag an."), euro_amount],
        description="Der Teil der Zuwendung, der entfällt – nicht der Erstattungsbetrag. Zu erstatten ist, "
        "was über die verbleibende Zuwendung hinaus ausgezahlt wurde; der Bescheid rechnet es aus.",
    )
    effective_from = StringField(
        "Widerruf wirkt ab",
        validators=[InputRequired("Bitte geben Sie das Datum an."), german_date],
        description="TT.MM.JJJJ; ab diesem Tag, frühestens ab der Auszahlung, laufen Zinsen.",
        render_kw=DATE_INPUT,
    )
    comment = TextAreaField("Gründe", validators=[InputRequired("Bitte begründen Sie den Widerruf."), LONG_TEXT])

    def payload(self) -> dict[str, Any]:
        return {
            **super().payload(),
            "revoked": _euro(self.revoked.data),
            "effective_from": self.effective_from.data,
            "comment": self.comment.data,
        }


class HearingAnswerForm(TransitionForm):
    comment = TextAreaField(
        "Ihre Stellungnahme",
        validators=[InputRequired("Bitte geben Sie Ihre Stellungnahme ein."), LONG_TEXT],
        description="Was spricht aus Ihrer Sicht gegen die beabsichtigte Entscheidung, ihren Umfang oder "
        "den Zeitpunkt? Die Bewilligungsstelle muss sich damit im Bescheid auseinandersetzen.",
    )

    def payload(self) -> dict[str, Any]:
        return {"comment": self.comment.data}


class DiscretionForm(TransitionForm):
    """The discretion of § 49 Abs. 3 LVwVfG exercised for this case, and the answers from the hearing dealt with."""

    reliance = TextAreaField(
        "Vertrauensschutz",
        validators=[InputRequired("Bitte begründen Sie den Vertrauensschutz."), LONG_TEXT],
        description="Warum überwiegt das öffentliche Interesse das Vertrauen der Kommune auf den Bestand der Zuwendung?",
    )
    extent = TextAreaField(
        "Umfang",
        validators=[InputRequired("Bitte begründen Sie den Umfang."), LONG_TEXT],
        description="Warum dieser Betrag – und nicht weniger?",
    )
    timing = TextAreaField(
        "Zeitpunkt",
        validators=[InputRequired("Bitte begründen Sie den Zeitpunkt."), LONG_TEXT],
        description="Warum wirkt die Entscheidung ab diesem Tag (auch für die Vergangenheit)?",
    )
    answer_considered = TextAreaField(
        "Würdigung der Stellungnahme (Pflicht, wenn eine eingegangen ist)",
        validators=[LONG_TEXT],
        description="Wie haben Sie die Stellungnahme gewogen? Der Bescheid gibt sie und Ihre Würdigung wieder.",
    )

    def payload(self) -> dict[str, Any]:
        return {
            **super().payload(),
            "reliance": self.reliance.data,
            "extent": self.extent.data,
            "timing": self.timing.data,
            "answer_considered": self.answer_considered.data or "",
        }


class RevocationForm(RevocationHearingForm, DiscretionForm):
    """After the hearing: the decision with the discretion of § 49 Abs. 3 LVwVfG exercised for this case."""


class ChangeDecisionForm(DiscretionForm):
    """An Änderungsbescheid that lowers the grant, after the hearing or without it: the discretion of the
    (precautionary) Widerruf for this case, as a Widerruf asks for it."""

    comment = TextAreaField("Weitere Begründung (freiwillig; steht im Bescheid)", validators=[LONG_TEXT])

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "comment": self.comment.data or ""}


class CostChangeDecisionForm(CostChangeReviewForm, ChangeDecisionForm):
    """An Änderungsbescheid on a changed cost plan that lowers the grant, after the hearing or its waiver: consent to an
    overrun per cost group (the reviewer may still give it, and the grant then sinks less) and the discretion."""

    comment = ChangeDecisionForm.comment

    def payload(self) -> dict[str, Any]:
        return {**ChangeDecisionForm.payload(self), **CostChangeReviewForm.payload(self)}


class HearingWaiverForm(TransitionForm):
    ground = RadioField(
        "Grund nach § 28 Abs. 2 LVwVfG (so steht er im Bescheid)",
        choices=[SelectChoice(key, f"{citation}: {text}") for key, (citation, text) in WAIVER_GROUNDS.items()],
        validators=[InputRequired("Bitte wählen Sie den Grund, aus dem die Anhörung entfällt.")],
    )
    comment = TextAreaField(
        "Begründung für diesen Fall",
        validators=[InputRequired("Bitte begründen Sie, warum die Anhörung hier nicht geboten ist."), LONG_TEXT],
        description="Sie steht im Bescheid, zum Beispiel: Die Kürzung folgt allein aus den Angaben Ihrer "
        "Änderungsanzeige vom …",
    )

    def payload(self) -> dict[str, Any]:
        return {"ground": self.ground.data, "comment": self.comment.data}


class PaperAnswerForm(TransitionForm):
    """A Stellungnahme that came by post or fax, recorded by the authority."""

    via = RadioField(
        "Eingegangen",
        choices=[SelectChoice(POST, "per Post"), SelectChoice(FAX, "per Fax")],
        validators=[InputRequired("Bitte wählen Sie, wie die Stellungnahme eingegangen ist.")],
    )
    received_on = StringField(
        "Tag des Eingangs",
        validators=[InputRequired("Bitte geben Sie den Tag des Eingangs an."), german_date],
        description="TT.MM.JJJJ, wie der Eingangsstempel ihn zeigt.",
    )
    comment = TextAreaField(
        "Inhalt der Stellungnahme",
        validators=[LONG_TEXT],
        description="Wortlaut oder wesentlicher Inhalt; alternativ oder zusätzlich das Schreiben als Scan.",
    )
    scans = MultipleFileField("Scan des Schreibens", description=f"{ALLOWED_TYPES}; je Datei höchstens 10 MB.")

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self._accepted = accept_uploads(self.scans)
        self._errors = None
        if not self.errors and not (self.comment.data or "").strip() and not self._accepted:
            self.comment.errors.append("Bitte geben Sie den Inhalt wieder oder laden Sie das Schreiben als Scan hoch.")
        return not self.errors

    def payload(self) -> dict[str, Any]:
        return {"via": self.via.data, "received_on": self.received_on.data, "comment": self.comment.data or ""}

    def files(self):
        return tuple(self._accepted)


class RepaymentForm(TransitionForm):
    received_on = StringField(
        "Tag der Gutschrift",
        validators=[InputRequired("Bitte geben Sie den Tag an."), german_date],
        description="TT.MM.JJJJ",
        render_kw=DATE_INPUT,
    )
    amount = StringField(
        "Eingegangener Betrag in Euro", validators=[InputRequired("Bitte geben Sie den Betrag an."), euro_amount]
    )

    def payload(self) -> dict[str, Any]:
        return {"received_on": self.received_on.data, "amount": _euro(self.amount.data)}


class DeferralForm(TransitionForm):
    deferred_to = StringField(
        "Gestundet bis",
        validators=[InputRequired("Bitte geben Sie den neuen Fälligkeitstag an."), german_date],
        description="TT.MM.JJJJ",
        render_kw=DATE_INPUT,
    )
    comment = TextAreaField(
        "Gründe",
        validators=[InputRequired("Bitte begründen Sie die Stundung."), LONG_TEXT],
        description="Warum wäre die sofortige Einziehung eine erhebliche Härte, und warum ist der "
        "Anspruch durch die Stundung nicht gefährdet (§ 59 Abs. 1 Nr. 1 LHO)?",
    )

    def payload(self) -> dict[str, Any]:
        return {"deferred_to": self.deferred_to.data, "comment": self.comment.data}


class InstalmentsForm(TransitionForm):
    count = StringField(
        "Zahl der Raten",
        validators=[InputRequired("Bitte geben Sie die Zahl der Raten an."), Length(max=3)],
        description="Was am Tag der Zeichnung offen ist, wird in gleiche Raten geteilt (2 bis 36).",
    )
    first_due = StringField(
        "Erste Rate fällig am",
        validators=[InputRequired("Bitte geben Sie an, wann die erste Rate fällig ist."), german_date],
        description="TT.MM.JJJJ",
    )
    interval_months = StringField(
        "Abstand der Raten in Monaten",
        validators=[InputRequired("Bitte geben Sie den Abstand der Raten an."), Length(max=2)],
        default="1",
    )
    comment = TextAreaField(
        "Gründe",
        validators=[InputRequired("Bitte begründen Sie die Ratenzahlung."), LONG_TEXT],
        description="Warum wäre die sofortige Einziehung in einer Summe eine erhebliche Härte, und warum ist der "
        "Anspruch durch die Ratenzahlung nicht gefährdet (§ 59 Abs. 1 Nr. 1 LHO)?",
    )

    def payload(self) -> dict[str, Any]:
        return {
            "count": self.count.data,
            "first_due": self.first_due.data,
            "interval_months": self.interval_months.data,
            "comment": self.comment.data,
        }


class WriteOffForm(TransitionForm):
    kind = RadioField(
        "Maßnahme",
        choices=list(WRITE_OFF_LABELS.items()),
        validators=[InputRequired("Bitte wählen Sie Niederschlagung oder Erlass.")],
    )
    comment = TextAreaField(
        "Gründe",
        validators=[InputRequired("Bitte begründen Sie die Entscheidung."), LONG_TEXT],
        description="Niederschlagung: die Einziehung hätte keinen Erfolg oder kostete mehr, als sie "
        "einbringt. Erlass: die Einziehung wäre eine besondere Härte.",
    )

    def payload(self) -> dict[str, Any]:
        return {"kind": self.kind.data, "comment": self.comment.data}


class ExecutionForm(TransitionForm):
    executed_on = StringField(
        "Tag der Ausführung durch die Landeskasse",
        validators=[InputRequired("Bitte geben Sie den Tag der Ausführung an."), german_date],
        description="TT.MM.JJJJ, wie ihn die Kasse bestätigt oder der Kontoauszug zeigt.",
        render_kw=DATE_INPUT,
    )

    def payload(self) -> dict[str, Any]:
        return {"executed_on": self.executed_on.data}


PROCEDURE_FORMS = {
    "comment": CommentForm,
    "reason": ReasonForm,
    "payment_request": PaymentRequestForm,
    "cost_payment_request": CostPaymentRequestForm,
    "change_report": ChangeReportForm,
    "cost_change_report": CostChangeReportForm,
    "cost_change_review": CostChangeReviewForm,
    "proof_of_use": ProofOfUseForm,
    "proof_report": ProofReportForm,
    "cost_proof": CostProofForm,
    "proof_check": ProofCheckForm,
    "revocation": RevocationForm,
    "change_decision": ChangeDecisionForm,
    "cost_change_decision": CostChangeDecisionForm,
    "hearing_waiver": HearingWaiverForm,
    "paper_answer": PaperAnswerForm,
    "revocation_hearing": RevocationHearingForm,
    "hearing_answer": HearingAnswerForm,
    "repayment": RepaymentForm,
    "execution": ExecutionForm,
    "deferral": DeferralForm,
    "instalments": InstalmentsForm,
    "write_off": WriteOffForm,
}

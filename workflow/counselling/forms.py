"""The counselling forms: a person with consent, the Integrationsplan with its goals, the assignment."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import FieldList, FormField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional as OptionalValue, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from forms.base import BaseForm, SubForm
from workflow.counselling.plan import AREAS, SITUATION_FIELDS, STATUSES, WHO
from workflow.text import parse_german_date

DATE_HINT = "TT.MM.JJJJ, z. B. 01.03.2027"
DATE_INPUT = {"autocomplete": "off", "inputmode": "numeric", "placeholder": "TT.MM.JJJJ"}
CONSENT_POINTS = (
    ("purpose", "Zweck: Beratung und Integrationsplan"),
    ("data", "Welche Daten gespeichert werden"),
    ("access", "Wer die Daten sieht (nur das Integrationsmanagement dieser Stelle)"),
    ("retention", "Wie lange die Daten gespeichert werden"),
    ("rights", "Rechte: Auskunft, Berichtigung, Löschung, Widerruf jederzeit"),
    ("voluntary", "Die Einwilligung ist freiwillig; die Beratung hängt nicht davon ab"),
)


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def german_date(field) -> None:
    """A date in German notation, or nothing (the field's own validators say whether it is required)."""
    if field.data and parse_german_date(field.data) is None:
        raise ValidationError(f"„{field.data}“ ist kein Datum; bitte im Format {DATE_HINT} angeben.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ClientForm(BaseForm):
    name = StringField(
        "Name", [InputRequired("Bitte geben Sie den Namen an."), Length(max=200)], render_kw={"autocomplete": "off"}
    )
    birth_date = StringField(
        "Geburtsdatum", [OptionalValue()], description="TT.MM.JJJJ, z. B. 14.05.1994", render_kw=DATE_INPUT
    )
    household = TextAreaField(
        "Haushalt",
        [Length(max=2000)],
        description="Wer gehört zum Haushalt, z. B. Ehefrau, zwei Kinder (6 und 9 Jahre).",
        render_kw={"rows": 2},
    )
    languages = StringField("Sprachen", [Length(max=300)], description="z. B. Arabisch, Englisch")
    residence_status = StringField(
        "Aufenthaltsstatus",
        [Length(max=200)],
        description="z. B. Aufenthaltserlaubnis § 25 Abs. 2 AufenthG, Gestattung, Duldung",
    )
    accommodation = StringField("Ort der Anschlussunterbringung", [Length(max=300)])
    counselling_start = StringField(
        "Beginn der Beratung",
        [InputRequired("Bitte geben Sie den Beginn der Beratung an.")],
        description=DATE_HINT,
        render_kw=DATE_INPUT,
    )
    counselling_end = StringField(
        "Ende der Beratung",
        [OptionalValue()],
        description="Leer lassen, solange die Beratung läuft.",
        render_kw=DATE_INPUT,
    )
    consent_explained = MultiCheckboxField("Erklärt vor der Einwilligung", choices=choices(CONSENT_POINTS))
    consent_given_on = StringField(
        "Einwilligung erteilt am",
        [
            InputRequired(
                "Ohne Einwilligung dürfen keine Daten gespeichert werden. "
                "Bitte geben Sie das Datum der Einwilligung an."
            )
        ],
        description=DATE_HINT,
        render_kw=DATE_INPUT,
    )
    consent_file = FileField(
        "Unterschriebene Einwilligung (PDF, PNG oder JPEG)",
        description="Optional; eine neue Datei ersetzt die bisherige.",
    )
    consent_withdrawn_on = StringField(
        "Einwilligung widerrufen am",
        [OptionalValue()],
        description="Nur bei Widerruf: danach wird der Plan nicht mehr fortgeschrieben.",
        render_kw=DATE_INPUT,
    )

    validate_birth_date = validate_counselling_start = validate_counselling_end = staticmethod(
        lambda form, field: german_date(field)
    )
    validate_consent_given_on = validate_consent_withdrawn_on = validate_birth_date

    def validate_consent_explained(self, field) -> None:
        missing = {key for key, _ in CONSENT_POINTS} - set(field.data or ())
        if missing:
            raise ValidationError("Die Einwilligung gilt nur, wenn alle Punkte erklärt wurden. Bitte haken Sie sie ab.")

    def personal(self) -> dict:
        return {
            "name": self.name.data,
            "birth_date": self.birth_date.data,
            "household": self.household.data,
            "languages": self.languages.data,
            "residence_status": self.residence_status.data,
            "accommodation": self.accommodation.data,
            "consent_explained": list(self.consent_explained.data or ()),
        }


class GoalForm(SubForm):
    token = HiddenField()
    area = SelectField("Bereich", choices=choices(AREAS))
    goal = StringField("Ziel", [Length(max=500)], description="Leer lassen, um kein Ziel einzutragen.")
    steps = TextAreaField("Vereinbarte Schritte", [Length(max=3000)], render_kw={"rows": 3})
    who = SelectField("Wer tut es", choices=choices(WHO))
    service = StringField(
        "Regeldienst", [Length(max=200)], description="z. B. Jobcenter, Ausländerbehörde, Migrationsberatung"
    )
    due_on = StringField("Bis", [OptionalValue()], description=DATE_HINT, render_kw=DATE_INPUT)
    status = SelectField("Stand", choices=choices(STATUSES))

    validate_due_on = staticmethod(lambda form, field: german_date(field))

    @property
    def is_blank(self) -> bool:
        return not (self.goal.data or self.steps.data)


class PlanForm(BaseForm):
    goals = FieldList(FormField(GoalForm), min_entries=1)
    review_on = StringField(
        "Nächste Wiedervorlage",
        [OptionalValue()],
        description=DATE_HINT + "; Sie werden vorher erinnert.",
        render_kw=DATE_INPUT,
    )

    validate_review_on = staticmethod(lambda form, field: german_date(field))

    def validate_goals(self, field) -> None:
        for entry in field:
            if not entry.form.is_blank and not entry.form.goal.data:
                entry.form.goal.errors.append("Bitte beschreiben Sie das Ziel.")
                raise ValidationError("Ein Ziel hat Schritte, aber keine Beschreibung.")

    def plan(self) -> dict:
        situation = {key: getattr(self, f"situation_{key}").data for key, _ in SITUATION_FIELDS}
        goals = [
            {
                key: entry.form[key].data
                for key in ("token", "area", "goal", "steps", "who", "service", "due_on", "status")
            }
            for entry in self.goals
            if not entry.form.is_blank
        ]
        return {"situation": situation, "goals": goals, "review_on": self.review_on.data}


for _key, _label in SITUATION_FIELDS:
    setattr(PlanForm, f"situation_{_key}", TextAreaField(_label, [Length(max=5000)], render_kw={"rows": 2}))


class AssignmentForm(BaseForm):
    responsible = SelectField("Zuständig", coerce=int)
    deputies = MultiCheckboxField("Vertretung", coerce=int)

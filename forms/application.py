"""The application form (Antrag), built from the programme's schema.

The frame (applicant or consortium, contact, bank account) is the same for
every programme; the position fields and declarations come from the
programme's ``ApplicationSchema``. Validation is not done here: the engine
checks the raw input by the schema (``workflow.workflows.standard.drafts.validate_raw``) and this
form only shows the answer next to each field.
"""

from __future__ import annotations

from functools import lru_cache

from wtforms import BooleanField, FieldList, FormField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from forms.base import (
    DATE_INPUT,
    DECIMAL_INPUT,
    EMAIL_INPUT,
    IBAN_INPUT,
    NAME_INPUT,
    PHONE_INPUT,
    BaseForm,
    SubForm,
)
from workflow.engine.schema import AMOUNT, CHOICE, DATE, DECIMAL, RADIO, ApplicationSchema, Field
from workflow.engine.settings import Settings

JOINT_CHOICES = [
    SelectChoice("single", "Einzelantrag"),
    SelectChoice("joint", "Gemeinsamer Antrag als federführende Kommune eines Zusammenschlusses"),
]


class ApplicationFrame(BaseForm):
    joint = RadioField("Art des Antrags", choices=JOINT_CHOICES, default="single", validate_choice=False)
    consortium_name = StringField("Name des Zusammenschlusses")
    members = FieldList(
        StringField("Mitgliedskommune", description="Name oder Gemeindeschlüssel (AGS), z. B. 08435059"),
        min_entries=0,
    )
    contact_name = StringField("Name der Ansprechperson", render_kw=NAME_INPUT)
    contact_phone = StringField("Telefon", render_kw=PHONE_INPUT)
    contact_email = StringField("E-Mail", render_kw=EMAIL_INPUT)
    account_holder = StringField("Kontoinhaber", render_kw={"autocomplete": "organization"})
    iban = StringField("IBAN", description="z. B. DE02 6005 0101 0002 0343 04", render_kw=IBAN_INPUT)
    bic = StringField("BIC", description="wird aus der IBAN ermittelt, wenn leer", render_kw=IBAN_INPUT)

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        """Put the engine's messages (keyed like the posted fields) on the fields they belong to."""
        fields = {}
        for field in self:
            if isinstance(field, FieldList):
                for entry in field:
                    inner = entry.form if isinstance(entry, FormField) else None
                    for sub in inner or (entry,):
                        fields[sub.name] = sub
            else:
                fields[field.name] = field
        for key, messages in errors.items():
            target = fields.get(key)
            if target is not None:
                target.errors = [*target.errors, *messages]


# The keyboard and purpose of the schema's typed fields by kind (see forms.base).
KEYBOARDS = {DATE: DATE_INPUT, DECIMAL: DECIMAL_INPUT, AMOUNT: DECIMAL_INPUT}


def _unbound(spec: Field):
    if spec.kind == CHOICE:
        return SelectField(spec.label, choices=[], description=spec.description, validate_choice=False)
    if spec.kind == RADIO:
        return RadioField(
            spec.label,
            choices=[SelectChoice(value, label) for value, label in spec.choices],
            default=spec.default or None,
            description=spec.description,
            validate_choice=False,
        )
    return StringField(spec.label, description=spec.description, render_kw=KEYBOARDS.get(spec.kind))


@lru_cache(maxsize=32)
def form_class(code: str, schema: ApplicationSchema) -> type[ApplicationFrame]:
    """The web form of a programme: the frame, its position fields and its declarations."""
    position_form = type(
        f"{code.title()}PositionForm", (SubForm,), {s.name: _unbound(s) for s in schema.measure_fields}
    )
    attributes = {spec.name: _unbound(spec) for spec in schema.application_fields}
    attributes["positions"] = FieldList(FormField(position_form), min_entries=1)
    attributes.update({name: BooleanField(text) for name, text in schema.declarations})
    return type(f"{code.title()}ApplicationForm", (ApplicationFrame,), attributes)


def application_form(
    code: str, schema: ApplicationSchema, settings: Settings, shown: dict[str, str], formdata, errors=None, **kwargs
):
    """The programme's form bound to ``formdata``, with choices and hints from the settings and the engine's messages.

    ``shown`` are the settings as a German reads them, for the {placeholders} in field descriptions.
    """
    form = form_class(code, schema)(formdata=formdata, **kwargs)
    groups = [(form, schema.application_fields), *((entry.form, schema.measure_fields) for entry in form.positions)]
    for fields, specs in groups:
        for spec in specs:
            fields[spec.name].description = spec.description.format(**shown)
            if spec.kind == CHOICE:
                fields[spec.name].choices = [SelectChoice("", "Bitte wählen")] + [
                    SelectChoice(value, label) for value, label in spec.options(settings)
                ]
    if errors:
        form.show_errors(errors)
    return form

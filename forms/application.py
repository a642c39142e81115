"""The application form (Antrag) of a programme with funded positions.

The form is bound to raw, possibly incomplete draft data; ``validate`` applies
the programme's settings (categories, minimum VZÄ, start window) and
``cleaned`` returns the typed result for the summary and the submission.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Callable, Optional

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from wtforms import BooleanField, FieldList, FormField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional as OptionalValidator

from forms.base import BaseForm, SubForm, parse_german_date, parse_german_decimal
from workflow.formatting import date_de, fte as fte_de

EMPLOYER_CHOICES = [
    SelectChoice("own", "Antragsteller (eigenes Personal)"),
    SelectChoice("provider", "Dritter Träger (Weiterleitung an Dritte)"),
]
JOINT_CHOICES = [
    SelectChoice("single", "Einzelantrag"),
    SelectChoice("joint", "Gemeinsamer Antrag als federführende Kommune eines Zusammenschlusses"),
]
DECLARATIONS = {
    "decl_truthful": "Die Angaben in diesem Antrag sind vollständig und richtig.",
    "decl_no_double_funding": (
        "Für die beantragten Stellen werden keine weiteren Zuwendungen des Landes für denselben Zweck in Anspruch genommen."
    ),
    "decl_subsidy_fraud": (
        "Uns ist bekannt, dass die Angaben zu den Stellen und zum Beschäftigungsbeginn subventionserheblich "
        "im Sinne von § 264 StGB sind."
    ),
    "decl_data_protection": (
        "Die in den Stellen genannten Personen sind über die Verarbeitung ihrer Daten nach Art. 13 DSGVO informiert."
    ),
}


def _required(what: str):
    return InputRequired(message=f"Bitte geben Sie {what} an.")


class PositionForm(SubForm):
    person_name = StringField(
        "Name der Integrationsmanagerin / des Integrationsmanagers",
        validators=[_required("den Namen der Person"), Length(max=200, message="Höchstens 200 Zeichen.")],
    )
    category = SelectField("Qualifikation", choices=[], validate_choice=False)
    fte = StringField("Stellenanteil in VZÄ", description="z. B. 0,5 für eine halbe Stelle")
    employment_start = StringField("Beschäftigungsbeginn", description="Format TT.MM.JJJJ, z. B. 01.03.2027")
    employer_kind = RadioField("Anstellungsträger", choices=EMPLOYER_CHOICES, default="own", validate_choice=False)
    provider_name = StringField(
        "Name des Trägers", validators=[Length(max=200, message="Höchstens 200 Zeichen.")],
        description="Nur bei Weiterleitung an Dritte, z. B. ein Wohlfahrtsverband",
    )


@dataclass(frozen=True)
class PositionData:
    person_name: str
    category: str
    fte: Decimal
    employment_start: date
    employer_kind: str
    provider_name: Optional[str]


@dataclass(frozen=True)
class ApplicationData:
    """A validated application, ready to be frozen into the case."""

    joint: bool
    consortium_name: Optional[str]
    member_ids: tuple[int, ...]
    contact_name: str
    contact_phone: str
    contact_email: str
    account_holder: str
    iban: str
    bic: Optional[str]
    bank_name: Optional[str]
    positions: tuple[PositionData, ...]


class ApplicationForm(BaseForm):
    joint = RadioField("Art des Antrags", choices=JOINT_CHOICES, default="single", validate_choice=False)
    consortium_name = StringField(
        "Name des Zusammenschlusses", validators=[Length(max=200, message="Höchstens 200 Zeichen.")]
    )
    members = FieldList(
        StringField("Mitgliedskommune", description="Name oder Gemeindeschlüssel (AGS), z. B. 08435059"),
        min_entries=0,
    )
    contact_name = StringField(
        "Name der Ansprechperson", validators=[_required("eine Ansprechperson"), Length(max=200)]
    )
    contact_phone = StringField("Telefon", validators=[_required("eine Telefonnummer"), Length(max=50)])
    contact_email = StringField(
        "E-Mail",
        validators=[
            _required("eine E-Mail-Adresse"),
            Email(message="Bitte geben Sie eine gültige E-Mail-Adresse an.", check_deliverability=False),
            Length(max=254),
        ],
    )
    account_holder = StringField(
        "Kontoinhaber", validators=[_required("den Kontoinhaber"), Length(max=200)]
    )
    iban = StringField("IBAN", validators=[_required("die IBAN")], description="z. B. DE02 6005 0101 0002 0343 04")
    bic = StringField("BIC", validators=[OptionalValidator()], description="wird aus der IBAN ermittelt, wenn leer")
    positions = FieldList(FormField(PositionForm), min_entries=1)
    decl_truthful = BooleanField(DECLARATIONS["decl_truthful"], validators=[DataRequired("Bitte bestätigen Sie diese Erklärung.")])
    decl_no_double_funding = BooleanField(
        DECLARATIONS["decl_no_double_funding"], validators=[DataRequired("Bitte bestätigen Sie diese Erklärung.")]
    )
    decl_subsidy_fraud = BooleanField(
        DECLARATIONS["decl_subsidy_fraud"], validators=[DataRequired("Bitte bestätigen Sie diese Erklärung.")]
    )
    decl_data_protection = BooleanField(
        DECLARATIONS["decl_data_protection"], validators=[DataRequired("Bitte bestätigen Sie diese Erklärung.")]
    )

    def __init__(self, *args, programme, applicant, find_organisation: Callable[[str], Optional[object]], **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.applicant = applicant
        self.find_organisation = find_organisation
        self._member_ids: list[int] = []
        self._iban: Optional[IBAN] = None
        category_choices = [SelectChoice("", "Bitte wählen")] + [
            SelectChoice(rate.category, rate.label) for rate in programme.rates
        ]
        for entry in self.positions:
            entry.form.category.choices = category_choices

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        self._validate_iban()
        self._validate_consortium()
        for entry in self.positions:
            self._validate_position(entry.form)
        # WTForms computes list and form errors once, during the base validation.
        for repeated in (self.members, self.positions):
            errors = [entry.errors for entry in repeated.entries]
            repeated.errors = errors if any(errors) else []
        self._errors = None
        return not self.errors

    def _validate_iban(self) -> None:
        if not self.iban.data:
            return
        try:
            iban = IBAN(self.iban.data)
        except SchwiftyException:
            self.iban.errors.append("Die IBAN ist ungültig. Bitte prüfen Sie Länderkennung, Prüfziffer und Länge.")
            return
        if iban.country_code != "DE":
            self.iban.errors.append("Bitte geben Sie die IBAN eines Kontos in Deutschland an (beginnt mit DE).")
            return
        self._iban = iban

    def _validate_consortium(self) -> None:
        self._member_ids = []
        if self.joint.data != "joint":
            return
        if not self.consortium_name.data:
            self.consortium_name.errors.append("Bitte geben Sie einen Namen für den Zusammenschluss an.")
        seen: set[int] = set()
        for field in self.members:
            if not field.data:
                continue
            organisation = self.find_organisation(field.data)
            if organisation is None:
                field.errors.append(
                    f"„{field.data}“ ist keine bekannte Kommune. Bitte wählen Sie einen Eintrag aus der Liste "
                    "oder geben Sie den achtstelligen Gemeindeschlüssel an."
                )
            elif organisation.id == self.applicant.id:
                field.errors.append("Die federführende Kommune ist bereits Antragstellerin und kein weiteres Mitglied.")
            elif organisation.id in seen:
                field.errors.append(f"{organisation.name} ist doppelt aufgeführt.")
            else:
                seen.add(organisation.id)
                self._member_ids.append(organisation.id)
        if not seen and not any(field.errors for field in self.members):
            self.joint.errors.append(
                "Ein gemeinsamer Antrag braucht mindestens eine weitere Mitgliedskommune."
            )

    def _validate_position(self, position: PositionForm) -> None:
        programme = self.programme
        if position.category.data not in {rate.category for rate in programme.rates}:
            position.category.errors.append("Bitte wählen Sie eine Qualifikationskategorie.")
        fte = parse_german_decimal(position.fte.data)
        if fte is None:
            position.fte.errors.append("Bitte geben Sie den Stellenanteil als Zahl an, z. B. 0,5.")
        elif fte != fte.quantize(Decimal("0.01")):
            position.fte.errors.append("Der Stellenanteil darf höchstens zwei Nachkommastellen haben.")
        elif not programme.min_fte <= fte <= 1:
            position.fte.errors.append(
                f"Der Stellenanteil muss zwischen {fte_de(programme.min_fte)} und 1,00 VZÄ liegen."
            )
        start = parse_german_date(position.employment_start.data)
        if start is None:
            position.employment_start.errors.append("Bitte geben Sie das Datum im Format TT.MM.JJJJ an.")
        elif not programme.positions_start_earliest <= start <= programme.positions_start_latest:
            position.employment_start.errors.append(
                "Der Beschäftigungsbeginn muss zwischen dem "
                f"{date_de(programme.positions_start_earliest)} und dem {date_de(programme.positions_start_latest)} liegen."
            )
        if position.employer_kind.data not in {choice.value for choice in EMPLOYER_CHOICES}:
            position.employer_kind.errors.append("Bitte wählen Sie den Anstellungsträger.")
        elif position.employer_kind.data == "provider" and not position.provider_name.data:
            position.provider_name.errors.append("Bitte geben Sie den Namen des Trägers an.")

    def cleaned(self) -> ApplicationData:
        """The typed application; only after ``validate()`` returned True."""
        if self._iban is None:
            raise RuntimeError("cleaned() needs a successful validate() first")
        joint = self.joint.data == "joint"
        return ApplicationData(
            joint=joint,
            consortium_name=self.consortium_name.data if joint else None,
            member_ids=tuple(self._member_ids),
            contact_name=self.contact_name.data,
            contact_phone=self.contact_phone.data,
            contact_email=self.contact_email.data,
            account_holder=self.account_holder.data,
            iban=self._iban.compact,
            bic=(self.bic.data or "").replace(" ", "").upper() or _bic_of(self._iban),
            bank_name=self._iban.bank_name if self._iban.bank else None,
            positions=tuple(
                PositionData(
                    person_name=entry.form.person_name.data,
                    category=entry.form.category.data,
                    fte=parse_german_decimal(entry.form.fte.data),
                    employment_start=parse_german_date(entry.form.employment_start.data),
                    employer_kind=entry.form.employer_kind.data,
                    provider_name=entry.form.provider_name.data if entry.form.employer_kind.data == "provider" else None,
                )
                for entry in self.positions
            ),
        )


def _bic_of(iban: IBAN) -> Optional[str]:
    try:
        return str(iban.bic) if iban.bic else None
    except SchwiftyException:
        return None


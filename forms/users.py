"""The administration's forms for users: create or change one, deactivate one."""

from __future__ import annotations

from email_validator import EmailNotValidError
from email_validator import validate_email as check_address
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from forms.base import PHONE_INPUT, BaseForm
from workflow.models import Role
from workflow.operations.users import UserData, works_for_municipality


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        # An unknown value is refused with a German message, not WTForms' English one.
        known = {str(value) for value, _ in self.choices}
        if any(str(value) not in known for value in self.data or ()):
            raise ValueError("Bitte wählen Sie nur aus den angebotenen Einträgen.")


class UserForm(BaseForm):
    username = StringField(
        "Benutzername",
        validators=[InputRequired(), Length(max=80)],
        description="Kleinbuchstaben, z. B. vorname.nachname; damit meldet sich die Person an.",
    )
    full_name = StringField("Name", validators=[InputRequired(), Length(max=200)])
    email = EmailField("E-Mail-Adresse", validators=[InputRequired(), Length(max=254)])
    job_title = StringField(
        "Funktion",
        validators=[Optional(), Length(max=100)],
        description="Freiwillig, z. B. „Integrationsbeauftragte“ oder „Hauptamt“.",
    )
    phone = StringField(
        "Telefon (Durchwahl)",
        validators=[
            Optional(),
            Length(max=50),
            Regexp(
                r"^[0-9 +()/-]+$",
                message="Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen, +, -, / und Klammern an.",
            ),
        ],
        render_kw=PHONE_INPUT,
        description="Für Prüfung und Zeichnung: steht in den Briefen unter „Bearbeitet von“; ohne Angabe die Nummer des Referats.",
    )
    roles = CheckboxesField("Rollen", validators=[InputRequired("Bitte wählen Sie mindestens eine Rolle.")])
    municipality_ags = StringField(
        "Gemeindeschlüssel der Kommune",
        validators=[Optional(), Length(max=8)],
        description="Nur für die Sachbearbeitung einer Kommune: 8 Ziffern, z. B. 08435036.",
    )
    authority = SelectField(
        "Behörde",
        validators=[Optional()],
        validate_choice=False,
        description="Für Prüfung und Zeichnung das Regierungspräsidium; für Ministerium und Verwaltung das Land.",
    )
    kreise = CheckboxesField("Zuständig für die Kreise (Prüfung)", coerce=int)
    programmes = CheckboxesField(
        "Beschränkt auf die Förderprogramme (Prüfung, Zeichnung)",
        coerce=int,
        description="Ohne Auswahl: alle Förderprogramme.",
    )

    # The address the user has now: kept as it is even where the check would refuse it today (the demo's
    # addresses end in .invalid, a name reserved never to receive mail).
    kept_email: str = ""

    def validate_email(self, field) -> None:
        if field.data == self.kept_email:
            return
        try:
            check_address(field.data, check_deliverability=False)
        except EmailNotValidError:
            raise ValidationError("Bitte geben Sie eine gültige E-Mail-Adresse ein.") from None

    def user_data(self) -> UserData:
        roles = {Role(value) for value in self.roles.data or ()}
        return UserData(
            username=self.username.data,
            full_name=self.full_name.data,
            email=self.email.data,
            roles=roles,
            organisation_ags=(self.municipality_ags.data if works_for_municipality(roles) else self.authority.data)
            or "",
            kreis_ids=set(self.kreise.data or ()),
            programme_ids=set(self.programmes.data or ()),
            job_title=self.job_title.data or "",
            phone=self.phone.data or "",
        )


class DeactivateForm(BaseForm):
    # Whether the choice may take the cases is the operation's to decide (``deactivate_user``), with its own message.
    successor = SelectField(
        "Die offenen Vorgänge übernimmt", coerce=int, validators=[Optional()], validate_choice=False
    )


class ContactUploadForm(BaseForm):
    table = FileField(
        "Tabelle der Kontakte (CSV oder Excel-Arbeitsmappe .xlsx)",
        validators=[FileRequired("Bitte wählen Sie die Datei mit den Kontakten aus.")],
        description="Eine Kopfzeile mit den Spalten AGS, Gemeinde, Name, E-Mail und (freiwillig) Funktion; weitere Spalten "
        "werden nicht beachtet. Schlüssel und Gemeinde müssen zusammenpassen. Die E-Mail-Adresse wird der Benutzername.",
        render_kw={
            "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
    )

"""The self-registration of a freier Träger (Verein, Verband, Stiftung …) and its first Sachbearbeitung."""

from __future__ import annotations

from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from forms.base import BaseForm
from workflow.operations.registrations import LEGAL_FORMS, Registration


class RegistrationForm(BaseForm):
    name = StringField(
        "Name des Trägers",
        validators=[Length(max=200)],
        description="wie im Register eingetragen, z. B. „Elternverein Miteinander e. V.“",
        render_kw={"autocomplete": "organization"},
    )
    legal_form = SelectField(
        "Rechtsform",
        choices=[SelectChoice("", "Bitte wählen …")] + [SelectChoice(form, form) for form in LEGAL_FORMS],
        validate_choice=False,
    )
    register_entry = StringField(
        "Registergericht und Registernummer",
        validators=[Length(max=120)],
        description="z. B. „Amtsgericht Stuttgart VR 12345“; entfällt ohne Registereintrag",
    )
    street = StringField(
        "Straße und Hausnummer", validators=[Length(max=200)], render_kw={"autocomplete": "street-address"}
    )
    postcode = StringField(
        "Postleitzahl", validators=[Length(max=10)], render_kw={"autocomplete": "postal-code", "inputmode": "numeric"}
    )
    city = StringField("Ort", validators=[Length(max=100)], render_kw={"autocomplete": "address-level2"})
    workplace = StringField(
        "Gemeinde, in der Ihr Träger tätig ist",
        validators=[Length(max=120)],
        description="Name oder achtstelliger Gemeindeschlüssel, z. B. „Tettnang“; sie bestimmt, "
        "welches Regierungspräsidium Ihre Anträge prüft",
    )
    representative_title = StringField(
        "Funktion der vertretungsberechtigten Person",
        validators=[Length(max=100)],
        description="z. B. „Vorsitzende“ oder „Vorstand“",
    )
    representative_name = StringField("Name der vertretungsberechtigten Person", validators=[Length(max=200)])
    contact_name = StringField("Ihr Name", validators=[Length(max=200)], render_kw={"autocomplete": "name"})
    contact_email = EmailField(
        "Ihre E-Mail-Adresse",
        validators=[Length(max=254)],
        description="An diese Adresse schicken wir den Link, mit dem Sie Ihr Passwort festlegen.",
        render_kw={"autocomplete": "email"},
    )
    username = StringField(
        "Gewünschter Benutzername",
        validators=[Length(max=80)],
        description="Kleinbuchstaben, Ziffern, Punkt oder Bindestrich, z. B. „elternverein.tettnang“",
        render_kw={"autocomplete": "username"},
    )

    def registration(self) -> Registration:
        return Registration(**{name: (getattr(self, name).data or "") for name in Registration.__dataclass_fields__})

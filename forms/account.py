"""Forms of one's own account: forgotten password, new password, change of password, second factor, how
notifications are mailed."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length

from forms.base import BaseForm
from workflow.engine.notice_kinds import CHOICES, NOTICE_KINDS
from workflow.security.passwords import MAX_LENGTH, MIN_LENGTH

NEW_PASSWORD_HINT = (
    f"Mindestens {MIN_LENGTH} Zeichen. Am besten mehrere Wörter, die nur Sie verbinden; "
    "Sonderzeichen oder Ziffern sind nicht vorgeschrieben. Bekannte, unsichere Passwörter werden abgelehnt."
)


class ForgotPasswordForm(BaseForm):
    # Not checked for form: whatever is typed gets the same answer (an address the service knows may look odd).
    email = EmailField(
        "E-Mail-Adresse",
        validators=[InputRequired("Bitte geben Sie Ihre E-Mail-Adresse ein."), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )


class NewPasswordForm(BaseForm):
    password = PasswordField(
        "Neues Passwort",
        description=NEW_PASSWORD_HINT,
        validators=[InputRequired("Bitte geben Sie ein neues Passwort ein."), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
    repeated = PasswordField(
        "Neues Passwort wiederholen",
        validators=[
            InputRequired("Bitte wiederholen Sie das neue Passwort."),
            EqualTo("password", "Die beiden Eingaben stimmen nicht überein."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        "Bisheriges Passwort",
        validators=[InputRequired("Bitte geben Sie Ihr bisheriges Passwort ein."), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(BaseForm):
    code = StringField(
        "Code aus der Authenticator-App oder Wiederherstellungscode",
        validators=[InputRequired("Bitte geben Sie den Code ein."), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"},
    )


class EnrolmentForm(BaseForm):
    code = StringField(
        "Code aus der Authenticator-App",
        validators=[InputRequired("Bitte geben Sie den Code ein, den die App anzeigt."), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )


def notification_settings_form(choices: dict[str, str]) -> BaseForm:
    """One radio group per kind a person may choose for, preset with ``choices``; the fixed kinds are no field."""

    class NotificationSettingsForm(BaseForm):
        """Its fields are the switchable kinds, added below: the kinds are data, not a fixed list of fields."""

    for kind in NOTICE_KINDS.values():
        if not kind.fixed:
            field = RadioField(
                kind.label,
                choices=[SelectChoice(value, label) for value, label in CHOICES.items()],
                default=choices[kind.code],
                description=kind.examples,
                # One is always chosen; a request without one, or with another, is refused in German by the save.
                validate_choice=False,
            )
            setattr(NotificationSettingsForm, field_name(kind.code), field)
    return NotificationSettingsForm()


def field_name(kind: str) -> str:
    return f"kind_{kind}"

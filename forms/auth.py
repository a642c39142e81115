"""Login form."""

from __future__ import annotations

from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from forms.base import BaseForm


class LoginForm(BaseForm):
    username = StringField(
        "Benutzername",
        validators=[InputRequired("Bitte geben Sie Ihren Benutzernamen ein."), Length(max=80)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Passwort",
        validators=[InputRequired("Bitte geben Sie Ihr Passwort ein."), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )

"""A freier Träger registers itself (``operations.registrations``); public bodies are set up by the administration."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, url_for

from forms.registration import RegistrationForm
from workflow.db import db
from workflow.operations.registrations import RegistrationRefused, register

bp = Blueprint("registration", __name__, url_prefix="/registrieren")


@bp.route("", methods=["GET", "POST"])
def register_traeger():
    if g.get("user") is not None:
        return redirect(url_for("home.index"))
    form = RegistrationForm()
    if not form.is_submitted():
        return render_template("registration/form.html", form=form)
    if form.validate():
        try:
            user = register(db.session, form.registration())
        except RegistrationRefused as refused:
            db.session.rollback()
            for name, message in refused.errors.items():
                getattr(form, name).errors = [*getattr(form, name).errors, message]
        else:
            return render_template("registration/sent.html", email=user.email, username=user.username)
    return render_template("registration/form.html", form=form), 422

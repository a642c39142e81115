"""A freier Träger registers itself (``operations.registrations``); public bodies are set up by the administration."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from forms.registration import RegistrationForm
from workflow.db import db
from workflow.operations.registrations import RegistrationRefused, register, registration_limit

bp = Blueprint("registration", __name__, url_prefix="/registrieren")


@bp.route("", methods=["GET", "POST"])
def register_traeger():
    if g.get("user") is not None:
        return redirect(url_for("home.index"))
    form = RegistrationForm()
    if not form.is_submitted():
        return render_template("registration/form.html", form=form)
    address = request.remote_addr or "unbekannt"
    refusal = registration_limit(db.session, current_app.config, address)
    if refusal is not None:
        # The form comes back as typed, with the reason at its top.
        return render_template("registration/form.html", form=form, refusal=refusal), 429
    if form.validate():
        try:
            user = register(db.session, form.registration(), address)
        except RegistrationRefused as refused:
            db.session.rollback()
            for name, message in refused.errors.items():
                getattr(form, name).errors = [*getattr(form, name).errors, message]
        else:
            return render_template("registration/sent.html", email=user.email, username=user.username)
    return render_template("registration/form.html", form=form), 422

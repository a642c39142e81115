"""Login and logout pages."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from forms.auth import LoginForm
from workflow.security import auth
from workflow.security.auth import login_required
from workflow.db import db
from workflow.models import User
from workflow.operations import logins, second_factor
from workflow.views.redirects import local_target

bp = Blueprint("auth", __name__)


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    if g.user is not None:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        session = db.session
        address = request.remote_addr or "unbekannt"
        wait = logins.wait_before_attempt(session, current_app.config, form.username.data, address)
        if wait:
            form.password.errors.append(logins.refusal(wait))
            return render_template("auth/login.html", form=form), 429
        user = session.scalar(select(User).where(User.username == logins.normalised_username(form.username.data)))
        succeeded = auth.verify_password(user, form.password.data)
        logins.record_attempt(session, current_app.config, form.username.data, address, succeeded, user)
        if succeeded:
            target = local_target(request.args.get("next"))
            if second_factor.asked_of(user):
                auth.begin_second_step(user)
                return redirect(url_for("second_factor.verify", next=target))
            auth.login(user)
            return redirect(target or url_for("home.index"))
        form.password.errors.append("Benutzername oder Passwort ist falsch.")
        status = 401
    elif form.errors:
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.post("/abmelden")
def logout():
    auth.logout()
    flash("Sie haben sich abgemeldet.", "success")
    return redirect(url_for("auth.login"))


@bp.post("/sitzung/verlaengern")
@login_required
def extend():
    auth.extend_session()
    if request.accept_mimetypes.best == "application/json":
        return {"expires_at": auth.session_expires_at().isoformat(), "expires_in": auth.session_seconds_left()}
    flash("Ihre Sitzung wurde verlängert.", "success")
    return redirect(local_target(request.form.get("next")) or url_for("home.index"))

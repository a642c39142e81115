"""The second factor: the code at login, enrolment (at login or from one's account), reset by the administration."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for

from forms.account import CodeForm, EnrolmentForm
from workflow.security import auth
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.models import User
from workflow.operations import logins, second_factor
from workflow.views.redirects import local_target
from workflow.security.second_factor import new_secret, qr_data_uri

bp = Blueprint("second_factor", __name__)
ENROLMENT_KEY = "totp_enrolment"  # the secret being enrolled, until the first code confirms it


def _expired():
    flash("Die Anmeldung hat zu lange gedauert. Bitte melden Sie sich erneut an.", "warning")
    return redirect(url_for("auth.login"))


@bp.route("/anmelden/code", methods=["GET", "POST"])
def verify():
    user = auth.pending_user()
    if user is None:
        return _expired()
    if user.totp_enabled_at is None:
        return redirect(url_for("second_factor.enrol", next=request.args.get("next")))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        address = request.remote_addr or "unbekannt"
        wait = logins.wait_before_attempt(db.session, current_app.config, user.username, address)
        if wait:
            form.code.errors.append(logins.refusal(wait))
            return render_template("account/code.html", form=form), 429
        succeeded = second_factor.verify(db.session, user, form.code.data)
        logins.record_attempt(db.session, current_app.config, user.username, address, succeeded, user, logins.CODE_STEP)
        if succeeded:
            auth.login(user)
            return redirect(local_target(request.args.get("next")) or url_for("home.index"))
        form.code.errors.append("Der Code ist falsch oder abgelaufen.")
        status = 401
    elif form.errors:
        status = 422
    return render_template("account/code.html", form=form), status


@bp.route("/konto/zweiter-faktor", methods=["GET", "POST"])
def enrol():
    user = g.user or auth.pending_user()
    if user is None:
        return _expired() if auth.PENDING_LOGIN_KEY in session else redirect(url_for("auth.login"))
    if g.user is None and user.totp_enabled_at is not None:
        # A password alone never replaces an enrolled factor.
        return redirect(url_for("second_factor.verify", next=request.args.get("next")))
    secret = session.get(ENROLMENT_KEY) or new_secret()
    session[ENROLMENT_KEY] = secret
    form = EnrolmentForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        codes = second_factor.enable(db.session, user, secret, form.code.data)
        if codes is not None:
            if g.user is None:
                auth.login(user)  # the enrolment's first code is the login's second factor
            session.pop(ENROLMENT_KEY, None)
            return render_template(
                "account/recovery_codes.html",
                codes=codes,
                next=local_target(request.args.get("next")) or url_for("home.index"),
            )
        form.code.errors.append("Der Code ist falsch. Bitte geben Sie den Code ein, den die App gerade anzeigt.")
    return render_template(
        "account/enrol.html",
        form=form,
        user=user,
        secret=secret,
        qr=qr_data_uri(secret, user.username),
        pending=g.user is None,
        required=second_factor.required_for(user),
    ), status


@bp.post("/verwaltung/benutzer/<int:user_id>/zweiter-faktor/zuruecksetzen")
@login_required
def reset(user_id: int):
    require(permissions.can_manage_users(g.user))
    user = db.session.get(User, user_id) or abort(404)
    second_factor.reset(db.session, g.user, user)
    flash(
        f"Der zweite Faktor von {user.full_name} ist zurückgesetzt; bei der nächsten Anmeldung richtet "
        f"{user.full_name} ihn neu ein.",
        "success",
    )
    return redirect(url_for("users.show", user_id=user.id))

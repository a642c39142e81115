"""One's own account: forgotten password, setting a password through a link, changing it, and how
notifications are mailed."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from forms.account import (
    ChangePasswordForm,
    ForgotPasswordForm,
    NewPasswordForm,
    field_name,
    notification_settings_form,
)
from workflow.engine.notice_kinds import CHOICES, NOTICE_KINDS
from workflow.security import auth
from workflow.security.auth import login_required
from workflow.db import db
from workflow.operations import account_links, notification_preferences, second_factor
from workflow.operations.account_links import LinkRefused
from workflow.operations.passwords import PasswordRefused, change_password

bp = Blueprint("account", __name__)

SAME_ANSWER = (
    "Wenn zu dieser Adresse ein aktives Konto gehört, haben wir eine E-Mail mit einem Link geschickt. "
    "Er gilt nur kurz und nur einmal. Bitte sehen Sie auch im Spam-Ordner nach."
)


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account_links.request_password_reset(db.session, form.email.data)
        return render_template("account/forgot_sent.html", message=SAME_ANSWER)
    return render_template("account/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/passwort-setzen/<token>", methods=["GET", "POST"])
def set_password(token: str):
    link = account_links.valid_link(db.session, token)
    if link is None:
        return render_template("account/link_dead.html", message=account_links.LINK_DEAD), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            account_links.use_link(db.session, token, form.password.data)
        except LinkRefused as refused:
            form.password.errors.append(refused.message)
            return render_template("account/set_password.html", form=form, link=link), refused.status
        auth.logout()
        flash("Ihr Passwort ist gesetzt. Bitte melden Sie sich damit an.", "success")
        return redirect(url_for("auth.login"))
    return render_template("account/set_password.html", form=form, link=link), 422 if form.errors else 200


@bp.route("/konto/passwort", methods=["GET", "POST"])
@login_required
def change_own_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = g.user
        try:
            change_password(db.session, user, form.current.data, form.password.data)
        except PasswordRefused as refused:
            getattr(form, refused.field).errors.append(refused.message)
            return render_template("account/change_password.html", form=form), 422
        auth.login(user)  # every other session ended; this browser goes on in a fresh one
        flash("Ihr Passwort ist geändert. Alle anderen Sitzungen wurden beendet.", "success")
        return redirect(url_for("home.index"))
    return render_template("account/change_password.html", form=form), 422 if form.errors else 200


@bp.get("/konto")
@login_required
def overview():
    return render_template(
        "account/overview.html",
        user=g.user,
        required=second_factor.required_for(g.user),
        recovery_left=second_factor.unused_recovery_codes(db.session, g.user),
    )


@bp.route("/konto/benachrichtigungen", methods=["GET", "POST"])
@login_required
def notification_settings():
    choices = notification_preferences.choices_of(db.session, g.user)
    form = notification_settings_form(choices)
    refusal = None
    if form.validate_on_submit():
        # A fixed kind has no field; a request that names one anyway is refused, not ignored.
        wanted = {
            code: request.form[field_name(code)] if kind.fixed else form[field_name(code)].data
            for code, kind in NOTICE_KINDS.items()
            if not kind.fixed or field_name(code) in request.form
        }
        try:
            notification_preferences.save(db.session, g.user, wanted)
        except notification_preferences.PreferenceRefused as refused:
            refusal, status = refused.message, refused.status
        else:
            flash("Ihre Einstellungen zu Benachrichtigungen sind gespeichert.", "success")
            return redirect(url_for(".notification_settings"))
    else:
        status = 422 if form.errors else 200
    return (
        render_template(
            "account/notification_settings.html",
            form=form,
            kinds=NOTICE_KINDS.values(),
            choices=CHOICES,
            refusal=refusal,
            field_name=field_name,
        ),
        status,
    )

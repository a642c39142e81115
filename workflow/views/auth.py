"""Login and logout pages: a local password, the authority's directory (LDAP) or its OpenID provider."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select

from forms.auth import LoginForm
from workflow.security import auth, directory_bind, oidc
from workflow.security.auth import login_required
from workflow.db import db
from workflow.models import User
from workflow.operations import directory_logins, logins, second_factor
from workflow.views.redirects import local_target

bp = Blueprint("auth", __name__)

NEXT_AFTER_PROVIDER = "next_after_provider"
WRONG_CREDENTIALS = "Benutzername oder Passwort ist falsch."
PROVIDER_DOWN = "Die Anmeldung Ihrer Behörde ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut."


def _page(form, status: int = 200, message: str | None = None):
    config = current_app.config
    return render_template(
        "auth/login.html",
        form=form,
        provider=oidc.configured(config),
        directory=directory_bind.configured(config),
        message=message,
    ), status


def _local_password_refused(user: User) -> bool:
    return any(user.has_role(role) for role in current_app.config["SSO_ONLY_ROLES"])


def _login_from_directory(profile, role_map: dict, target):
    """Whom the directory vouched for, logged in. The second factor is the directory's business: the provider or the
    authority's login enforces it (as its policy requires), so Förderweg's TOTP is not asked on top of it."""
    user = directory_logins.user_for(db.session, profile, role_map, current_app.config["SSO_ORGANISATION_MAP"])
    auth.login(user)
    return redirect(target or url_for("home.index"))


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    if g.user is not None:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return _page(form, 422 if form.errors else 200)
    config = current_app.config
    address = request.remote_addr or "unbekannt"
    wait = logins.wait_before_attempt(db.session, config, form.username.data, address)
    if wait:
        form.password.errors.append(logins.refusal(wait))
        return _page(form, 429)
    target = local_target(request.args.get("next"))
    if directory_bind.configured(config):
        try:
            profile = directory_bind.authenticate(config, form.username.data, form.password.data)
        except directory_bind.DirectoryUnavailable as error:
            current_app.logger.warning("Verzeichnis %s nicht erreichbar: %s", config["LDAP_URL"], error)
            profile = None  # the local password still works for those who have one
        if profile is not None:
            logins.record_attempt(db.session, config, form.username.data, address, True)
            try:
                return _login_from_directory(profile, config["LDAP_GROUP_ROLES"], target)
            except directory_logins.DirectoryLoginRefused as refused:
                form.password.errors.append(refused.message)
                return _page(form, refused.status)
    user = db.session.scalar(select(User).where(User.username == logins.normalised_username(form.username.data)))
    succeeded = auth.verify_password(user, form.password.data)
    logins.record_attempt(db.session, config, form.username.data, address, succeeded, user)
    if not succeeded:
        form.password.errors.append(WRONG_CREDENTIALS)
        return _page(form, 401)
    if _local_password_refused(user):
        form.password.errors.append(
            "Mit Ihrer Rolle melden Sie sich über das Verzeichnis Ihrer Behörde an, nicht mit einem Förderweg-Passwort: "
            "bitte mit Ihrem Dienstkonto („Mit Dienstkonto anmelden“)."
        )
        return _page(form, 403)
    if second_factor.asked_of(user):
        auth.begin_second_step(user)
        return redirect(url_for("second_factor.verify", next=target))
    auth.login(user)
    return redirect(target or url_for("home.index"))


@bp.get("/anmelden/dienstkonto")
def login_with_provider():
    if not oidc.configured(current_app.config):
        return redirect(url_for("auth.login"))
    session[NEXT_AFTER_PROVIDER] = local_target(request.args.get("next"))
    try:
        return oidc.redirect_to_provider(url_for("auth.provider_callback", _external=True))
    except oidc.ProviderUnavailable:
        return _page(LoginForm(formdata=None), 503, PROVIDER_DOWN)


@bp.get("/anmelden/dienstkonto/zurueck")
def provider_callback():
    if not oidc.configured(current_app.config):
        return redirect(url_for("auth.login"))
    form = LoginForm(formdata=None)
    target = session.pop(NEXT_AFTER_PROVIDER, None)
    try:
        profile = oidc.profile_from_callback()
        return _login_from_directory(profile, current_app.config["OIDC_ROLE_MAP"], target)
    except oidc.ProviderUnavailable:
        return _page(form, 503, PROVIDER_DOWN)
    except oidc.ProviderRefused:
        return _page(
            form, 401, "Die Anmeldung mit Ihrem Dienstkonto ist nicht gelungen. Bitte versuchen Sie es erneut."
        )
    except directory_logins.DirectoryLoginRefused as refused:
        return _page(form, refused.status, refused.message)


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

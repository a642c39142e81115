"""Login and logout pages."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from forms.auth import LoginForm
from workflow import auth
from workflow.db import db
from workflow.models import User

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only local paths: never redirect a user to another site after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    if g.user is not None:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data))
        if auth.verify_password(user, form.password.data):
            auth.login(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("home.index"))
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

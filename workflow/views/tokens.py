"""Personal access tokens for the API: each person makes and revokes their own; the administration sees all."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
from sqlalchemy import select

from forms.tokens import TokenForm
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.models import ApiToken
from workflow.models.api_token import SCOPE_LABELS
from workflow.operations.api_tokens import SecondFactorNeeded, create_token, revoke_token

bp = Blueprint("tokens", __name__, url_prefix="/zugangsschluessel")


def _page(form, secret=None, status=200):
    days = current_app.config["API_TOKEN_SECOND_FACTOR_AFTER_DAYS"]
    form.code.description = f"Nur nötig für einen Schlüssel, der länger als {days} Tage Schritte ausführen darf."
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == g.user.id).order_by(ApiToken.id.desc())
    ).all()
    return render_template("tokens/index.html", form=form, tokens=tokens, secret=secret, scopes=SCOPE_LABELS), status


@bp.get("")
@login_required
def index():
    require(permissions.can_use_api(g.user))
    return _page(TokenForm(formdata=None))


@bp.post("")
@login_required
def create():
    require(permissions.can_use_api(g.user))
    form = TokenForm()
    if not form.validate():
        return _page(form, status=422)
    try:
        _, secret = create_token(
            db.session, g.user, form.name.data, form.scope.data, form.valid_days.data, form.code.data or ""
        )
    except SecondFactorNeeded as refused:
        form.code.errors = [refused.message]
        return _page(form, status=refused.status)
    # The secret is shown on this one answer only; it is stored as a hash.
    return _page(TokenForm(formdata=None), secret=secret, status=201)


@bp.post("/<int:token_id>/widerrufen")
@login_required
def revoke(token_id: int):
    token = revoke_token(db.session, token_id, g.user)
    flash(f"Der Schlüssel „{token.name}“ ist widerrufen.", "success")
    return redirect(url_for("tokens.all_tokens" if token.user_id != g.user.id else "tokens.index"))


@bp.get("/alle")
@login_required
def all_tokens():
    require(permissions.can_administer(g.user))
    tokens = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).all()
    return render_template("tokens/all.html", tokens=tokens, scopes=SCOPE_LABELS)

"""Creating, using and revoking personal access tokens for the API."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Optional

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.engine.context import TransitionRefused
from workflow.formatting import date_de
from workflow.models import ApiToken, User
from workflow.models.api_token import SCOPE_LABELS, WRITE
from workflow.operations import admin_audit, second_factor

TOKEN_PREFIX = "fw_"  # marks a Förderweg token (for secret scanners), not a secret  # nosec B105
MAX_VALIDITY_DAYS = 365
# How stale last_used_at may get before a request writes it again.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class SecondFactorNeeded(TransitionRefused):
    """The token asked for needs the second factor again, and it was not given (or is not enrolled)."""


def needs_second_factor(scope: str, valid_days: int) -> bool:
    return scope == WRITE and valid_days > current_app.config["API_TOKEN_SECOND_FACTOR_AFTER_DAYS"]


def create_token(
    session: Session, user: User, name: str, scope: str, valid_days: int, code: str = ""
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret, which is shown once and never stored.

    A long-lived token that may act needs a current code of the second factor (``code``).
    """
    if scope not in SCOPE_LABELS:
        raise TransitionRefused("Bitte wählen Sie, ob der Schlüssel nur lesen oder auch Schritte ausführen darf.", 422)
    if not 1 <= valid_days <= MAX_VALIDITY_DAYS:
        raise TransitionRefused(f"Ein Schlüssel gilt mindestens einen und höchstens {MAX_VALIDITY_DAYS} Tage.", 422)
    if needs_second_factor(scope, valid_days):
        _confirm_second_factor(session, user, code)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_hash(secret),
        prefix=secret[:10],
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
    )
    session.add(token)
    admin_audit.record(
        session,
        user,
        "token_created",
        f"Zugangsschlüssel „{name}“ ({secret[:10]}…) angelegt",
        subject=user,
        after={"Umfang": SCOPE_LABELS[scope], "Gültig bis": date_de(token.expires_at)},
    )
    session.commit()
    return token, secret


def _confirm_second_factor(session: Session, user: User, code: str) -> None:
    days = current_app.config["API_TOKEN_SECOND_FACTOR_AFTER_DAYS"]
    if user.totp_enabled_at is None:
        raise SecondFactorNeeded(
            f"Ein Schlüssel, der länger als {days} Tage Schritte ausführen darf, braucht Ihren "
            "zweiten Faktor. Bitte richten Sie ihn unter „Mein Konto“ ein oder wählen Sie eine "
            "kürzere Gültigkeit.",
            403,
        )
    if not code.strip():
        raise SecondFactorNeeded(
            f"Für einen Schlüssel, der länger als {days} Tage Schritte ausführen darf, geben Sie "
            "bitte den Code Ihres zweiten Faktors ein.",
            422,
        )
    if not second_factor.verify(session, user, code):
        raise SecondFactorNeeded("Der Code des zweiten Faktors ist falsch oder abgelaufen.", 422)


def authenticate(session: Session, secret: str) -> Optional[ApiToken]:
    """The usable token with this secret (not revoked, not expired, its user active), or None."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    now = clock.now()
    if token is None or not token.usable_at(now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        session.commit()
    return token


def revoke_token(session: Session, token_id: int, actor: User) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or not permissions.can_revoke_token(actor, token):
        raise TransitionRefused("Diesen Schlüssel gibt es nicht oder Sie dürfen ihn nicht widerrufen.", 404)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.revoked_by_id = actor.id
        admin_audit.record(
            session,
            actor,
            "token_revoked",
            f"Zugangsschlüssel „{token.name}“ ({token.prefix}…) widerrufen",
            subject=token.user,
        )
        session.commit()
    return token

"""Creating, using and revoking personal access tokens for the API."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.engine.context import TransitionRefused
from workflow.models import ApiToken, User
from workflow.models.api_token import SCOPE_LABELS

TOKEN_PREFIX = "fw_"  # marks a Förderweg token (for secret scanners), not a secret  # nosec B105
MAX_VALIDITY_DAYS = 365
# How stale last_used_at may get before a request writes it again.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str, scope: str, valid_days: int) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret, which is shown once and never stored."""
    if scope not in SCOPE_LABELS:
        raise TransitionRefused("Bitte wählen Sie, ob der Schlüssel nur lesen oder auch Schritte ausführen darf.", 422)
    if not 1 <= valid_days <= MAX_VALIDITY_DAYS:
        raise TransitionRefused(f"Ein Schlüssel gilt mindestens einen und höchstens {MAX_VALIDITY_DAYS} Tage.", 422)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken(
        user_id=user.id, name=name, token_hash=token_hash(secret), prefix=secret[:10], scope=scope,
        created_at=now, expires_at=now + timedelta(days=valid_days),
    )
    session.add(token)
    session.commit()
    return token, secret


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
        session.commit()
    return token

"""Idempotency-Key on POST: a retried request gets the first answer and changes nothing again.

The key is reserved (committed) before the request runs, so a retry that arrives while the first is still
running is refused (409) instead of running twice; the answer is stored after it. A key used with a
different request is refused (422). Keys belong to a token: another token's key is another key.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app, g, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workflow import clock
from workflow.api.problems import problem
from workflow.db import db
from workflow.models import IdempotentRequest

HEADER = "Idempotency-Key"
# A reservation without an answer after this long belongs to a request that died; a retry may run.
ABANDONED_AFTER = timedelta(minutes=10)
MAX_KEY_LENGTH = 255


def request_fingerprint() -> str:
    """SHA-256 over what makes the current request this request: method, address, type and body."""
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode("latin-1"), request.content_type or ""):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def replay_or_reserve():
    """Before a POST with a key: the stored answer, a refusal, or None after reserving the key."""
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None or g.get("api_token") is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        return problem(400, f"Der Kopf „{HEADER}“ muss 1 bis {MAX_KEY_LENGTH} Zeichen lang sein.")
    fingerprint = request_fingerprint()
    session = db.session
    stored = session.scalar(
        select(IdempotentRequest).where(IdempotentRequest.token_id == g.api_token.id, IdempotentRequest.key == key)
    )
    if stored is None:
        session.add(
            IdempotentRequest(token_id=g.api_token.id, key=key, request_hash=fingerprint, created_at=clock.now())
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return problem(
                409, "Eine Anfrage mit diesem Idempotency-Key läuft gerade. Bitte wiederholen Sie sie gleich."
            )
        g.idempotency_key = key
        return None
    if stored.request_hash != fingerprint:
        return problem(
            422, f"Dieser {HEADER} wurde schon für eine andere Anfrage verwendet. Bitte wählen Sie einen neuen."
        )
    if stored.status is None:
        if clock.now() - stored.created_at < ABANDONED_AFTER:
            return problem(
                409, "Eine Anfrage mit diesem Idempotency-Key läuft gerade. Bitte wiederholen Sie sie gleich."
            )
        # The first request died without an answer (its process ended): this retry takes the key over.
        stored.created_at = clock.now()
        session.commit()
        g.idempotency_key = key
        return None
    response = current_app.response_class(stored.body, status=stored.status, content_type=stored.content_type)
    response.headers["Idempotent-Replayed"] = "true"
    return response


def store_answer(response):
    """After a POST with a reserved key: keep the answer; after a server error free the key for a retry."""
    key = g.pop("idempotency_key", None)
    if key is None:
        return response
    session = db.session
    session.rollback()
    stored = session.scalar(
        select(IdempotentRequest).where(IdempotentRequest.token_id == g.api_token.id, IdempotentRequest.key == key)
    )
    if response.status_code >= 500 or response.direct_passthrough:
        session.delete(stored)
    else:
        stored.status = response.status_code
        stored.content_type = response.content_type
        stored.body = response.get_data()
    session.commit()
    return response

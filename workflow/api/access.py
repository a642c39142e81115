"""Who calls the API: the bearer token, its scope, and its rate limit.

The rate limit is a fixed window per token kept in this process's memory: cheap, no table written per
request, and enough to stop a runaway script. With several worker processes each counts on its own, so a
token may make up to workers × API_RATE_LIMIT requests per window; that bound is known and accepted.
"""

from __future__ import annotations

import threading
import time

from flask import current_app, g, request

from workflow.api.problems import problem
from workflow.db import db
from workflow.operations.api_tokens import authenticate

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class FixedWindow:
    """Requests per key in the current window of ``seconds``; thread-safe within one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: dict[int, tuple[int, int]] = {}

    def hit(self, key: int, limit: int, seconds: int) -> int | None:
        """None if the request may go ahead, else the seconds until the window ends."""
        now = time.monotonic()
        window = int(now // seconds)
        with self._lock:
            current, count = self._counts.get(key, (window, 0))
            if current != window:
                count = 0
                self._counts = {k: v for k, v in self._counts.items() if v[0] == window}
            if count >= limit:
                return max(1, int(seconds - now % seconds))
            self._counts[key] = (window, count + 1)
        return None


def _window() -> FixedWindow:
    return current_app.extensions.setdefault("foerderweg_api_rate", FixedWindow())


def authenticate_request():
    """Before every API request: the token decides who the user is (never the browser session)."""
    g.user = None
    g.api_token = None
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    token = authenticate(db.session, secret.strip()) if scheme.lower() == "bearer" and secret.strip() else None
    if token is None:
        return problem(401, headers={"WWW-Authenticate": 'Bearer realm="foerderweg"'})
    config = current_app.config
    wait = _window().hit(token.id, config["API_RATE_LIMIT"], config["API_RATE_WINDOW_SECONDS"])
    if wait is not None:
        return problem(429, headers={"Retry-After": str(wait)})
    if request.method not in READING_METHODS and not token.may_write:
        return problem(
            403,
            "Dieser Zugangsschlüssel darf nur lesen. Für Schritte braucht er den Umfang „Lesen und Schritte ausführen“.",
        )
    g.user = token.user
    g.api_token = token
    return None

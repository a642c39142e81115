"""The one source of "now" for the application.

Deadlines, sweeps and timestamps ask this module instead of the system clock so
that tests (and a demo) can set time explicitly; production uses the real clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

BERLIN = ZoneInfo("Europe/Berlin")


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class SettableClock:
    """A clock that stands still until it is moved (tests, demos)."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("SettableClock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment

    def advance(self, **delta) -> None:
        self._now += timedelta(**delta)


def init_app(app) -> None:
    app.extensions.setdefault("foerderweg.clock", app.config.get("CLOCK") or SystemClock())


def now() -> datetime:
    if has_app_context():
        return current_app.extensions["foerderweg.clock"].now()
    return datetime.now(timezone.utc)


def today() -> date:
    """The current calendar day in Baden-Württemberg."""
    return now().astimezone(BERLIN).date()

"""Recording login attempts and deciding when to stop accepting more."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workflow import clock
from workflow.models import LoginAttempt, User
from workflow.operations import admin_audit

PASSWORD_STEP = "Passwort"
CODE_STEP = "Code des zweiten Faktors"


def normalised_username(username: str) -> str:
    return username.strip().lower()[:80]


def is_throttled(session: Session, config, username: str, remote_address: str) -> bool:
    """Too many failed attempts for this username or from this address within the window?

    Counted in the database, so the limit holds however many processes serve logins.
    """
    since = clock.now() - config["LOGIN_FAILURE_WINDOW"]
    name = normalised_username(username)
    failures_by = session.execute(
        select(
            func.count().filter(LoginAttempt.username == name),
            func.count().filter(LoginAttempt.remote_address == remote_address),
        ).where(
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at >= since,
            or_(LoginAttempt.username == name, LoginAttempt.remote_address == remote_address),
        )
    ).one()
    return (
        failures_by[0] >= config["LOGIN_MAX_FAILURES_PER_USER"]
        or failures_by[1] >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    )


def record_attempt(session: Session, username: str, remote_address: str, succeeded: bool,
                   user: Optional[User] = None, step: str = PASSWORD_STEP) -> None:
    """The attempt, and for an existing account a failure in the administration's log too."""
    if user is not None and not succeeded:
        admin_audit.record(session, None, "login_failed", f"{step} falsch eingegeben (Adresse {remote_address})",
                           subject=user)
    session.add(
        LoginAttempt(
            username=normalised_username(username),
            remote_address=remote_address[:45],
            attempted_at=clock.now(),
            succeeded=succeeded,
        )
    )
    session.commit()

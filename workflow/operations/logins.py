"""Recording login attempts and deciding how long a further attempt must wait.

Failures are counted in the database, so the limits hold however many processes serve logins. Three counts,
each with growing delays once its free failures are used up (the first delay ``LOGIN_FIRST_DELAY``, doubled by
every further failure, at most ``LOGIN_MAX_DELAY``):

- the account from this address: someone guessing from one place slows down quickly;
- the address, whatever account: spraying one password over many accounts;
- the account from anywhere, except from a familiar place (an address the account logged in from within
  ``LOGIN_FAMILIAR_FOR``): failures from elsewhere, however many, never lock the owner out of their office.

The failure that starts or lengthens a wait is a lockout in the administration's log.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Optional

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from workflow import clock
from workflow.models import LoginAttempt, User
from workflow.operations import admin_audit

PASSWORD_STEP = "Passwort"  # the name of a login step, not a secret  # nosec B105
CODE_STEP = "Code des zweiten Faktors"


def normalised_username(username: str) -> str:
    return username.strip().lower()[:80]


def _delay(config, excess: int) -> timedelta:
    if excess <= 0:
        return timedelta(0)
    return min(config["LOGIN_MAX_DELAY"], config["LOGIN_FIRST_DELAY"] * 2 ** (excess - 1))


def _familiar(session: Session, config, name: str, remote_address: str) -> bool:
    since = clock.now() - config["LOGIN_FAMILIAR_FOR"]
    return (
        session.scalar(
            select(LoginAttempt.id)
            .where(
                LoginAttempt.username == name,
                LoginAttempt.remote_address == remote_address,
                LoginAttempt.succeeded.is_(True),
                LoginAttempt.attempted_at >= since,
            )
            .limit(1)
        )
        is not None
    )


def wait_before_attempt(session: Session, config, username: str, remote_address: str) -> timedelta:
    """How long this account may not be tried from this address (zero: go ahead)."""
    now = clock.now()
    name = normalised_username(username)
    counts = [
        (
            and_(LoginAttempt.username == name, LoginAttempt.remote_address == remote_address),
            config["LOGIN_FREE_FAILURES_PER_SOURCE"],
        ),
        (LoginAttempt.remote_address == remote_address, config["LOGIN_FREE_FAILURES_PER_ADDRESS"]),
    ]
    if not _familiar(session, config, name, remote_address):
        counts.append((LoginAttempt.username == name, config["LOGIN_FREE_FAILURES_PER_ACCOUNT"]))
    row = session.execute(
        select(
            *(
                aggregate.filter(condition)
                for condition, _ in counts
                for aggregate in (func.count(), func.max(LoginAttempt.attempted_at))
            )
        ).where(
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at >= now - config["LOGIN_FAILURE_WINDOW"],
            or_(LoginAttempt.username == name, LoginAttempt.remote_address == remote_address),
        )
    ).one()
    wait = timedelta(0)
    for index, (_, free) in enumerate(counts):
        failures, last = row[2 * index], row[2 * index + 1]
        if failures > free:
            wait = max(wait, last + _delay(config, failures - free) - now)
    return wait


def record_attempt(
    session: Session,
    config,
    username: str,
    remote_address: str,
    succeeded: bool,
    user: Optional[User] = None,
    step: str = PASSWORD_STEP,
) -> None:
    """The attempt; for an existing account a failure, and the wait it starts, in the administration's log too."""
    session.add(
        LoginAttempt(
            username=normalised_username(username),
            remote_address=remote_address[:45],
            attempted_at=clock.now(),
            succeeded=succeeded,
        )
    )
    if user is not None and not succeeded:
        admin_audit.record(
            session, None, "login_failed", f"{step} falsch eingegeben (Adresse {remote_address})", subject=user
        )
        session.flush()
        wait = wait_before_attempt(session, config, username, remote_address)
        if wait > timedelta(0):
            admin_audit.record(
                session,
                None,
                "login_locked",
                f"Anmeldung von Adresse {remote_address} für {duration_de(wait)} gebremst",
                subject=user,
            )
    session.commit()


def duration_de(wait: timedelta) -> str:
    """„1 Minute“, „2 Minuten“, „40 Sekunden“: rounded up, so that who waits that long is let in."""
    seconds = max(1, int(-(-wait.total_seconds() // 1)))
    if seconds < 60:
        return f"{seconds} Sekunde{'' if seconds == 1 else 'n'}"
    minutes = -(-seconds // 60)
    return f"{minutes} Minute{'' if minutes == 1 else 'n'}"


def refusal(wait: timedelta) -> str:
    return (
        f"Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie noch {duration_de(wait)} und versuchen "
        "Sie es dann erneut. Von Ihrem gewohnten Arbeitsplatz aus geht es meist sofort."
    )

"""Enrolling, using and resetting the second factor (TOTP with single-use recovery codes)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from workflow import clock
from workflow.models import RecoveryCode, User
from workflow.operations import admin_audit
from workflow.operations.users import end_access
from workflow.security.second_factor import matching_step, new_recovery_codes, recovery_digest


def required_for(user: User) -> bool:
    """Must this person log in with a second factor (``SECOND_FACTOR_ROLES``)?"""
    return any(user.has_role(role) for role in current_app.config["SECOND_FACTOR_ROLES"])


def asked_of(user: User) -> bool:
    """Asked at login: whoever enrolled, and whoever must (they enrol first)."""
    return user.totp_enabled_at is not None or required_for(user)


def enable(session: Session, user: User, secret: str, code: str) -> list[str] | None:
    """Confirm the enrolment with a first code; the new recovery codes (shown once), or None if the code is wrong."""
    step = matching_step(secret, code, clock.now())
    if step is None:
        return None
    codes = new_recovery_codes()
    user.totp_secret = secret
    user.totp_enabled_at = clock.now()
    user.totp_last_step = step
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.add_all(RecoveryCode(user_id=user.id, code_hash=recovery_digest(code)) for code in codes)
    admin_audit.record(
        session, user, "second_factor_enrolled", "TOTP eingerichtet, neue Wiederherstellungscodes", subject=user
    )
    session.commit()
    return codes


def verify(session: Session, user: User, code: str) -> bool:
    """A current TOTP code, or an unused recovery code (which is used up by this)."""
    step = matching_step(user.totp_secret, code, clock.now()) if user.totp_secret else None
    if step is not None:
        # Claimed in one statement, so that the same code cannot log in twice, not even at the same moment.
        claimed = session.execute(
            update(User)
            .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
            .values(totp_last_step=step)
            .execution_options(synchronize_session=False)
        )
        session.commit()
        return claimed.rowcount == 1
    used = session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == recovery_digest(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return used.rowcount == 1


def unused_recovery_codes(session: Session, user: User) -> int:
    return len(
        session.scalars(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        ).all()
    )


def reset(session: Session, actor: User, user: User) -> None:
    """The administration removes a lost second factor; the person enrols again at the next login."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    end_access(session, user, actor)
    admin_audit.record(
        session,
        actor,
        "second_factor_reset",
        f"Zweiter Faktor von {user.full_name} zurückgesetzt",
        subject=user,
        before={"Zweiter Faktor": "eingerichtet"},
        after={"Zweiter Faktor": "nicht eingerichtet"},
    )
    session.commit()

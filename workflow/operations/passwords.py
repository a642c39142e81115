"""Changing one's own password: the current one is required, the new one follows the rules."""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow.security.auth import verify_password
from workflow.models import User
from workflow.operations import admin_audit
from workflow.operations.account_links import set_password
from workflow.security.passwords import password_problem


class PasswordRefused(Exception):
    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Every session and API token of the person ends (the caller starts a fresh session for the browser that
    changed it)."""
    if not verify_password(user, current):
        raise PasswordRefused("Das bisherige Passwort ist falsch.", "current")
    problem = password_problem(new, username=user.username, email=user.email)
    if problem:
        raise PasswordRefused(problem, "password")
    if verify_password(user, new):
        raise PasswordRefused("Das neue Passwort muss sich vom bisherigen unterscheiden.", "password")
    set_password(session, user, new)
    admin_audit.record(session, user, "password_changed", "Eigenes Passwort geändert", subject=user)
    session.commit()

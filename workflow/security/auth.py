"""Login, logout and the current user: server-side sessions, argon2id passwords."""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import datetime
from typing import Optional

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, flash, g, redirect, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workflow import clock
from workflow.db import db
from workflow.models import LoginSession, User
from workflow.operations import admin_audit

SESSION_TOKEN_KEY = "login_token"  # the name of a session entry, not a secret  # nosec B105
# Who gave the right password and still owes the second factor, and since when.
PENDING_LOGIN_KEY = "pending_login"
# How stale last_seen_at may get before a request writes it again.
LAST_SEEN_RESOLUTION_SECONDS = 60


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config["PASSWORD_HASH_TIME_COST"],
        memory_cost=current_app.config["PASSWORD_HASH_MEMORY_KIB"],
        parallelism=1,
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(user: Optional[User], password: str) -> bool:
    """Constant work whether or not the user exists, so timing tells nothing."""
    hasher = _hasher()
    if user is None or not user.active:
        hasher.hash(password)
        return False
    try:
        return hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def login(user: User) -> None:
    """Start a fresh session (never reuse the anonymous one) for ``user``."""
    now = clock.now()
    token = secrets.token_urlsafe(32)
    login_session = LoginSession(token_hash=_token_hash(token), user_id=user.id, created_at=now, last_seen_at=now)
    db.session.add(login_session)
    user.last_login_at = now
    admin_audit.record(
        db.session, user, "login", f"Sitzung begonnen (Adresse {request.remote_addr or 'unbekannt'})", subject=user
    )
    db.session.commit()
    session.clear()
    session[SESSION_TOKEN_KEY] = token
    # A page rendered in this same request (the recovery codes after enrolment) shows the person logged in.
    g.user, g.login_session = user, login_session


def begin_second_step(user: User) -> None:
    """The password was right; the session is not a login until the second factor is given too."""
    session.clear()
    session[PENDING_LOGIN_KEY] = {"user_id": user.id, "since": clock.now().isoformat()}


def pending_user() -> Optional[User]:
    """The person between password and second factor, within ``SECOND_FACTOR_WINDOW``; else None."""
    pending = session.get(PENDING_LOGIN_KEY)
    if not pending:
        return None
    if clock.now() - datetime.fromisoformat(pending["since"]) > current_app.config["SECOND_FACTOR_WINDOW"]:
        session.pop(PENDING_LOGIN_KEY, None)
        return None
    user = db.session.get(User, pending["user_id"])
    return user if user is not None and user.active else None


def logout() -> None:
    login_session = g.get("login_session")
    if login_session is not None:
        login_session.ended_at = clock.now()
        db.session.commit()
    session.clear()


def _load_current_user() -> None:
    g.user = None
    g.login_session = None
    token = session.get(SESSION_TOKEN_KEY)
    if not token:
        return
    # The person with their roles in the same query: nearly every page asks for a role.
    login_session = (
        db.session.scalars(
            select(LoginSession)
            .where(LoginSession.token_hash == _token_hash(token), LoginSession.ended_at.is_(None))
            .options(joinedload(LoginSession.user).joinedload(User.role_rows))
        )
        .unique()
        .first()
    )
    now = clock.now()
    config = current_app.config
    if (
        login_session is None
        or not login_session.user.active
        or now - login_session.last_seen_at > config["SESSION_IDLE_TIMEOUT"]
        or now - login_session.created_at > config["SESSION_ABSOLUTE_TIMEOUT"]
    ):
        if login_session is not None:
            login_session.ended_at = now
            db.session.commit()
        session.clear()
        flash("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.", "warning")
        return
    if (now - login_session.last_seen_at).total_seconds() > LAST_SEEN_RESOLUTION_SECONDS:
        login_session.last_seen_at = now
        db.session.commit()
    g.user = login_session.user
    g.login_session = login_session


def extend_session() -> None:
    """Count this moment as activity, so the idle timeout starts again."""
    login_session = g.get("login_session")
    if login_session is not None:
        login_session.last_seen_at = clock.now()
        db.session.commit()


def session_expires_at():
    """When the current session ends if the user does nothing (the earlier of idle and absolute end)."""
    login_session = g.get("login_session")
    if login_session is None:
        return None
    config = current_app.config
    return min(
        login_session.last_seen_at + config["SESSION_IDLE_TIMEOUT"],
        login_session.created_at + config["SESSION_ABSOLUTE_TIMEOUT"],
    )


def session_seconds_left() -> int:
    """Seconds until the session ends: the page counts down from this, whatever the browser's clock says."""
    expires = session_expires_at()
    return 0 if expires is None else max(0, int((expires - clock.now()).total_seconds()))


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
        return view(**kwargs)

    return wrapped


def require(allowed: bool) -> None:
    """Refuse with 403 unless the permission check passed."""
    if not allowed:
        abort(403)


def init_app(app) -> None:
    app.before_request(_load_current_user)
    app.jinja_env.globals["session_expires_at"] = session_expires_at
    app.jinja_env.globals["session_seconds_left"] = session_seconds_left

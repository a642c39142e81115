"""One-time links by mail: invitations (set a first password) and password resets.

Only the SHA-256 of a link's token is stored, and the mail keeps the link encrypted only until it is sent
(``OutgoingMail.sealed_link``). A link works once, until it expires
(``INVITATION_VALID_FOR``, ``PASSWORD_RESET_VALID_FOR``) or is revoked; a new link of the
same kind revokes the older ones. Setting a password through a link ends every session and API
token of the person. A reset request gets the same answer whether the address is known or not.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Optional

from flask import current_app, render_template
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from workflow import clock
from workflow.security.auth import hash_password
from workflow.models import AccountToken, OutgoingMail, User
from workflow.operations import admin_audit
from workflow.operations.users import end_access
from workflow.security.passwords import password_problem

VALIDITY_SETTING = {
    AccountToken.INVITATION: "INVITATION_VALID_FOR",
    AccountToken.PASSWORD_RESET: "PASSWORD_RESET_VALID_FOR",
}
SUBJECTS = {
    AccountToken.INVITATION: "Einladung zu Förderweg",
    AccountToken.PASSWORD_RESET: "Förderweg: Passwort neu setzen",
}
LINK_DEAD = "Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an."


class LinkRefused(Exception):
    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _link(token: str) -> str:
    """The link as it works from a mail (outside any request, e.g. an import run from the command line)."""
    path = current_app.url_map.bind("").build("account.set_password", {"token": token})
    return current_app.config["BASE_URL"].rstrip("/") + path


def _revoke_open(session: Session, user: User, purpose: str) -> int:
    result = session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
        )
        .values(revoked_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def send_link(session: Session, user: User, purpose: str) -> str:
    """Revoke the person's older links of this kind, make a new one and queue the mail with it; the link."""
    if user.id is not None:  # a user added in this transaction has no older links
        _revoke_open(session, user, purpose)
    token = secrets.token_urlsafe(32)
    now = clock.now()
    validity = current_app.config[VALIDITY_SETTING[purpose]]
    session.add(
        AccountToken(user=user, purpose=purpose, token_hash=_digest(token), created_at=now, expires_at=now + validity)
    )
    body = render_template(
        f"mail/{purpose}.txt", recipient=user, link=OutgoingMail.LINK_PLACEHOLDER, expires_at=now + validity
    )
    session.add(
        OutgoingMail(
            user=user,
            application_id=None,
            to_address=user.email,
            subject=SUBJECTS[purpose],
            body=body,
            sealed_link=_link(token),
            status=OutgoingMail.QUEUED,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    return _link(token)


def invite(session: Session, actor: Optional[User], user: User) -> str:
    """Send (or send again) the invitation to a user who has not set a password yet; the link (for the command line)."""
    if not user.awaits_password:
        raise LinkRefused(f"{user.full_name} hat bereits ein Passwort gesetzt; eine Einladung ist nicht nötig.", 409)
    if not user.active:
        raise LinkRefused("Deaktivierte Benutzer erhalten keine Einladung.", 409)
    link = send_link(session, user, AccountToken.INVITATION)
    admin_audit.record(session, actor, "invitation_sent", f"Einladung an {user.email} versandt", subject=user)
    return link


def send_invitation(session: Session, actor: User, user: User) -> None:
    """``invite`` as a step of its own (the button on a user's page)."""
    invite(session, actor, user)
    session.commit()


def revoke_invitation(session: Session, actor: User, user: User) -> None:
    if not _revoke_open(session, user, AccountToken.INVITATION):
        raise LinkRefused("Es gibt keine offene Einladung für diesen Benutzer.", 409)
    admin_audit.record(session, actor, "invitation_revoked", f"Einladung an {user.email} widerrufen", subject=user)
    session.commit()


def open_invitation(session: Session, user: User) -> Optional[AccountToken]:
    return session.scalar(
        select(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == AccountToken.INVITATION,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
            AccountToken.expires_at > clock.now(),
        )
        .order_by(AccountToken.id.desc())
        .limit(1)
    )


def request_password_reset(session: Session, address: str) -> None:
    """Queue a reset link for each active user with this e-mail address; nothing tells whether there is one.

    A person gets at most one link per ``PASSWORD_RESET_INTERVAL``, so that the form cannot flood a mailbox.
    """
    wanted = address.strip().lower()
    users = session.scalars(select(User).where(func.lower(User.email) == wanted, User.active.is_(True))).all()
    recently = clock.now() - current_app.config["PASSWORD_RESET_INTERVAL"]
    for user in users:
        sent_lately = session.scalar(
            select(AccountToken.id)
            .where(
                AccountToken.user_id == user.id,
                AccountToken.purpose == AccountToken.PASSWORD_RESET,
                AccountToken.created_at > recently,
            )
            .limit(1)
        )
        if sent_lately is None:
            send_link(session, user, AccountToken.PASSWORD_RESET)
            admin_audit.record(
                session, None, "password_reset_requested", f"Link an {user.email} versandt", subject=user
            )
    session.commit()


def valid_link(session: Session, token: str) -> Optional[AccountToken]:
    """The link's record if it may still be used, else None."""
    link = session.scalar(select(AccountToken).where(AccountToken.token_hash == _digest(token)))
    if link is None or link.used_at or link.revoked_at or link.expires_at <= clock.now() or not link.user.active:
        return None
    return link


def use_link(session: Session, token: str, password: str) -> User:
    """Set the password through a valid link, once; every session and API token of the person ends."""
    try:
        link = valid_link(session, token)
        if link is None:
            raise LinkRefused(LINK_DEAD, 404)
        user = link.user
        problem = password_problem(password, username=user.username, email=user.email)
        if problem:
            raise LinkRefused(problem)
        claimed = session.execute(
            update(AccountToken)
            .where(AccountToken.id == link.id, AccountToken.used_at.is_(None))
            .values(used_at=clock.now())
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # the same link used at the same moment in another request
            raise LinkRefused(LINK_DEAD, 404)
        set_password(session, user, password)
        how = "über die Einladung" if link.purpose == AccountToken.INVITATION else "über „Passwort vergessen“"
        admin_audit.record(session, user, "password_set", f"Passwort {how} gesetzt", subject=user)
        session.commit()
        return user
    except BaseException:
        session.rollback()
        raise


def set_password(session: Session, user: User, password: str) -> None:
    """A new password (already checked against the rules); every session and API token ends, open links die."""
    user.password_hash = hash_password(password)
    user.password_set_at = clock.now()
    end_access(session, user)
    for purpose in VALIDITY_SETTING:
        _revoke_open(session, user, purpose)

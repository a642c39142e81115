"""The administration's own records: its append-only audit and the one-time links sent to people."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime
from workflow.models.user import User


class AdminAuditEntry(Base):
    """One administrative change: who, when, what, the state before and after. Never changed, never deleted."""

    __tablename__ = "admin_audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the command line (no person logged in).
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    action: Mapped[str] = mapped_column(String(64))
    subject_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    before: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    after: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)

    actor: Mapped[Optional[User]] = relationship(foreign_keys=[actor_id], lazy="joined")
    subject_user: Mapped[Optional[User]] = relationship(foreign_keys=[subject_user_id], lazy="joined")


class AccountToken(Base):
    """A one-time link (invitation or password reset): only its SHA-256 is stored; used or revoked once, dead."""

    __tablename__ = "account_token"

    INVITATION = "invitation"
    # The name of a kind of one-time link, not a password.
    PASSWORD_RESET = "password_reset"  # nosec B105

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class RecoveryCode(Base):
    """A single-use code that stands in for the second factor; stored as its SHA-256 only."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

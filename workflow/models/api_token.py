"""Personal access tokens for the API, and the answers kept for retried requests (Idempotency-Key)."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime
from workflow.models.user import User

READ = "read"
WRITE = "write"
SCOPE_LABELS = {READ: "Nur lesen", WRITE: "Lesen und Schritte ausführen"}


class ApiToken(Base):
    """A token is shown once; only its SHA-256 is kept (it has 256 bits of chance, so no slow hash is needed)."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so a person can tell their tokens apart without the secret.
    prefix: Mapped[str] = mapped_column(String(12))
    scope: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime, nullable=True)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime, nullable=True)
    revoked_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")

    @property
    def may_write(self) -> bool:
        return self.scope == WRITE

    def usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at and self.user.active


class IdempotentRequest(Base):
    """The first answer to a POST with an Idempotency-Key; a retry gets it again instead of a second run."""

    __tablename__ = "idempotent_request"
    __table_args__ = (UniqueConstraint("token_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # None while the first request is still running.
    status: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    content_type: Mapped[Optional[str]] = mapped_column(String(100), nullable=True)
    body: Mapped[Optional[bytes]] = mapped_column(LargeBinary, nullable=True)

"""Files a clerk attaches to an application or to an answer (Anlagen)."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime
from workflow.models.user import User


class Attachment(Base):
    """Stored in the database, outside any web root; served only through a permission check.

    While ``audit_entry_id`` is empty the file belongs to a draft and may still be
    removed; the transition that submits it (or the answer it came with) records
    its SHA-256 in the audit entry, from then on it is evidence.
    """

    __tablename__ = "attachment"

    # The consortium agreement signed by every member: it stands in for their confirmations on the page.
    CONSORTIUM_AGREEMENT = "consortium_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    audit_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("audit_entry.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # What the file is for, where the engine relies on it: CONSORTIUM_AGREEMENT, or None for any Anlage.
    purpose: Mapped[Optional[str]] = mapped_column(String(32))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    uploaded_by: Mapped[User] = relationship(lazy="joined")
    application = relationship("Application")

    @property
    def summary(self) -> dict:
        """What the audit entry records of this file."""
        return {"filename": self.filename, "sha256": self.sha256, "size": self.size}

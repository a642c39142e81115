"""Generated documents: immutable evidence of what was sent and decided."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime
from workflow.models.user import User

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Document(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    audit_entry_id: Mapped[int] = mapped_column(ForeignKey("audit_entry.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    template_name: Mapped[str] = mapped_column(String(200))
    template_sha256: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    created_by: Mapped[User] = relationship(lazy="joined")
    application = relationship("Application")


class DocumentPdf(Base):
    """A PDF/A copy of a Word document, made once (by the scheduler, or on first request); the Word file stays the original."""

    __tablename__ = "document_pdf"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

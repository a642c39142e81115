"""The case history: one append-only, hash-chained entry per transition."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime
from workflow.models.user import User

GENESIS_HASH = "0" * 64
# The mark in ``details`` of a step taken through the API („über die Schnittstelle“), inside the hash chain.
VIA_API = "via_api"


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    # The steps of the procedures after the decision, by procedure and step. Most entries are steps of a case
    # itself (no procedure); leaving them out keeps the index small and lets SQLite's statistics see how few
    # entries one procedure has, so it reaches them through the index instead of scanning the history.
    __table_args__ = (
        Index(
            "ix_audit_entry_procedure_id_transition",
            "procedure_id",
            "transition",
            sqlite_where=text("procedure_id IS NOT NULL"),
            postgresql_where=text("procedure_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    # A step of a procedure after the decision (payment, change, …); None: a step of the case itself.
    procedure_id: Mapped[Optional[int]] = mapped_column(ForeignKey("procedure.id"))
    transition: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)

    actor: Mapped[User] = relationship(lazy="joined")
    documents = relationship("Document", order_by="Document.id", lazy="selectin", viewonly=True)
    attachments = relationship("Attachment", order_by="Attachment.id", lazy="selectin", viewonly=True)

    def computed_hash(self, document_hashes: list[str]) -> str:
        """SHA-256 over this entry, the documents it produced and its predecessor."""
        payload = {
            "application_id": self.application_id,
            "transition": self.transition,
            "from": self.from_state,
            "to": self.to_state,
            "actor_id": self.actor_id,
            "comment": self.comment,
            "details": self.details,
            "created_at": self.created_at.isoformat(),
            "documents": sorted(document_hashes),
            "previous": self.previous_hash,
        }
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

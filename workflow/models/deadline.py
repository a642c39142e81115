"""Deadlines (Fristen) as rows: opened and closed by transitions, acted on by the sweep."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.models.base import Base, UtcDateTime


class Deadline(Base):
    __tablename__ = "deadline"
    # The sweep's query: open, not expired, due up to a cutoff (``operations.sweep.due_conditions``).
    # The lists' nearest open deadline per case (``queries.next_due_on``).
    __table_args__ = (
        Index("ix_deadline_status_expired_at_due_on", "status", "expired_at", "due_on"),
        Index("ix_deadline_application_id_status_due_on", "application_id", "status", "due_on"),
    )

    OPEN = "open"
    CLOSED = "closed"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default=OPEN, index=True)
    opened_by_entry_id: Mapped[int] = mapped_column(ForeignKey("audit_entry.id"))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_by_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("audit_entry.id"))
    closed_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    # Set once by the sweep's reminder and expiry transitions; they are what
    # makes a second sweep leave the row alone. An expired response period stays
    # open (and overdue) until a person acts on the case.
    reminded_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    expired_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

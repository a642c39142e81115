"""What people are told: in-app notifications and the queue of outgoing mail.

Both are written by ``perform_transition`` in the transition's own database
transaction, so a step and the news of it exist together or not at all. Mail
is sent later by ``workflow.mail``; a row leaves the queue only once sent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.security.crypto import EncryptedJSON
from workflow.models.base import Base, UtcDateTime
from workflow.models.document import Document
from workflow.models.user import User


class Notification(Base):
    __tablename__ = "notification"
    # Unread counts use (user_id, read_at); the newest-first list uses (user_id, id).
    __table_args__ = (
        Index("ix_notification_user_id_read_at", "user_id", "read_at"),
        Index("ix_notification_user_id_id", "user_id", "id"),
        Index("ix_notification_awaits_digest_user_id", "awaits_digest", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    # A step of the case, or a request to join a consortium (which is no step of the lead's draft).
    audit_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("audit_entry.id"))
    membership_request_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("membership_request.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(String(300))
    # ``engine.notice_kinds``; None for notifications from before the kinds.
    kind: Mapped[Optional[str]] = mapped_column(String(32))
    # Its mail waits for the person's daily digest; ``digest_id`` names the digest that took it.
    awaits_digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    digest_id: Mapped[Optional[int]] = mapped_column(ForeignKey("notification_digest.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

    application = relationship("Application")


class NotificationPreference(Base):
    """How one person wants the mail of one kind of notification; no row: at once."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    choice: Mapped[str] = mapped_column(String(16))


class NotificationDigest(Base):
    """One person's daily mail of collected notifications: at most one per person and day (Europe/Berlin), so
    two schedulers, or one run twice, cannot send it twice."""

    __tablename__ = "notification_digest"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_notification_digest_user_id_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    mail_id: Mapped[Optional[int]] = mapped_column(ForeignKey("outgoing_mail.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


outgoing_mail_document = Table(
    "outgoing_mail_document",
    Base.metadata,
    Column("mail_id", ForeignKey("outgoing_mail.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("document.id"), primary_key=True),
)


class OutgoingMail(Base):
    """One mail to one person, queued until an SMTP server (or the outbox folder) took it.

    A sender claims a row by writing ``claim_token`` and ``claimed_until``
    before it sends; nobody else touches a claimed row until the claim runs
    out, so no mail goes out twice.
    """

    __tablename__ = "outgoing_mail"
    __table_args__ = (Index("ix_outgoing_mail_status_next_attempt_at", "status", "next_attempt_at"),)

    QUEUED = "queued"
    SENT = "sent"
    LINK_PLACEHOLDER = "[Der persönliche Link steht nur in der versandten E-Mail.]"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # None for mail about the account itself (invitation, password reset).
    application_id: Mapped[Optional[int]] = mapped_column(ForeignKey("application.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # A one-time link (invitation, password reset) stands in ``body`` as ``LINK_PLACEHOLDER``; the link itself waits
    # here, encrypted, and is gone once the mail is sent: the database never holds a link that still works.
    sealed_link: Mapped[Optional[str]] = mapped_column(EncryptedJSON)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claim_token: Mapped[Optional[str]] = mapped_column(String(32))
    claimed_until: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship()
    attachments: Mapped[list[Document]] = relationship(secondary=outgoing_mail_document, order_by=Document.id)

"""What other systems learn: the event log (an outbox written with each step) and the webhook subscriptions that
deliver it, with a row per delivery and one per attempt.

An event is written by ``perform_transition`` in the step's own database transaction, together with a pending
delivery for every subscription that sees it: a step and the news of it exist together or not at all. The
delivery run (``workflow.events.delivery``) sends them later and retries until the receiver answers 2xx.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime
from workflow.models.organisation import Organisation
from workflow.security.crypto import EncryptedBytes


class Event(Base):
    """One step of a case, typed (``case.submitted``); its id is the cursor of the feed and the receivers' key to
    deduplicate (``webhook-id: evt_<id>``)."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_application_id_id", "application_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(64), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"))
    procedure_id: Mapped[Optional[int]] = mapped_column(ForeignKey("procedure.id"))
    audit_entry_id: Mapped[int] = mapped_column(ForeignKey("audit_entry.id"), unique=True)
    # Who may read it: ``applicant`` (the applicant, its members and the authority) or ``staff`` (an internal step).
    audience: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    @property
    def webhook_id(self) -> str:
        return f"evt_{self.id}"


class WebhookSubscription(Base):
    """An organisation's receiver: its address, the event types it wants (none listed: all) and the shared secret
    the deliveries are signed with (Standard Webhooks, ``whsec_`` + base64), encrypted at rest."""

    __tablename__ = "webhook_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(String(200), default="")
    event_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    secret: Mapped[bytes] = mapped_column(EncryptedBytes)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Deleted subscriptions stay, so that their delivery log can still be read; nothing more goes out to them.
    deleted_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

    organisation: Mapped[Organisation] = relationship()

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class WebhookDelivery(Base):
    """One event for one subscription, until the receiver took it (``delivered``) or the attempts ran out
    (``failed``; a replay queues it again)."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id"),
        Index("ix_webhook_delivery_status_next_attempt_at", "status", "next_attempt_at"),
    )

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscription.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claim_token: Mapped[Optional[str]] = mapped_column(String(32))
    claimed_until: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    last_status: Mapped[Optional[int]] = mapped_column(Integer)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    delivered_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

    subscription: Mapped[WebhookSubscription] = relationship()
    event: Mapped[Event] = relationship()
    log: Mapped[list["WebhookAttempt"]] = relationship(order_by="WebhookAttempt.id", viewonly=True)


class WebhookAttempt(Base):
    """The delivery log: every attempt, with the receiver's answer or why there was none."""

    __tablename__ = "webhook_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_delivery.id"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status_code: Mapped[Optional[int]] = mapped_column(Integer)
    error: Mapped[Optional[str]] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer)

"""The outbox: the typed events of a transaction's steps (``engine.services.publish``), with a pending delivery for
every webhook subscription that may see each; and the feed's query.

The events are written last, right before the step commits, under a lock that each such transaction holds until
its commit: so event numbers follow the order in which steps commit, and a reader who asks for the events after
the last one it saw misses none (``GET /api/v1/events?after=``). On SQLite the database's single writer gives the
same order without a lock.
"""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.engine.declaration import APPLICANT
from workflow.events.types import declared
from workflow.models import Application, AuditEntry, Event, Procedure, User, WebhookDelivery, WebhookSubscription

# The key of the PostgreSQL advisory lock that orders the events (any constant unused elsewhere: "events").
EVENT_LOCK = 0x6576656E7473


def event_data(
    application_id: int,
    file_number: Optional[str],
    programme: str,
    procedure: Optional[dict],
    transition: str,
    from_state: str,
    to_state: str,
    entry_id: int,
) -> dict[str, Any]:
    """What an event tells: the case (with the address to read more), the procedure, the step and the states.
    No comment and no personal data: whoever needs more reads the case through the API with their own rights."""
    return {
        "case": {
            "id": application_id,
            "file_number": file_number,
            "programme": programme,
            "href": f"/api/v1/cases/{application_id}",
        },
        "procedure": procedure,
        "transition": transition,
        "from_state": from_state,
        "to_state": to_state,
        "history_entry": entry_id,
    }


def publish(session: Session, application: Application, entries: list[AuditEntry]) -> None:
    """The events of ``entries`` (steps of ``application`` in this transaction) and their deliveries; flushed,
    committed with the steps."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_LOCK})
    code = application.programme.code
    for entry in entries:
        procedure = session.get(Procedure, entry.procedure_id) if entry.procedure_id else None
        kind = procedure.kind if procedure is not None else None
        event_type, audience = declared(code, kind, entry.transition)
        event = Event(
            type=event_type,
            application_id=application.id,
            procedure_id=entry.procedure_id,
            audit_entry_id=entry.id,
            audience=audience,
            occurred_at=entry.created_at,
            data=event_data(
                application.id,
                application.file_number,
                code,
                {"id": procedure.id, "kind": kind} if procedure is not None else None,
                entry.transition,
                entry.from_state,
                entry.to_state,
                entry.id,
            ),
        )
        session.add(event)
        session.flush()
        _queue_deliveries(session, application, event)


def _queue_deliveries(session: Session, application: Application, event: Event) -> None:
    told = permissions.organisations_told(application, event.audience)
    if not told:
        return
    subscriptions = session.scalars(
        select(WebhookSubscription).where(
            WebhookSubscription.organisation_id.in_(told), WebhookSubscription.deleted_at.is_(None)
        )
    )
    now = clock.now()
    session.add_all(
        WebhookDelivery(
            subscription_id=subscription.id,
            event_id=event.id,
            status=WebhookDelivery.PENDING,
            attempts=0,
            next_attempt_at=now,
        )
        for subscription in subscriptions
        if subscription.wants(event.type)
    )


def visible_events(user: User) -> Select:
    """The events ``user`` may read, oldest first: those of the cases they see (``visible_applications``), internal
    steps only for those who read internal matters."""
    query = (
        select(Event)
        .join(Application, Application.id == Event.application_id)
        .where(permissions.visible_applications(user))
        .order_by(Event.id)
    )
    if not permissions.reads_internal_events(user):
        query = query.where(Event.audience == APPLICANT)
    return query

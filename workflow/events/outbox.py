"""The outbox: each step's typed event, written in the step's own transaction (``engine.services.publish``),
with a pending delivery for every webhook subscription that may see it; and the feed's query."""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.engine.declaration import APPLICANT, Transition
from workflow.engine.programmes import definition_for
from workflow.events.types import event_type
from workflow.models import Application, AuditEntry, Event, Procedure, User, WebhookDelivery, WebhookSubscription


def event_data(application_id: int, file_number: Optional[str], programme: str, procedure: Optional[dict],
               transition: str, from_state: str, to_state: str, entry_id: int) -> dict[str, Any]:
    """What an event tells: the case (with the address to read more), the procedure, the step and the states.
    No comment and no personal data: whoever needs more reads the case through the API with their own rights."""
    return {
        "case": {"id": application_id, "file_number": file_number, "programme": programme,
                 "href": f"/api/v1/cases/{application_id}"},
        "procedure": procedure,
        "transition": transition,
        "from_state": from_state,
        "to_state": to_state,
        "history_entry": entry_id,
    }


def publish(session: Session, application: Application, transition: Transition, procedure: Optional[Procedure],
            entry: AuditEntry) -> Event:
    """The step's event and its deliveries; flushed, committed with the step."""
    definition = definition_for(application.programme.code)
    kind = procedure.kind if procedure is not None else None
    workflow = definition.procedure_type(kind).workflow if kind else definition.workflow
    event = Event(
        type=event_type(workflow, transition, kind),
        application_id=application.id,
        procedure_id=procedure.id if procedure is not None else None,
        audit_entry_id=entry.id,
        audience=transition.audience,
        occurred_at=entry.created_at,
        data=event_data(application.id, application.file_number, application.programme.code,
                        {"id": procedure.id, "kind": kind} if procedure is not None else None,
                        transition.name, entry.from_state, entry.to_state, entry.id),
    )
    session.add(event)
    session.flush()
    told = permissions.organisations_told(application, transition.audience)
    subscriptions = session.scalars(select(WebhookSubscription).where(
        WebhookSubscription.organisation_id.in_(told), WebhookSubscription.deleted_at.is_(None))) if told else ()
    now = clock.now()
    session.add_all(WebhookDelivery(subscription_id=subscription.id, event_id=event.id, status=WebhookDelivery.PENDING,
                                    attempts=0, next_attempt_at=now)
                    for subscription in subscriptions if subscription.wants(event.type))
    return event


def visible_events(user: User) -> Select:
    """The events ``user`` may read, oldest first: those of the cases they see (``visible_applications``), internal
    steps only for those who read internal matters."""
    query = (select(Event).join(Application, Application.id == Event.application_id)
             .where(permissions.visible_applications(user)).order_by(Event.id))
    if not permissions.reads_internal_events(user):
        query = query.where(Event.audience == APPLICANT)
    return query

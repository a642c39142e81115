"""Notifications that asked for work no longer read as „neu“ once that work is done.

A notification announced work when the step it tells of led to a state that waits for a role of its recipient
(the declaration's ``waiting_for``). After every step, such unread notifications of the case are marked read when the
case (or procedure) has left that state, or when their recipient has nothing left to do there
(``items.items_on_case``): done by the recipient, or by a colleague, or given to a colleague (``assignment``).
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock
from workflow.engine import procedures
from workflow.engine.programmes import workflow_of
from workflow.inbox.items import items_on_case
from workflow.models import Application, AuditEntry, Notification, Procedure, User
from workflow.operations.notifications import queue_notifications


def notify_and_close(session: Session, application: Application, transition, entry: AuditEntry, *args) -> None:
    """The engine's ``notify`` service: tell the people of this step, then close the news whose work is done."""
    queue_notifications(session, application, transition, entry, *args)
    close_done(session, application, entry)


def close_done(session: Session, application: Application, entry: Optional[AuditEntry] = None) -> None:
    """After step ``entry`` (whose own news is new), or after the case was given to a reviewer (no step)."""
    query = (
        select(Notification, AuditEntry)
        .join(AuditEntry, AuditEntry.id == Notification.audit_entry_id)
        .where(Notification.application_id == application.id, Notification.read_at.is_(None))
    )
    if entry is not None:
        query = query.where(Notification.audit_entry_id != entry.id)
    unread = session.execute(query).all()
    for notification, announced in unread:
        procedure = session.get(Procedure, announced.procedure_id) if announced.procedure_id else None
        workflow = procedures.type_of(procedure).workflow if procedure is not None else workflow_of(application)
        waiting_for = workflow.state(announced.to_state).waiting_for
        recipient = session.get(User, notification.user_id)
        if waiting_for is None or not recipient.has_role(waiting_for):
            continue  # news, not work: it stays until its recipient reads it
        subject = procedure if procedure is not None else application
        # Moved on from the state the news asked to act in: that step is taken (work of a later state is told anew).
        if subject.state != announced.to_state or not items_on_case(session, recipient, application, procedure):
            notification.read_at = clock.now()
            notification.awaits_digest = False  # done work is no news for tomorrow's digest either

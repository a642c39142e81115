"""The one function that carries out a workflow transition."""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.db import lock_row
from workflow.engine import procedures, services
from workflow.engine.declaration import Workflow
from workflow.models import Application, AuditEntry, Deadline, Document, Procedure, User
from workflow.models.audit import GENESIS_HASH
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import workflow_of


def perform_transition(
    session: Session,
    application_id: int,
    name: str,
    actor: User,
    payload: Optional[dict[str, Any]] = None,
    files: tuple = (),
    procedure_id: Optional[int] = None,
    new_procedure: Optional[str] = None,
) -> AuditEntry:
    """Fire transition ``name`` on the application, all or nothing.

    With ``procedure_id`` the transition is one of that procedure's workflow; with ``new_procedure`` (a kind)
    a procedure of that kind is started by the transition.

    Locks the case, checks permission, state, condition and guards, runs the
    transition's effect, changes the state, writes the audit entry, renders and
    stores its documents, opens and closes deadlines, queues notifications,
    writes the events of its steps (the outbox of webhooks) and commits once. Any refusal or error rolls everything back.
    """
    try:
        application = lock_row(session, Application, application_id)
        if application is None or not permissions.can_view_application(actor, application):
            raise TransitionRefused("Diesen Antrag gibt es nicht oder Sie dürfen ihn nicht sehen.", 404)
        if procedure_id is None and new_procedure is None:
            entry = _perform(session, application, workflow_of(application), None, name, actor, payload or {}, files)
        else:
            procedure_type, procedure = procedures.locate(session, application, procedure_id, new_procedure, actor)
            entry = _perform(
                session, application, procedure_type.workflow, procedure, name, actor, payload or {}, files
            )
        opened = _open_procedures(session, application, name, entry)
        # The events last, right before the commit: the feed numbers them in the order the steps commit.
        services.current().publish(session, application, [entry, *opened])
        session.commit()
        return entry
    except IntegrityError:
        session.rollback()
        raise TransitionRefused(
            "Der Schritt kollidierte mit einer gleichzeitigen Änderung und wurde nicht ausgeführt. "
            "Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
        ) from None
    except BaseException:
        session.rollback()
        raise


def _open_procedures(session: Session, application: Application, name: str, entry: AuditEntry) -> list[AuditEntry]:
    """Start the procedures the programme opens after transition ``name`` (the proof of use after a grant, a claim
    after a Widerruf that demands repayment); ``entry`` is the step's history entry, which the first new one follows.
    The new procedure's first step reads the procedure it follows from the payload (``opened_after``). Returns the
    history entries of the steps that started them."""
    system = None
    entries = []
    source = session.get(Procedure, entry.procedure_id) if entry.procedure_id else None
    for procedure_type in procedures.opened_after(application, name):
        if procedure_type.opened_when is not None and not procedure_type.opened_when(source):
            continue
        system = system or services.current().system_user(session)
        procedure = procedures.new(session, application, procedure_type, system)
        start = procedure_type.starting_transitions()[0]
        payload = {"opened_after": source.id} if source is not None else {}
        entry = _perform(
            session, application, procedure_type.workflow, procedure, start.name, system, payload, (), entry
        )
        entries.append(entry)
    return entries


def _perform(
    session: Session,
    application: Application,
    workflow: Workflow,
    procedure: Optional[Procedure],
    name: str,
    actor: User,
    payload: dict[str, Any],
    files,
    previous: Optional[AuditEntry] = None,
) -> AuditEntry:
    subject = procedure or application
    transition = workflow.transition(name)
    if transition is None:
        raise TransitionRefused("Diese Aktion gibt es nicht.", 404)
    if subject.state not in transition.sources:
        state = workflow.state(subject.state)
        raise TransitionRefused(f"„{transition.label}“ ist im Status „{state.label}“ nicht möglich.")
    if not permissions.can_perform(actor, application, transition, procedure):
        raise TransitionRefused(f"Sie dürfen „{transition.label}“ bei diesem Antrag nicht ausführen.", 403)
    ctx = TransitionContext(
        session, application, actor, transition, payload, clock.today(), files=tuple(files), procedure=procedure
    )
    if transition.condition is not None and not transition.condition(ctx):
        raise TransitionRefused(f"„{transition.label}“ ist bei diesem Antrag in dieser Lage nicht vorgesehen.")
    for guard in transition.guards:
        if guard.lock is not None:
            guard.lock(ctx)
    problems = [message for guard in transition.guards if (message := guard.check(ctx))]
    if problems:
        raise TransitionRefused(" ".join(problems))

    if transition.effect is not None:
        transition.effect(ctx)
    from_state = subject.state
    if ctx.target is not None and ctx.target not in transition.targets:
        raise ValueError(f"{transition.name} may not lead to {ctx.target}")
    subject.state = ctx.target or transition.target
    if procedure is not None:
        procedures.record_actor(procedure, actor)
    session.flush()

    # A period whose ``due`` gives no day is not opened by this step (an instalment plan that ended).
    due_dates = {spec.kind: due for spec in transition.opens if (due := spec.due(ctx)) is not None}
    rendered = services.current().render_letters(session, application, transition, ctx, due_dates)
    entry = _append_audit_entry(session, application, transition, from_state, ctx, rendered, previous)
    for evidence in ctx.linked_to_entry:
        evidence.audit_entry_id = entry.id
    stored = [
        Document(
            application_id=application.id,
            audit_entry_id=entry.id,
            kind=item.kind,
            title=item.title,
            filename=item.filename,
            template_name=item.template_name,
            template_sha256=item.template_sha256,
            sha256=item.sha256,
            size=len(item.content),
            content=item.content,
            created_at=entry.created_at,
            created_by_id=actor.id,
        )
        for item in rendered
    ]
    session.add_all(stored)
    open_deadlines = _update_deadlines(session, application, (*transition.closes, *ctx.closes), entry, due_dates)
    session.flush()
    addressed = {document.id: item.addressed_to_id for document, item in zip(stored, rendered) if item.addressed_to_id}
    copies = [document for document in stored if document.kind in transition.member_copies]
    if copies:
        services.current().record_copies(session, application, copies, addressed, ctx.today)
    services.current().notify(session, application, transition, entry, stored, addressed, open_deadlines)
    session.flush()
    return entry


def _append_audit_entry(
    session, application, transition, from_state, ctx, rendered, previous_entry: Optional[AuditEntry]
) -> AuditEntry:
    """The step's history entry, chained to ``previous_entry`` (a step of this same transaction) or else to the
    case's newest entry."""
    previous = (
        previous_entry.entry_hash
        if previous_entry is not None
        else session.scalar(
            select(AuditEntry.entry_hash)
            .where(AuditEntry.application_id == application.id)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
    )
    details = {key: value for key, value in ctx.payload.items() if key != "comment"}
    details.update(ctx.details)
    entry = AuditEntry(
        application_id=application.id,
        procedure_id=ctx.procedure.id if ctx.procedure is not None else None,
        transition=transition.name,
        from_state=from_state,
        to_state=ctx.target or transition.target,
        actor_id=ctx.actor.id,
        comment=ctx.payload.get("comment") or "",
        details=details,
        created_at=clock.now(),
        previous_hash=previous or GENESIS_HASH,
    )
    entry.entry_hash = entry.computed_hash([item.sha256 for item in rendered])
    session.add(entry)
    session.flush()
    services.current().seal_history(session, application.id, entry.entry_hash)
    return entry


def _update_deadlines(
    session, application, closes: tuple[str, ...], entry: AuditEntry, due_dates
) -> Optional[list[Deadline]]:
    """Close the periods the step ends (``closes``) and open those it starts. Where it closes any, it reads the case's
    open deadlines and returns those still open afterwards (for the notification); otherwise None."""
    still_open = None
    if closes:
        still_open = []
        open_ones = session.execute(
            select(Deadline, AuditEntry.procedure_id)
            .outerjoin(AuditEntry, AuditEntry.id == Deadline.opened_by_entry_id)
            .where(Deadline.application_id == application.id, Deadline.status == Deadline.OPEN)
        )
        for deadline, opened_in_procedure in open_ones:
            # A procedure closes only the periods its own steps opened.
            if deadline.kind in closes and entry.procedure_id in (None, opened_in_procedure):
                deadline.status = Deadline.CLOSED
                deadline.closed_at = entry.created_at
                deadline.closed_by_entry_id = entry.id
            else:
                still_open.append(deadline)
    opened = [
        Deadline(
            application_id=application.id,
            kind=kind,
            due_on=due_on,
            status=Deadline.OPEN,
            opened_by_entry_id=entry.id,
            opened_at=entry.created_at,
        )
        for kind, due_on in due_dates.items()
    ]
    session.add_all(opened)
    return None if still_open is None else sorted(still_open + opened, key=lambda deadline: deadline.due_on)

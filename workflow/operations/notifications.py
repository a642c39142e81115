"""Telling people about a transition: who hears of it, and what each of them gets.

``queue_notifications`` runs inside ``perform_transition``'s transaction: per
recipient one in-app notification and, as the recipient chose for the step's
kind (``operations.notification_preferences``), one queued mail (sent later by
``workflow.mail``), a place in the daily digest (``operations.digests``) or
no mail; a mail server that is down can never fail a step.

Recipients by the names the declaration uses in ``Transition.notify``:

- ``applicant``: the active clerks of the applicant (the lead of a consortium),
  who act on the case;
- ``members``: the active clerks of the other consortium members, who are
  bound by submission, decision and finality but do not act on the case;
- ``reviewers``: the reviewers responsible for the applicant's Kreis;
- ``assigned_reviewer``: the reviewer who took the case (while still an active reviewer);
- ``approvers``: the approvers of the deciding authority;
- ``cash_office``: those of them who hand the programme's ordered payments to the cash office.

Whoever fired the transition is not told about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable, Optional, Sequence

from flask import current_app, render_template
from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.engine.declaration import Transition
from workflow.engine.notice_kinds import DAILY, IMMEDIATELY
from workflow.operations.notification_preferences import deliveries
from workflow.models.user import with_grants
from workflow.models import (
    Application,
    AuditEntry,
    Deadline,
    Document,
    Notification,
    OutgoingMail,
    Role,
    User,
    UserRole,
)
from workflow.engine.programmes import definition_for


def active_users(session: Session, role: Role, organisation_ids: Iterable[int]) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role, User.active.is_(True), User.organisation_id.in_(list(organisation_ids)))
            .options(*with_grants(role))
            .order_by(User.id)
        )
    )


def _applicant(application: Application) -> Optional[ColumnElement[bool]]:
    return User.organisation_id == application.applicant_id


def _members(application: Application) -> Optional[ColumnElement[bool]]:
    if application.consortium is None:
        return None
    members = application.consortium.organisation_ids - {application.applicant_id}
    return User.organisation_id.in_(sorted(members)) if members else None


def _authority(application: Application) -> Optional[ColumnElement[bool]]:
    authority_id = permissions.responsible_authority_id(application)
    return User.organisation_id == authority_id if authority_id else None


def _took_the_case(application: Application) -> Optional[ColumnElement[bool]]:
    return User.id == application.reviewer_id if application.reviewer_id else None


def _anyone(user: User, application: Application) -> bool:
    return True


def _makes_cash_files(user: User, application: Application) -> bool:
    return permissions.can_export_payments(user, application.programme)


@dataclass(frozen=True)
class Recipients:
    label: str  # for people, on the page that explains the procedure
    role: Role
    where: Callable[[Application], Optional[ColumnElement[bool]]]  # which holders of ``role``; None: nobody
    accepts: Callable[[User, Application], bool] = _anyone  # what the database does not decide


RECIPIENTS = {
    "applicant": Recipients("Kommune (Antragsteller)", Role.CLERK, _applicant),
    "members": Recipients("Mitglieder des Zusammenschlusses", Role.CLERK, _members),
    "reviewers": Recipients("zuständige Prüfung", Role.REVIEWER, _authority, permissions.is_responsible_reviewer),
    "assigned_reviewer": Recipients("bearbeitende Prüfung", Role.REVIEWER, _took_the_case),
    "approvers": Recipients("Zeichnungsbefugte", Role.APPROVER, _authority),
    "cash_office": Recipients("Übergabe an die Kasse", Role.APPROVER, _authority, _makes_cash_files),
}


def recipients_of(session: Session, application: Application, targets: Sequence[str], actor: User) -> list[User]:
    """The active people ``targets`` name for this case, each once, without the actor.

    One query finds them for every target (a transition names two or three) and says which target each
    one matched; they come in the order of ``targets``."""
    asked = [RECIPIENTS[target] for target in targets]
    matches = []
    for recipients in asked:
        where = recipients.where(application)
        matches.append(and_(where, User.role_rows.any(UserRole.role == recipients.role)) if where is not None else None)
    wanted = [match for match in matches if match is not None]
    if not wanted:
        return []
    rows = session.execute(
        select(User, *(match.label(f"target_{index}") for index, match in enumerate(matches) if match is not None))
        .where(User.active.is_(True), User.id != actor.id, or_(*wanted))
        .options(*with_grants(*(recipients.role for recipients in asked)))
        .order_by(User.id)
    ).all()
    chosen: dict[int, User] = {}
    for column, recipients in enumerate(recipients for recipients, match in zip(asked, matches) if match is not None):
        for row in rows:
            if row[column + 1] and recipients.accepts(row[0], application):
                chosen.setdefault(row[0].id, row[0])
    return list(chosen.values())


def case_url(application_id: int) -> str:
    """The case page as a link that works outside any request (mails from the sweep)."""
    return page_url("cases.show", application_id=application_id)


def page_url(endpoint: str, **values) -> str:
    """A page of Förderweg as a link that works outside any request."""
    path = current_app.url_map.bind("").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def _attachments_for(user, application, documents: list[Document], addressed: dict[int, int]) -> list[Document]:
    """The step's documents ``user`` may see; a consortium member gets its own copy of a Bescheid, not the others'."""
    copied_kinds = {document.kind for document in documents if document.id in addressed}
    member = user.organisation_id != application.applicant_id and any(
        org.id == user.organisation_id for org in application.member_organisations
    )
    chosen = []
    for document in documents:
        if not permissions.can_view_document(user, document):
            continue
        if document.id in addressed:
            if addressed[document.id] == user.organisation_id:
                chosen.append(document)
        elif not (member and document.kind in copied_kinds):
            chosen.append(document)
    return chosen


def queue_notifications(
    session: Session,
    application: Application,
    transition: Transition,
    entry: AuditEntry,
    documents: list[Document],
    addressed: dict[int, int] | None = None,
    open_deadlines: Sequence[Deadline] | None = None,
) -> None:
    """One notification and one mail per recipient of ``transition``, in the caller's transaction.

    A mail carries the documents of the step that its recipient may see, so an internal decision proposal
    never reaches a municipality; ``addressed`` names the consortium member each member copy is for;
    ``open_deadlines`` are the case's open deadlines after the step, where the caller has read them.
    """
    recipients = recipients_of(session, application, transition.notify, entry.actor)
    if not recipients:
        return
    workflow = definition_for(application.programme.code).workflow
    subject = f"{transition.notice} – Antrag {application.file_number}"
    if open_deadlines is None:
        open_deadlines = session.scalars(
            select(Deadline)
            .where(Deadline.application_id == application.id, Deadline.status == Deadline.OPEN)
            .order_by(Deadline.due_on)
        ).all()
    context = {
        "application": application,
        "transition": transition,
        "state": workflow.state(application.state),
        "entry": entry,
        "deadlines": [
            (definition_for(application.programme.code).deadline_spec(d.kind).label, d.due_on) for d in open_deadlines
        ],
        "link": case_url(application.id),
    }
    delivery = deliveries(session, (user.id for user in recipients), transition.notice_kind)
    for user in recipients:
        attachments = _attachments_for(user, application, documents, addressed or {})
        body = render_template("mail/transition.txt", recipient=user, attachments=attachments, **context)
        queue_message(
            session,
            user,
            application,
            subject,
            body,
            entry.created_at,
            kind=transition.notice_kind,
            delivery=delivery[user.id],
            attachments=attachments,
            audit_entry_id=entry.id,
        )


def queue_message(
    session: Session,
    user: User,
    application: Application,
    subject: str,
    body: str,
    created_at: datetime,
    *,
    kind: str,
    delivery: str = IMMEDIATELY,
    attachments: Sequence[Document] = (),
    audit_entry_id: int | None = None,
    membership_request_id: int | None = None,
) -> None:
    """One in-app notification to ``user`` and, if ``delivery`` is at once, one queued mail, in the caller's
    transaction; a daily ``delivery`` leaves the notification to the next digest."""
    session.add(
        Notification(
            user_id=user.id,
            application_id=application.id,
            audit_entry_id=audit_entry_id,
            membership_request_id=membership_request_id,
            subject=subject,
            kind=kind,
            awaits_digest=delivery == DAILY,
            created_at=created_at,
        )
    )
    if delivery != IMMEDIATELY:
        return
    session.add(
        OutgoingMail(
            user_id=user.id,
            application_id=application.id,
            to_address=user.email,
            subject=subject,
            body=body,
            status=OutgoingMail.QUEUED,
            attempts=0,
            next_attempt_at=created_at,
            created_at=created_at,
            attachments=list(attachments),
        )
    )


def unread_count(session: Session, user: User) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(session: Session, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = clock.now()
    session.commit()


def mark_all_read(session: Session, user: User) -> None:
    session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
    )
    session.commit()

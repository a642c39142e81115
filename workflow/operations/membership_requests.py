"""Joining a consortium by consent: the lead's draft names members, each member's clerk confirms or declines.

Naming a member in a saved draft sends its clerks a request (notification and
mail); a member no longer named loses its request. The answer is taken under
the lock of the lead's application, the same lock its submission holds, so a
member cannot decline while the submission that relies on its consent commits.
A submission that rests on the uploaded agreement leaves an open answer open:
the member may still confirm (and is bound then) or object, until the reviewer
has checked the agreement (``workflow.workflows.standard.membership``).
"""

from __future__ import annotations

from flask import render_template
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.workflows.standard import drafts
from workflow.db import lock_row
from workflow.engine.context import TransitionRefused
from workflow.workflows.standard.membership import bind_participants
from workflow.engine.programmes import draft_states
from workflow.models import Application, MembershipRequest, Role, User
from workflow.engine.notice_kinds import MEMBERSHIP
from workflow.operations.notification_preferences import deliveries
from workflow.operations.notifications import active_users, page_url, queue_message


def request_consent(session: Session, application: Application) -> None:
    """Bring the draft's requests in line with the members it names; the caller commits."""
    named = {org.id: org for org in drafts.named_members(session, application)}
    existing = {
        request.organisation_id: request
        for request in session.scalars(
            select(MembershipRequest).where(MembershipRequest.application_id == application.id)
        )
    }
    gone = [request.id for org_id, request in existing.items() if org_id not in named]
    if gone:
        session.execute(delete(MembershipRequest).where(MembershipRequest.id.in_(gone)))
    for org_id, organisation in named.items():
        if org_id in existing:
            continue
        request = MembershipRequest(
            application_id=application.id,
            organisation_id=org_id,
            status=MembershipRequest.PENDING,
            requested_at=clock.now(),
        )
        request.application, request.organisation = application, organisation
        session.add(request)
        session.flush()
        _tell(
            session,
            request,
            active_users(session, Role.CLERK, [org_id]),
            f"Anfrage zum Beitritt: {drafts.consortium_name(application)}",
            page_url("membership.show", request_id=request.id),
        )


def answer_request(session: Session, request_id: int, actor: User, consent: bool) -> MembershipRequest:
    """The member's clerk confirms (``consent``) or declines; the lead's clerks are told."""
    try:
        request = session.get(MembershipRequest, request_id)
        if (
            request is None
            or not permissions.can_view_membership_requests(actor)
            or request.organisation_id != actor.organisation_id
        ):
            raise TransitionRefused("Diese Anfrage gibt es nicht oder sie richtet sich nicht an Ihre Kommune.", 404)
        lock_row(session, Application, request.application_id)
        session.refresh(request)
        if not permissions.can_answer_membership_request(actor, request):
            raise TransitionRefused("Der Antrag ist bereits eingereicht; Ihre Antwort kann nicht mehr geändert werden.")
        application = request.application
        submitted = application.state not in draft_states()
        if submitted and consent:
            bind_participants(session, application, [request.organisation_id])
        request.status = MembershipRequest.CONFIRMED if consent else MembershipRequest.DECLINED
        request.answered_at = clock.now()
        request.answered_by_id = actor.id
        verb = (
            "stimmt dem Beitritt zu"
            if consent
            else ("widerspricht dem Beitritt" if submitted else "lehnt den Beitritt ab")
        )
        told = active_users(session, Role.CLERK, [application.applicant_id])
        if submitted and application.reviewer is not None:
            told.append(application.reviewer)
        _tell(
            session,
            request,
            told,
            f"{request.organisation.name} {verb}: {drafts.consortium_name(application)}",
            page_url("cases.show", application_id=application.id)
            if submitted
            else page_url("applications.edit", application_id=application.id),
        )
        session.commit()
        return request
    except BaseException:
        session.rollback()
        raise


def _tell(session: Session, request: MembershipRequest, users: list[User], subject: str, link: str) -> None:
    delivery = deliveries(session, (user.id for user in users), MEMBERSHIP)
    for user in users:
        body = render_template(
            "mail/membership_request.txt",
            recipient=user,
            request=request,
            consortium_name=drafts.consortium_name(request.application),
            link=link,
        )
        queue_message(
            session,
            user,
            request.application,
            subject,
            body,
            request.answered_at or request.requested_at,
            kind=MEMBERSHIP,
            delivery=delivery[user.id],
            membership_request_id=request.id,
        )


def requests_for(session: Session, organisation_id: int) -> list[MembershipRequest]:
    """Every request to ``organisation_id``, open ones first, newest first."""
    return list(
        session.scalars(
            select(MembershipRequest)
            .where(MembershipRequest.organisation_id == organisation_id)
            .order_by(
                (MembershipRequest.status != MembershipRequest.PENDING),
                MembershipRequest.requested_at.desc(),
                MembershipRequest.id.desc(),
            )
        )
    )


def requests_of(session: Session, application: Application) -> list[MembershipRequest]:
    """The requests of the lead's draft, by member name."""
    return sorted(
        session.scalars(select(MembershipRequest).where(MembershipRequest.application_id == application.id)),
        key=lambda request: request.organisation.name,
    )

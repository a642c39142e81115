"""Who a joint application binds: the lead, and each member by its own word or by an agreement the reviewer checked.

A member's clerk confirms or declines the lead's request (``MembershipRequest``). The lead may submit with the
agreement all members signed instead of their confirmations – but a file anybody can make does not bind a
municipality: a member whose request is still open is not bound by the submission (it stays free to apply
itself, and it may still object) until the reviewer has checked the agreement (``check_agreement``). No
decision is proposed while a member is neither confirmed nor bound by the checked agreement.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow import clock, formatting
from workflow.workflows.standard import drafts
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.workflows.standard.guards import validated_draft
from workflow.models import Application, Attachment, MembershipRequest, Organisation, Participation


def bind_participants(session: Session, application: Application, organisation_ids: list[int]) -> None:
    """One live application per organisation and programme (see ``Participation``).

    The unique constraint decides between simultaneous submissions: the insert
    of the later one waits for the earlier to commit and then fails. Inside a
    savepoint that failure is caught, so the loser is told who was bound first,
    like anybody who submits later.
    """
    taken = _bound_elsewhere(session, application, organisation_ids)
    if not taken:
        try:
            with session.begin_nested():
                session.add_all(
                    Participation(
                        programme_id=application.programme_id, organisation_id=org_id, application_id=application.id
                    )
                    for org_id in organisation_ids
                )
            return
        except IntegrityError:
            taken = _bound_elsewhere(session, application, organisation_ids)
            if not taken:
                raise
    raise TransitionRefused(
        f"{', '.join(taken)} {'ist' if len(taken) == 1 else 'sind'} bereits an einem anderen laufenden Antrag "
        "dieses Programms beteiligt. Eine Kommune kann nur einen Antrag stellen oder einem Zusammenschluss angehören."
    )


def _bound_elsewhere(session: Session, application: Application, organisation_ids: list[int]) -> list[str]:
    return list(
        session.scalars(
            select(Organisation.name)
            .join(Participation, Participation.organisation_id == Organisation.id)
            .where(
                Participation.programme_id == application.programme_id,
                Participation.organisation_id.in_(organisation_ids),
            )
            .order_by(Organisation.name)
        )
    )


def requests_of(session: Session, application_id: int) -> list[MembershipRequest]:
    """The case's requests as committed now (read fresh: a member's answer takes the case's lock too)."""
    return list(
        session.scalars(
            select(MembershipRequest)
            .where(MembershipRequest.application_id == application_id)
            .execution_options(populate_existing=True)
        )
    )


def _names(requests: list[MembershipRequest], status: str) -> list[str]:
    return sorted(request.organisation.name for request in requests if request.status == status)


def _has_agreement(session: Session, application_id: int) -> bool:
    return (
        session.scalar(
            select(Attachment.id)
            .where(Attachment.application_id == application_id, Attachment.purpose == Attachment.CONSORTIUM_AGREEMENT)
            .limit(1)
        )
        is not None
    )


def members_have_consented(ctx: TransitionContext) -> Optional[str]:
    """Every member of a joint draft has confirmed, or the lead has uploaded the agreement – which stands in for
    an open answer, never for a member that declined."""
    validation = validated_draft(ctx)
    if not validation.valid or not validation.data.joint:
        return None  # an incomplete draft is refused by draft_is_complete
    answers = {request.organisation_id: request.status for request in requests_of(ctx.session, ctx.application.id)}
    members = drafts.members_of(ctx.session, validation.data)
    declined = [org.name for org in members if answers.get(org.id) == MembershipRequest.DECLINED]
    pending = [
        org.name
        for org in members
        if answers.get(org.id) not in (MembershipRequest.CONFIRMED, MembershipRequest.DECLINED)
    ]
    if pending and _has_agreement(ctx.session, ctx.application.id):
        pending = []
    if not pending and not declined:
        return None
    parts = []
    if pending:
        parts.append(f"Noch nicht zugestimmt {'hat' if len(pending) == 1 else 'haben'}: {', '.join(pending)}.")
    if declined:
        parts.append(f"Abgelehnt {'hat' if len(declined) == 1 else 'haben'}: {', '.join(declined)}.")
    return (
        " ".join(parts) + " Eine Kommune wird nur mit ihrer Zustimmung Mitglied. Sie können einreichen, sobald "
        "jede Mitgliedskommune zugestimmt hat oder Sie die von allen unterzeichnete Vereinbarung über den "
        "Zusammenschluss hochgeladen haben; eine Ablehnung hebt auch die Vereinbarung nicht auf."
    )


def consent_labels(session: Session, application: Application) -> dict[int, str]:
    """Per member of a submitted joint case, what binds it (for the case page): its word, the checked agreement, or
    nothing yet; with who answered (or checked the agreement) when."""
    if not application.is_joint:
        return {}
    return {request.organisation_id: _consent_label(request) for request in requests_of(session, application.id)}


def _consent_label(request: MembershipRequest) -> str:
    if request.status == MembershipRequest.PENDING:
        return "offen – gebunden erst, wenn die Prüfung die Vereinbarung bestätigt"
    if request.answered_at is None:
        return request.label
    when = formatting.datetime_de(request.answered_at)
    who = f" durch {request.answered_by.full_name}" if request.answered_by is not None else ""
    if request.status == MembershipRequest.BY_AGREEMENT:
        return f"{request.label} (geprüft am {when}{who})"
    return f"{request.label} am {when}{who}"


def confirmed_member_ids(session: Session, application: Application) -> list[int]:
    """The members the submission binds: those whose own clerk confirmed."""
    return [
        request.organisation_id
        for request in requests_of(session, application.id)
        if request.status == MembershipRequest.CONFIRMED
    ]


def agreement_awaits_check(ctx: TransitionContext) -> bool:
    """A member's word is still open: the submission rests on the uploaded agreement for it."""
    return ctx.application.is_joint and any(
        request.status in (MembershipRequest.PENDING, MembershipRequest.DECLINED)
        for request in requests_of(ctx.session, ctx.application.id)
    )


def _objection(requests: list[MembershipRequest]) -> Optional[str]:
    objected = _names(requests, MembershipRequest.DECLINED)
    if not objected:
        return None
    return (
        f"{', '.join(objected)} {'hat' if len(objected) == 1 else 'haben'} dem Beitritt widersprochen; die Vereinbarung "
        "bindet sie nicht. In dieser Zusammensetzung kann der Antrag nicht entschieden werden: die federführende "
        "Kommune kann ihn zurückziehen und ohne sie neu stellen."
    )


def nobody_objected(ctx: TransitionContext) -> Optional[str]:
    return _objection(requests_of(ctx.session, ctx.application.id))


def accept_agreement(ctx: TransitionContext) -> None:
    """The reviewer has checked the agreement: the members whose word was open are bound by it now."""
    waiting = [
        request
        for request in requests_of(ctx.session, ctx.application.id)
        if request.status == MembershipRequest.PENDING
    ]
    bind_participants(ctx.session, ctx.application, [request.organisation_id for request in waiting])
    for request in waiting:
        request.status = MembershipRequest.BY_AGREEMENT
        request.answered_at = clock.now()
        request.answered_by_id = ctx.actor.id
    ctx.details.update(members=sorted(request.organisation.name for request in waiting))


def members_are_bound(ctx: TransitionContext) -> Optional[str]:
    """No decision while a member is bound neither by its own word nor by the checked agreement."""
    if not ctx.application.is_joint:
        return None
    requests = requests_of(ctx.session, ctx.application.id)
    objection = _objection(requests)
    if objection:
        return objection
    open_ = _names(requests, MembershipRequest.PENDING)
    if not open_:
        return None
    return (
        f"Für {', '.join(open_)} liegt nur die hochgeladene Vereinbarung vor. Bitte prüfen Sie sie zuerst "
        "(„Vereinbarung über den Zusammenschluss bestätigen“); bis dahin bindet der Antrag diese Kommunen nicht."
    )

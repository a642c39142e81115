"""The letters of a workflow step, rendered from the case's programme version (the engine calls this through
``engine.services``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.engine import procedures
from workflow.engine.context import TransitionContext
from workflow.engine.declaration import Transition
from workflow.letters import dispatch, documents
from workflow.letters.documents import RenderedDocument
from workflow.letters.letter_context import case_context
from workflow.models import Application, ProgrammeTemplate, ProgrammeVersion, User


def render_step_letters(
    session: Session,
    application: Application,
    transition: Transition,
    ctx: TransitionContext,
    due_dates: dict[str, Any],
) -> list[RenderedDocument]:
    """The letters a step writes: each kind the transition names, and a copy for every member where it says so."""
    if not transition.documents:
        return []
    templates = session.scalars(
        select(ProgrammeTemplate).where(
            ProgrammeTemplate.version_id == application.programme_version_id,
            ProgrammeTemplate.kind.in_(transition.documents),
        )
    ).all()
    by_kind = {template.kind: template for template in templates}
    missing = set(transition.documents) - set(by_kind)
    if missing:
        # A letter the programme did not have when the case was submitted (a Mahnung added later) comes from the
        # version in force; every letter the case's version has stays as it was.
        by_kind |= {
            template.kind: template
            for template in session.scalars(
                select(ProgrammeTemplate)
                .join(ProgrammeVersion, ProgrammeVersion.id == ProgrammeTemplate.version_id)
                .where(
                    ProgrammeVersion.programme_id == application.programme_id,
                    ProgrammeVersion.is_active.is_(True),
                    ProgrammeTemplate.kind.in_(missing),
                )
            )
        }
        templates = list(by_kind.values())
    context = case_context(
        session, application, ctx.actor, ctx.today, ctx.payload, due_dates, documents.names_read(templates)
    )
    if ctx.procedure is not None:
        context["procedure"] = procedures.letter_context(ctx)
    rendered = []
    for kind in transition.documents:
        rendered.append(documents.render_document(kind, context, by_kind[kind]))
        if kind in transition.member_copies:
            rendered += [
                documents.render_document(kind, _member_copy_context(session, context, member), by_kind[kind])
                for member in application.member_organisations
            ]
    return rendered


def _member_copy_context(session: Session, context: dict[str, Any], member) -> dict[str, Any]:
    """A member's own copy; one without an account gets it by post, whose Bekanntgabe is not known when it is printed."""
    copy = {**context, "copy_for": documents.addressee(member)}
    if not dispatch.has_account(session, member.id):
        copy["notification_date"] = ""
    return copy


def preview_step_letter(
    session: Session, application: Application, transition: Transition, actor: User, today: date
) -> Optional[RenderedDocument]:
    """The first letter ``transition`` writes (None where the step is not the variant for the case), as it would be issued if ``actor`` took the step ``today``: the same
    context and rendering as the step itself, stored nowhere (the signing page shows the Bescheid it signs)."""
    ctx = TransitionContext(session, application, actor, transition, {}, today)
    if transition.condition is not None and not transition.condition(ctx):
        return None
    due_dates = {spec.kind: due for spec in transition.opens if (due := spec.due(ctx)) is not None}
    first = replace(transition, documents=transition.documents[:1], member_copies=())
    return render_step_letters(session, application, first, ctx, due_dates)[0]

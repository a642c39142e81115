"""Attaching files to a draft application, and removing them again while it is a draft."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.db import lock_row
from workflow.models import Application, Attachment, User
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.uploads import UploadedFile


def new_attachment(application_id: int, uploaded: UploadedFile, actor: User, purpose: str | None = None) -> Attachment:
    attachment = Attachment(
        application_id=application_id,
        filename=uploaded.filename,
        mimetype=uploaded.mimetype,
        size=uploaded.size,
        sha256=uploaded.sha256,
        uploaded_at=clock.now(),
        uploaded_by_id=actor.id,
        purpose=purpose,
    )
    attachment.content = uploaded.content
    return attachment


def _editable_draft(session: Session, application_id: int, actor: User) -> Application:
    application = lock_row(session, Application, application_id)
    if application is None or not permissions.can_view_application(actor, application):
        raise TransitionRefused("Diesen Antrag gibt es nicht oder Sie dürfen ihn nicht sehen.", 404)
    if not permissions.can_edit_draft(actor, application):
        raise TransitionRefused(
            "Dieser Antrag ist eingereicht; Anlagen können nur noch mit einer Antwort nachgereicht werden."
        )
    return application


def add_draft_attachments(
    session: Session, application_id: int, actor: User, files: list[UploadedFile], purpose: str | None = None
) -> None:
    try:
        _editable_draft(session, application_id, actor)
        session.add_all(new_attachment(application_id, uploaded, actor, purpose) for uploaded in files)
        session.commit()
    except BaseException:
        session.rollback()
        raise


def remove_draft_attachment(session: Session, application_id: int, attachment_id: int, actor: User) -> None:
    try:
        _editable_draft(session, application_id, actor)
        attachment = session.get(Attachment, attachment_id)
        if attachment is None or attachment.application_id != application_id or attachment.audit_entry_id is not None:
            raise TransitionRefused("Diese Anlage gibt es nicht (mehr).", 404)
        session.delete(attachment)
        session.commit()
    except BaseException:
        session.rollback()
        raise


def adopt_draft_attachments(ctx: TransitionContext) -> None:
    """On submission the draft's files become part of the submitted application's evidence."""
    drafts = ctx.session.scalars(
        select(Attachment).where(Attachment.application_id == ctx.application.id, Attachment.audit_entry_id.is_(None))
    ).all()
    _record(ctx, drafts)


def store_uploaded_files(ctx: TransitionContext) -> None:
    """Files that come with a step (e.g. an answer) are stored with that step's audit entry."""
    attachments = [new_attachment(ctx.application.id, uploaded, ctx.actor) for uploaded in ctx.files]
    ctx.session.add_all(attachments)
    _record(ctx, attachments)


def _record(ctx: TransitionContext, attachments: list[Attachment]) -> None:
    ctx.linked_to_entry.extend(attachments)
    if attachments:
        ctx.details["attachments"] = [attachment.summary for attachment in attachments]

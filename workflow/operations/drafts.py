"""Creating and saving application drafts (no workflow transition involved)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from workflow import drafts, permissions
from workflow.db import lock_row
from workflow.models import Application, Programme, User
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import definition_for


def create_draft(session: Session, actor: User, programme: Programme, raw: dict[str, str]) -> Application:
    if not permissions.can_create_application(actor):
        raise TransitionRefused("Nur die Sachbearbeitung einer Kommune kann Anträge stellen.", 403)
    if drafts.entry_count(raw, "positions") == 0:
        raw = drafts.add_entry(raw, "positions")
    application = Application(
        programme_id=programme.id,
        applicant_id=actor.organisation_id,
        state=definition_for(programme.code).workflow.initial,
        draft_data=raw,
        created_by_id=actor.id,
        revision=1,
    )
    session.add(application)
    session.commit()
    return application


def save_draft(session: Session, application_id: int, actor: User, raw: dict[str, str]) -> Application:
    """Store the form exactly as typed; every save is a new revision."""
    try:
        application = lock_row(session, Application, application_id)
        if application is None or not permissions.can_view_application(actor, application):
            raise TransitionRefused("Diesen Antrag gibt es nicht oder Sie dürfen ihn nicht sehen.", 404)
        if not permissions.can_edit_draft(actor, application):
            raise TransitionRefused("Dieser Antrag ist eingereicht und kann nicht mehr geändert werden.")
        application.draft_data = raw
        application.revision += 1
        session.commit()
        return application
    except BaseException:
        session.rollback()
        raise

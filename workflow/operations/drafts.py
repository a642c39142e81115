"""Creating and saving application drafts (no workflow transition involved)."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from workflow.workflows.standard import drafts
from workflow import permissions
from workflow.db import lock_row
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import definition_for, settings_of
from workflow.models import Application, Attachment, Notification, OutgoingMail, Programme, User
from workflow.operations import admin_audit, membership_requests
from workflow.programmes.programme_versions import active_version


def size_problem(settings, raw: dict[str, str]) -> str | None:
    """Why a draft has more rows than the programme allows (a German sentence), or None."""
    if drafts.entry_count(raw, "positions") > settings.max_positions:
        return f"Ein Antrag kann höchstens {settings.max_positions} Stellen enthalten."
    if drafts.entry_count(raw, "members") > settings.max_members:
        return f"Ein Zusammenschluss kann höchstens {settings.max_members} Mitglieder haben."
    return None


def _check_size(version, raw: dict[str, str]) -> None:
    problem = size_problem(settings_of(version), raw)
    if problem:
        raise TransitionRefused(problem + " Der Entwurf wurde nicht gespeichert.", 422)


def create_draft(session: Session, actor: User, programme: Programme, raw: dict[str, str]) -> Application:
    if not permissions.can_create_application(actor):
        raise TransitionRefused("Nur die Sachbearbeitung einer Antragstellerin kann Anträge stellen.", 403)
    refusal = definition_for(programme.code).refusal_for(actor.organisation)
    if refusal:
        raise TransitionRefused(refusal, 403)
    version = active_version(session, programme)
    if version is None:
        raise TransitionRefused("Für dieses Programm ist keine Fassung freigegeben; Anträge sind noch nicht möglich.")
    _check_size(version, raw)
    if drafts.entry_count(raw, "positions") == 0:
        raw = drafts.add_entry(raw, "positions", programme.code)
    application = Application(
        programme_id=programme.id,
        programme_version_id=version.id,
        applicant_id=actor.organisation_id,
        state=definition_for(programme.code).workflow.initial,
        draft_data=raw,
        created_by_id=actor.id,
        revision=1,
    )
    session.add(application)
    session.flush()
    membership_requests.request_consent(session, application)
    session.commit()
    return application


def save_draft(session: Session, application_id: int, actor: User, raw: dict[str, str] | None = None) -> Application:
    """Store the form exactly as typed; every save is a new revision under the programme's active version.

    Without ``raw`` the typed data stays and only the version is brought up to date (the summary page does that).
    """
    try:
        application = lock_row(session, Application, application_id)
        if application is None or not permissions.can_view_application(actor, application):
            raise TransitionRefused("Diesen Antrag gibt es nicht oder Sie dürfen ihn nicht sehen.", 404)
        if not permissions.can_edit_draft(actor, application):
            raise TransitionRefused("Dieser Antrag ist eingereicht und kann nicht mehr geändert werden.")
        version = active_version(session, application.programme)
        changed = version is not None and version.id != application.programme_version_id
        if changed:
            application.programme_version = version
        if raw is not None:
            _check_size(application.programme_version, raw)
            application.draft_data = raw
        if raw is not None or changed:
            application.revision += 1
        membership_requests.request_consent(session, application)
        session.commit()
        return application
    except BaseException:
        session.rollback()
        raise


def delete_draft(session: Session, application_id: int, actor: User, title: str) -> None:
    """Delete a draft of the actor's own organisation, with its files, its open requests to members and the
    notifications about them; the administration's audit keeps who deleted which draft when (``title``: how the
    lists named it)."""
    try:
        application = lock_row(session, Application, application_id)
        if application is None or not permissions.can_view_application(actor, application):
            raise TransitionRefused("Diesen Antrag gibt es nicht oder Sie dürfen ihn nicht sehen.", 404)
        if not permissions.can_delete_draft(actor, application):
            raise TransitionRefused(
                "Nur Entwürfe können gelöscht werden, und nur von der Sachbearbeitung der antragstellenden Stelle.", 403
            )
        admin_audit.record(
            session,
            actor,
            "draft_deleted",
            f"Antragsentwurf {title} ({application.programme.name}) von {application.applicant.name} gelöscht",
            before={
                "programme": application.programme.code,
                "applicant": application.applicant.name,
                "created_at": application.created_at.isoformat(),
                "updated_at": application.updated_at.isoformat(),
                "title": title,
            },
        )
        session.execute(delete(Attachment).where(Attachment.application_id == application.id))
        session.execute(delete(Notification).where(Notification.application_id == application.id))
        session.execute(
            update(OutgoingMail).where(OutgoingMail.application_id == application.id).values(application_id=None)
        )
        session.delete(application)
        session.commit()
    except BaseException:
        session.rollback()
        raise

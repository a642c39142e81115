"""Who works on a case at the authority: a reviewer takes it, or a lead gives one or many to a reviewer.

The case's reviewer (``Application.reviewer_id``) is also who its procedures after the decision wait for. Each change
is recorded in the administration's audit log with the case and the people before and after.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy.orm import Session

from workflow import permissions
from workflow.db import lock_row
from workflow.engine.actions import Action, available_actions
from workflow.engine.transitions import perform_transition
from workflow.inbox.closing import close_done
from workflow.models import Application, Role, User
from workflow.operations import admin_audit
from workflow.operations.notifications import active_users
from workflow.workflows.standard.effects import assign_reviewer


class AssignmentRefused(Exception):
    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status


def _name(user: Optional[User]) -> str:
    return user.full_name if user is not None else "niemand"


def _record(session: Session, actor: User, action: str, cases: list[Application], before: dict, to: User) -> None:
    numbers = ", ".join(case.file_number for case in cases)
    admin_audit.record(
        session,
        actor,
        action,
        f"{'1 Antrag' if len(cases) == 1 else f'{len(cases)} Anträge'} an {to.full_name} zugewiesen: {numbers}",
        subject=to,
        before={case.file_number: before[case.id] for case in cases},
        after={case.file_number: to.full_name for case in cases},
    )


def _declared_take(session: Session, actor: User, application: Application) -> Optional[Action]:
    """The case's own step that makes its actor the reviewer (a submitted case's „zur Prüfung übernehmen“), where
    ``actor`` may take it now without a page: taking from the list is then that step, in the case's history."""
    return next(
        (
            action
            for action in available_actions(session, actor, application)
            if action.transition.effect is assign_reviewer and action.blocked_by is None and not action.needs_page
        ),
        None,
    )


def take(session: Session, actor: User, application_id: int) -> Application:
    """``actor`` becomes the reviewer of the case: by the case's declared step where it offers one, otherwise as
    an assignment in the administration's audit."""
    try:
        application = lock_row(session, Application, application_id)
        if application is None or not permissions.can_view_application(actor, application):
            raise AssignmentRefused("Diesen Antrag gibt es nicht oder Sie dürfen ihn nicht sehen.", 404)
        if not permissions.can_take_case(actor, application):
            raise AssignmentRefused("Diesen Antrag dürfen Sie nicht übernehmen: Sie sind für ihn nicht zuständig.")
        step = _declared_take(session, actor, application)
        if step is not None:
            session.commit()  # releases the lock; the step takes its own
            perform_transition(session, application_id, step.transition.name, actor)
            return session.get(Application, application_id)
        before = {application.id: _name(application.reviewer)}
        application.reviewer_id = actor.id
        session.flush()
        session.expire(application, ["reviewer"])
        close_done(session, application)
        _record(session, actor, "case_taken", [application], before, actor)
        session.commit()
        return application
    except BaseException:
        session.rollback()
        raise


def assignees(session: Session, actor: User) -> list[User]:
    """Whom a lead may give cases to: the active reviewers of the lead's authority."""
    if not permissions.can_assign_cases(actor) or actor.organisation_id is None:
        return []
    return sorted(active_users(session, Role.REVIEWER, [actor.organisation_id]), key=lambda user: user.full_name)


def assign(session: Session, actor: User, application_ids: list[int], assignee_id: Optional[int]) -> list[Application]:
    """Give every one of the cases to one reviewer, all or none."""
    try:
        if not permissions.can_assign_cases(actor):
            raise AssignmentRefused("Anträge zuweisen dürfen nur Zeichnungsbefugte (Referatsleitung).")
        if not application_ids:
            raise AssignmentRefused("Bitte wählen Sie mindestens einen Antrag aus.", 400)
        assignee = session.get(User, assignee_id) if assignee_id else None
        if assignee is None:
            raise AssignmentRefused("Bitte wählen Sie, wem die Anträge zugewiesen werden.", 400)
        cases = []
        for application_id in sorted(set(application_ids)):
            application = lock_row(session, Application, application_id)
            if application is None or not permissions.can_view_application(actor, application):
                raise AssignmentRefused("Einen der Anträge gibt es nicht oder Sie dürfen ihn nicht sehen.", 404)
            if not permissions.can_assign_case(actor, application, assignee):
                raise AssignmentRefused(
                    f"{assignee.full_name} ist für den Antrag {application.file_number} nicht zuständig; "
                    "es wurde nichts zugewiesen."
                )
            cases.append(application)
        before = {case.id: _name(case.reviewer) for case in cases}
        for case in cases:
            case.reviewer_id = assignee.id
        session.flush()
        for case in cases:
            session.expire(case, ["reviewer"])
            close_done(session, case)
        _record(session, actor, "cases_assigned", cases, before, assignee)
        session.commit()
        return cases
    except BaseException:
        session.rollback()
        raise

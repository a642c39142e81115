"""The actions a user may take on a case now, derived from the workflow declaration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.engine.declaration import Transition
from workflow.engine import procedures
from workflow.engine.declaration import ProcedureType
from workflow.models import Application, Procedure, User
from workflow.engine.context import TransitionContext
from workflow.engine.transitions import workflow_of


@dataclass(frozen=True)
class Action:
    transition: Transition
    # Why the action cannot be taken yet (a guard's message), or None.
    blocked_by: Optional[str] = None

    @property
    def needs_page(self) -> bool:
        """Input or a confirmation is needed before the POST, so the button leads to a page."""
        return self.transition.form is not None or self.transition.confirm is not None


def available_actions(
    session: Session, user: User, application: Application, programme_figures: Optional[dict[str, Any]] = None
) -> list[Action]:
    """What ``user`` may do now on the case; a list of cases passes one ``programme_figures`` for all of them
    (``TransitionContext.programme_figures``)."""
    return _actions(session, user, application, workflow_of(application), application.state, None, programme_figures)


def procedure_actions(
    session: Session,
    user: User,
    application: Application,
    procedure: Procedure,
    programme_figures: Optional[dict[str, Any]] = None,
) -> list[Action]:
    """What ``user`` may do now in one procedure after the decision."""
    return _actions(
        session,
        user,
        application,
        procedures.type_of(procedure).workflow,
        procedure.state,
        procedure,
        programme_figures,
    )


def start_actions(session: Session, user: User, application: Application) -> list[tuple[ProcedureType, Action]]:
    """The procedures ``user`` may start on the case now (a Mittelabruf, a change report, …), by their first step."""
    found = []
    for procedure_type in procedures.procedure_types(application):
        if procedures.start_problem(application, procedure_type):
            continue
        draft = Procedure(application=None, kind=procedure_type.kind, state=procedure_type.workflow.initial, data={})
        for action in _actions(session, user, application, procedure_type.workflow, draft.state, draft):
            found.append((procedure_type, action))
    return found


def _actions(session, user, application, workflow, state, procedure, programme_figures=None) -> list[Action]:
    actions = []
    for transition in workflow.transitions_from(state):
        if not permissions.can_perform(user, application, transition, procedure):
            continue
        ctx = TransitionContext(
            session,
            application,
            user,
            transition,
            {},
            clock.today(),
            procedure=procedure,
            programme_figures=programme_figures if programme_figures is not None else {},
        )
        if transition.condition is not None and not transition.condition(ctx):
            continue
        blocked = next((message for guard in transition.guards if (message := guard.check(ctx))), None)
        actions.append(Action(transition, blocked))
    return actions


def action_for(session: Session, user: User, application: Application, name: str) -> Optional[Action]:
    return next(
        (action for action in available_actions(session, user, application) if action.transition.name == name), None
    )

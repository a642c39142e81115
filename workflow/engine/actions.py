"""The actions a user may take on a case now, derived from the workflow declaration."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.engine.declaration import Transition
from workflow.models import Application, User
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


def available_actions(session: Session, user: User, application: Application) -> list[Action]:
    actions = []
    for transition in workflow_of(application).transitions_from(application.state):
        if not permissions.can_perform(user, application, transition):
            continue
        ctx = TransitionContext(session, application, user, transition, {}, clock.today())
        if transition.condition is not None and not transition.condition(ctx):
            continue
        blocked = next((message for guard in transition.guards if (message := guard.check(ctx))), None)
        actions.append(Action(transition, blocked))
    return actions


def action_for(session: Session, user: User, application: Application, name: str) -> Optional[Action]:
    return next((action for action in available_actions(session, user, application) if action.transition.name == name), None)

"""What a guard or an effect of a transition gets to see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Optional

from sqlalchemy.orm import Session

from workflow.models import Application, Procedure, User

if TYPE_CHECKING:
    from workflow.engine.declaration import Transition


class TransitionRefused(Exception):
    """A transition that must not happen; ``status`` is the HTTP answer (403, 404, 409, 422)."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class TransitionContext:
    session: Session
    application: Application
    actor: User
    transition: "Transition"
    payload: dict[str, Any]
    today: date
    # Facts an effect wants in the audit entry (amounts, file number, …).
    details: dict[str, Any] = field(default_factory=dict)
    # Uploaded files that came with the transition (e.g. attachments to an answer).
    files: tuple[Any, ...] = ()
    # Objects the effect created or adopted that belong to this step's audit entry.
    linked_to_entry: list[Any] = field(default_factory=list)
    # Results guards and effects compute once and share (the validated draft).
    cache: dict[str, Any] = field(default_factory=dict)
    # The procedure after the decision this step belongs to (a payment, …); None for the case's own steps.
    procedure: Optional[Procedure] = None
    # Figures of a whole programme (its grants, a year's payments), shared by the contexts of one list of cases,
    # which shows what is possible without taking any lock; a transition reads them afresh under its lock.
    programme_figures: dict[str, Any] = field(default_factory=dict)
    # The state the effect chose among the transition's declared ``outcomes``; None: its ``target``.
    target: Optional[str] = None
    # Periods the step closes beyond its declared ``closes``, as its effect found (a receipt that settles a claim).
    closes: tuple[str, ...] = ()

    def programme_figure(self, key: str, read: Callable[[], Any]) -> Any:
        if key not in self.programme_figures:
            self.programme_figures[key] = read()
        return self.programme_figures[key]

"""Fire workflow transitions from many threads at the same moment.

Each thread has its own application context, hence its own database session
and connection; a ``threading.Barrier`` releases them together, after each has
loaded its actor, so that the transactions really overlap.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable, Optional

from sqlalchemy import select

from workflow.db import db
from workflow.models import User
from workflow.engine.context import TransitionRefused
from workflow.engine.transitions import perform_transition

TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Step:
    application_id: int
    transition: str
    username: str
    payload: Optional[dict[str, Any]] = None
    # A step of a procedure after the decision (an existing one, or a new one of this kind).
    procedure_id: Optional[int] = None
    new_procedure: Optional[str] = None


@dataclass
class Outcome:
    step: Step
    refusal: Optional[str] = None

    @property
    def succeeded(self) -> bool:
        return self.refusal is None


def all_wait_after(check: Callable, parties: int) -> Callable:
    """``check`` that, once it has answered, waits until ``parties`` threads have called it.

    For negative controls: every thread reads the state before any writes, so a
    race that an unprotected check would lose is lost every time.
    """
    everyone_checked = threading.Barrier(parties, timeout=TIMEOUT_SECONDS)

    def check_then_wait(*args, **kwargs):
        answer = check(*args, **kwargs)
        everyone_checked.wait()
        return answer

    return check_then_wait


def fire_at_once(app, steps: list[Step]) -> list[Outcome]:
    """Run every step in its own thread, all released at once; the outcome of each, in order."""
    refusals = run_at_once(
        app,
        [
            (
                step.username,
                lambda session, actor, step=step: perform_transition(
                    session,
                    step.application_id,
                    step.transition,
                    actor,
                    dict(step.payload or {}),
                    procedure_id=step.procedure_id,
                    new_procedure=step.new_procedure,
                ),
            )
            for step in steps
        ],
    )
    return [Outcome(step, refusal) for step, refusal in zip(steps, refusals)]


def run_at_once(app, jobs: list[tuple[str, Callable]]) -> list[Optional[str]]:
    """Run each ``(username, job(session, actor))`` in its own thread, all released at once; each one's refusal
    (None when it went through), in order. Any other error fails the test."""
    barrier = threading.Barrier(len(jobs), timeout=TIMEOUT_SECONDS)
    refusals: list[Optional[str]] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int, username: str, job: Callable) -> None:
        with app.app_context():
            session = db.session
            actor = session.scalars(select(User).where(User.username == username)).one()
            session.commit()  # start the job without an open read transaction
            barrier.wait()
            try:
                job(session, actor)
            except TransitionRefused as refusal:
                refusals[index] = refusal.message
            except BaseException as error:  # reported by the test, never swallowed
                errors.append(error)

    threads = [threading.Thread(target=run, args=(index, *job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert not errors, f"unexpected errors: {errors!r}"
    return refusals

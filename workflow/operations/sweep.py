"""The sweep: acts on every deadline whose reminder or expiry has come.

It only decides what is due; the acting is done by the system transitions the
workflow declares (``DeadlineSpec.on_reminder`` and ``on_expiry``), fired
through ``perform_transition`` as the system user, so each action has its
audit entry, its notifications and its mails like any other step.

Idempotent, and safe when several sweeps run at once: each action locks its
case, and the transition's guard re-reads the deadline under that lock
(``guards.swept_deadline``). Whoever comes second finds the reminder or expiry
already recorded and is refused. A sweep acts on every row that is due by
now, however long no sweep ran, so a late sweep catches up on everything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock, formatting, seed
from workflow.models import Application, Deadline, Programme, ProgrammeVersion
from workflow.engine.context import TransitionRefused
from workflow.engine.transitions import perform_transition
from workflow.engine.programmes import definition_for, settings_of


@dataclass(frozen=True)
class DueAction:
    deadline_id: int
    application_id: int
    file_number: str
    due_on: date
    transition: str
    label: str

    def describe(self) -> str:
        return f"{self.file_number}: {self.label} (Frist bis {formatting.date_de(self.due_on)})"


@dataclass
class SweepReport:
    today: date
    done: list[DueAction] = field(default_factory=list)
    # Actions another sweep or a person took first, or that no longer fit the case.
    refused: list[tuple[DueAction, str]] = field(default_factory=list)
    failed: list[tuple[DueAction, str]] = field(default_factory=list)

    @property
    def anything_happened(self) -> bool:
        return bool(self.done or self.failed)

    def summary(self) -> str:
        lines = [f"Fristenlauf für den {formatting.date_de(self.today)}:"]
        if not (self.done or self.refused or self.failed):
            lines.append("Keine fälligen Fristen.")
        lines.extend(f"- erledigt: {action.describe()}" for action in self.done)
        lines.extend(f"- nicht ausgeführt: {action.describe()} – {reason}" for action, reason in self.refused)
        lines.extend(f"- Fehler: {action.describe()} – {reason}" for action, reason in self.failed)
        return "\n".join(lines)


def due_actions(session: Session, today: date) -> list[DueAction]:
    """What is due today: expiries of periods whose last day is over, and reminders.

    A reminder is due from ``reminder_days_before`` days before the last day
    until that day; after it, the expiry speaks for itself.
    """
    rows = session.execute(
        select(Deadline, Application.file_number, Programme.code, ProgrammeVersion)
        .join(Application, Application.id == Deadline.application_id)
        .join(Programme, Programme.id == Application.programme_id)
        .join(ProgrammeVersion, ProgrammeVersion.id == Application.programme_version_id)
        .where(Deadline.status == Deadline.OPEN, Deadline.expired_at.is_(None))
        .order_by(Deadline.due_on, Deadline.id)
    ).all()
    actions = []
    for deadline, file_number, programme_code, version in rows:
        workflow = definition_for(programme_code).workflow
        reminder_days = settings_of(version).reminder_days_before
        spec = workflow.deadline_spec(deadline.kind)
        if today > deadline.due_on:
            name = spec.on_expiry
        elif deadline.reminded_at is None and today >= deadline.due_on - timedelta(days=reminder_days):
            name = spec.on_reminder
        else:
            name = None
        if name is not None:
            label = workflow.transition(name).label
            actions.append(DueAction(deadline.id, deadline.application_id, file_number, deadline.due_on, name, label))
    return actions


def run_sweep(session: Session) -> SweepReport:
    report = SweepReport(today=clock.today())
    actions = due_actions(session, report.today)
    system = seed.system_user(session)
    for action in actions:
        try:
            perform_transition(session, action.application_id, action.transition, system, {"deadline_id": action.deadline_id})
        except TransitionRefused as refusal:
            report.refused.append((action, refusal.message))
        except Exception as error:  # one broken case must not keep the sweep from all others
            current_app.logger.exception("Fristenlauf: %s fehlgeschlagen", action.describe())
            report.failed.append((action, str(error)))
        else:
            report.done.append(action)
    return report

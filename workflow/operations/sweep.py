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
from typing import Optional

from flask import current_app
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from workflow import clock, formatting, seed
from workflow.counselling.sweep import sweep_counselling
from workflow.models import Application, AuditEntry, Deadline, Procedure, Programme, ProgrammeVersion
from workflow.engine.context import TransitionRefused
from workflow.engine.transitions import perform_transition
from workflow.engine.programmes import definition_for, settings_of, workflows_of


@dataclass(frozen=True)
class DueAction:
    deadline_id: int
    application_id: int
    file_number: str
    due_on: date
    transition: str
    label: str
    # The procedure after the decision whose period this is (proof of use, repayment); None: the case's own.
    procedure_id: Optional[int] = None

    def describe(self) -> str:
        return f"{self.file_number}: {self.label} (Frist bis {formatting.date_de(self.due_on)})"


@dataclass
class SweepReport:
    today: date
    done: list[DueAction] = field(default_factory=list)
    # Actions another sweep or a person took first, or that no longer fit the case.
    refused: list[tuple[DueAction, str]] = field(default_factory=list)
    failed: list[tuple[DueAction, str]] = field(default_factory=list)
    # The counselling's reminders and deletions, as counts (``workflow.counselling.sweep``).
    counselling: list[str] = field(default_factory=list)

    @property
    def anything_happened(self) -> bool:
        return bool(self.done or self.failed or self.counselling)

    def summary(self) -> str:
        lines = [f"Fristenlauf für den {formatting.date_de(self.today)}:"]
        if not (self.done or self.refused or self.failed):
            lines.append("Keine fälligen Fristen.")
        lines.extend(f"- erledigt: {action.describe()}" for action in self.done)
        lines.extend(f"- nicht ausgeführt: {action.describe()} – {reason}" for action, reason in self.refused)
        lines.extend(f"- Fehler: {action.describe()} – {reason}" for action, reason in self.failed)
        lines.extend(self.counselling)
        return "\n".join(lines)


def due_conditions(session: Session, today: date):
    """The SQL condition for a deadline that is due ``today``, or ``None`` if no deadline can be.

    Expiry: the last day is over (``due_on < today``), for kinds with an ``on_expiry``. Reminder: not reminded
    yet and ``due_on <= today + reminder_days_before`` of the case's programme version, for kinds with an
    ``on_reminder``. The reminder days are settings (JSON) per version; the versions are few, so the cutoff
    is computed here per version and the versions sharing a rule are grouped.
    """
    rules: dict[tuple[str, int], list[int]] = {}
    # A programme no longer installed has no rule to read: its open deadlines are selected as before, and the
    # sweep reports them as it always did (``definition_for`` refuses).
    uninstalled: list[int] = []
    for version in session.scalars(select(ProgrammeVersion)):
        try:
            definition_for(version.programme.code)
        except LookupError:
            uninstalled.append(version.id)
            continue
        rules.setdefault((version.programme.code, settings_of(version).reminder_days_before), []).append(version.id)
    conditions, latest = [], None
    for (code, reminder_days), version_ids in rules.items():
        specs = [
            spec
            for workflow in workflows_of(definition_for(code))
            for transition in workflow.transitions
            for spec in transition.opens
        ]
        expiring = sorted({spec.kind for spec in specs if spec.on_expiry})
        reminding = sorted({spec.kind for spec in specs if spec.on_reminder})
        cutoff = today + timedelta(days=reminder_days)
        either = []
        if expiring:
            either.append(and_(Deadline.kind.in_(expiring), Deadline.due_on < today))
            latest = max(filter(None, (latest, today - timedelta(days=1))))
        if reminding:
            either.append(and_(Deadline.kind.in_(reminding), Deadline.reminded_at.is_(None), Deadline.due_on <= cutoff))
            latest = max(filter(None, (latest, cutoff)))
        if either:
            conditions.append(and_(Application.programme_version_id.in_(version_ids), or_(*either)))
    if not conditions and not uninstalled:
        return None
    # The outer bound lets the index (status, expired_at, due_on) deliver only rows up to the latest cutoff.
    due = and_(Deadline.due_on <= latest, or_(*conditions)) if conditions else None
    if uninstalled:
        others = Application.programme_version_id.in_(uninstalled)
        due = others if due is None else or_(due, others)
    return and_(Deadline.status == Deadline.OPEN, Deadline.expired_at.is_(None), due)


def due_query(session: Session, today: date):
    condition = due_conditions(session, today)
    if condition is None:
        return None
    return (
        select(
            Deadline.id,
            Deadline.application_id,
            Deadline.kind,
            Deadline.due_on,
            Deadline.reminded_at,
            Application.file_number,
            Programme.code,
            Application.programme_version_id,
            AuditEntry.procedure_id,
            Procedure.kind.label("procedure_kind"),
        )
        .join(Application, Application.id == Deadline.application_id)
        .join(AuditEntry, AuditEntry.id == Deadline.opened_by_entry_id)
        .outerjoin(Procedure, Procedure.id == AuditEntry.procedure_id)
        .join(Programme, Programme.id == Application.programme_id)
        .where(condition)
        .order_by(Deadline.due_on, Deadline.id)
    )


def due_actions(session: Session, today: date) -> list[DueAction]:
    """What is due today: expiries of periods whose last day is over, and reminders.

    A reminder is due from ``reminder_days_before`` days before the last day
    until that day; after it, the expiry speaks for itself. Only due rows leave the database
    (``due_query``); the same rule is checked here once more per row.
    """
    query = due_query(session, today)
    if query is None:
        return []
    versions = {}
    actions = []
    for row in session.execute(query):
        definition = definition_for(row.code)
        workflow = definition.procedure_type(row.procedure_kind).workflow if row.procedure_kind else definition.workflow
        if row.programme_version_id not in versions:
            versions[row.programme_version_id] = settings_of(session.get(ProgrammeVersion, row.programme_version_id))
        reminder_days = versions[row.programme_version_id].reminder_days_before
        spec = workflow.deadline_spec(row.kind)
        if today > row.due_on:
            name = spec.on_expiry
        elif row.reminded_at is None and today >= row.due_on - timedelta(days=reminder_days):
            name = spec.on_reminder
        else:
            name = None
        if name is not None:
            label = workflow.transition(name).label
            actions.append(
                DueAction(row.id, row.application_id, row.file_number, row.due_on, name, label, row.procedure_id)
            )
    return actions


def run_sweep(session: Session) -> SweepReport:
    report = SweepReport(today=clock.today())
    actions = due_actions(session, report.today)
    system = seed.system_user(session)
    for action in actions:
        try:
            perform_transition(
                session,
                action.application_id,
                action.transition,
                system,
                {"deadline_id": action.deadline_id},
                procedure_id=action.procedure_id,
            )
        except TransitionRefused as refusal:
            report.refused.append((action, refusal.message))
        except Exception as error:  # one broken case must not keep the sweep from all others
            current_app.logger.exception("Fristenlauf: %s fehlgeschlagen", action.describe())
            report.failed.append((action, str(error)))
        else:
            report.done.append(action)
    report.counselling = sweep_counselling(session, report.today)
    return report

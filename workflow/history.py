"""A case's history as its reader sees it: the case's own steps and those of its procedures after the decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import permissions
from workflow.engine.programmes import definition_for
from workflow.models import Application, AuditEntry, Procedure, User


@dataclass(frozen=True)
class HistoryStep:
    entry: AuditEntry
    label: str
    from_label: str
    to_label: str
    # „Auszahlung 2“ for a step of a procedure; None for the case's own.
    procedure: Optional[str] = None

    @property
    def change(self) -> str:
        return (
            f"Status bleibt {self.to_label}"
            if self.from_label == self.to_label
            else f"{self.from_label} → {self.to_label}"
        )


def visible_history(session: Session, user: User, application: Application) -> list[HistoryStep]:
    definition = definition_for(application.programme.code)
    procedures = {procedure.id: procedure for procedure in application.procedures}
    steps = []
    for entry in session.scalars(
        select(AuditEntry).where(AuditEntry.application_id == application.id).order_by(AuditEntry.id)
    ):
        procedure: Optional[Procedure] = procedures.get(entry.procedure_id)
        workflow = definition.procedure_type(procedure.kind).workflow if procedure else definition.workflow
        transition = workflow.transition(entry.transition)
        if not permissions.can_view_step(user, application, transition):
            continue
        title = f"{definition.procedure_type(procedure.kind).label} {procedure.number}" if procedure else None
        steps.append(
            HistoryStep(
                entry,
                transition.label if transition else entry.transition,
                workflow.state(entry.from_state).label,
                workflow.state(entry.to_state).label,
                title,
            )
        )
    return steps

"""Procedures after the decision: finding, starting and describing them for the engine.

A procedure's steps go through ``perform_transition`` like the case's own, under the lock of its case, so
that two procedures of one case (two payments pressed at the same second) never interleave.
"""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.declaration import ProcedureType
from workflow.engine.programmes import definition_for, procedure_states_waiting_for
from workflow.models import Application, Procedure, Role, User


def procedure_types(application: Application) -> tuple[ProcedureType, ...]:
    return definition_for(application.programme.code).procedures


def in_states(states_by_kind: dict[str, tuple[str, ...]]) -> Optional[ColumnElement[bool]]:
    """SQL filter: procedures of these kinds in these states; None if there are none."""
    clauses = [and_(Procedure.kind == kind, Procedure.state.in_(states)) for kind, states in states_by_kind.items()]
    return or_(*clauses) if clauses else None


def waiting_for(*roles: str) -> Optional[ColumnElement[bool]]:
    """SQL filter: procedures in a state that waits for one of ``roles``; None if no state waits for them."""
    merged: dict[str, tuple[str, ...]] = {}
    for role in roles:
        for kind, states in procedure_states_waiting_for(role).items():
            merged[kind] = tuple(sorted({*merged.get(kind, ()), *states}))
    return in_states(merged)


def type_of(procedure: Procedure) -> ProcedureType:
    return definition_for(procedure.application.programme.code).procedure_type(procedure.kind)


def locate(
    session: Session, application: Application, procedure_id: Optional[int], new_kind: Optional[str], actor: User
) -> tuple[ProcedureType, Procedure]:
    """The procedure a step is for: an existing one of the case, or a new one of kind ``new_kind``."""
    definition = definition_for(application.programme.code)
    if procedure_id is not None:
        procedure = session.get(Procedure, procedure_id)
        if procedure is None or procedure.application_id != application.id:
            raise TransitionRefused("Diesen Vorgang gibt es bei diesem Antrag nicht.", 404)
        return definition.procedure_type(procedure.kind), procedure
    try:
        procedure_type = definition.procedure_type(new_kind)
    except LookupError:
        raise TransitionRefused("Diese Art von Vorgang gibt es in diesem Programm nicht.", 404) from None
    problem = start_problem(application, procedure_type)
    if problem:
        raise TransitionRefused(problem)
    procedure = new(session, application, procedure_type, actor)
    session.flush()  # the guards and effects of a first step may ask for its id
    return procedure_type, procedure


def start_problem(application: Application, procedure_type: ProcedureType) -> Optional[str]:
    """Why no procedure of this type may be started on the case now, or None."""
    if application.state not in procedure_type.opens_in:
        return f"„{procedure_type.label}“ ist in diesem Status des Antrags nicht möglich."
    if any(
        procedure.kind == procedure_type.kind and _bars_another(procedure_type, procedure.state)
        for procedure in application.procedures
    ):
        return f"Es gibt bereits einen offenen Vorgang „{procedure_type.label}“."
    return None


def _bars_another(procedure_type: ProcedureType, state: str) -> bool:
    if procedure_type.single and not procedure_type.workflow.state(state).final:
        return True
    return state in procedure_type.single_while


def new(session: Session, application: Application, procedure_type: ProcedureType, actor: User) -> Procedure:
    """A procedure in its workflow's initial state, numbered per case and kind (the case is locked).

    Not flushed: a procedure the system opens is written once, already in the state its first step leads to."""
    number = (
        session.scalar(
            select(func.coalesce(func.max(Procedure.number), 0)).where(
                Procedure.application_id == application.id, Procedure.kind == procedure_type.kind
            )
        )
        + 1
    )
    procedure = Procedure(
        application=application,
        kind=procedure_type.kind,
        number=number,
        state=procedure_type.workflow.initial,
        data={},
        created_by_id=actor.id,
    )
    session.add(procedure)
    return procedure


def opened_after(application: Application, transition_name: str) -> list[ProcedureType]:
    return [
        procedure_type for procedure_type in procedure_types(application) if transition_name in procedure_type.opened_by
    ]


def record_actor(procedure: Procedure, actor: User) -> None:
    """Remember who at the authority took a step: a second person's step (``four_eyes``) must be someone else."""
    if any(actor.has_role(role) for role in (Role.REVIEWER, Role.APPROVER)):
        procedure.data = {**procedure.data, "staff_actor_ids": sorted({*staff_actor_ids(procedure), actor.id})}


def staff_actor_ids(procedure: Procedure) -> list[int]:
    return list(procedure.data.get("staff_actor_ids", []))


def letter_context(ctx: TransitionContext) -> dict[str, Any]:
    procedure_type = type_of(ctx.procedure)
    base = {"kind": procedure_type.label, "number": ctx.procedure.number}
    return {**base, **(procedure_type.letter(ctx) if procedure_type.letter else {})}


def title(procedure: Procedure) -> str:
    return f"{type_of(procedure).label} {procedure.number}"

"""The case page's part after the decision: the money, each procedure with what the reader may do, what may be started."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from sqlalchemy.orm import Session

from workflow import clock
from workflow.engine import procedures as procedure_types
from workflow.engine.actions import Action, procedure_actions, start_actions
from workflow.engine.declaration import ProcedureType, State
from workflow.models import Application, Procedure, User
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de
from workflow.workflows.post_award.accounts import CaseMoney, case_money
from workflow.workflows.post_award.payments import ON_REQUEST, requestable_on


@dataclass(frozen=True)
class ProcedureView:
    procedure: Procedure
    title: str
    state: State
    actions: list[Action]

    @property
    def status_note(self) -> str:
        """What happens next where the reader has no step; a payment handed to the cash office says when, as its
        state's text („geht an die Kasse“) is no longer true then."""
        export = self.procedure.cash_export
        if export is not None:
            return f"An die Kasse übergeben am {date_de(export.created_at)}."
        return self.state.description


@dataclass(frozen=True)
class AfterDecision:
    money: CaseMoney
    # What may be requested today (programmes paid on request), else None.
    requestable: Optional[Decimal]
    procedures: list[ProcedureView] = field(default_factory=list)
    starts: list[tuple[ProcedureType, Action]] = field(default_factory=list)


def overview(session: Session, user: User, application: Application) -> Optional[AfterDecision]:
    """None while nothing is granted or the programme has no procedures after the decision."""
    if not procedure_types.procedure_types(application) or not application.granted_amount:
        return None
    views = []
    for procedure in application.procedures:
        workflow = procedure_types.type_of(procedure).workflow
        views.append(
            ProcedureView(
                procedure,
                procedure_types.title(procedure),
                workflow.state(procedure.state),
                procedure_actions(session, user, application, procedure),
            )
        )
    requestable = (
        requestable_on(session, application, clock.today())
        if case_settings(application).get("payment_mode") == ON_REQUEST
        else None
    )
    return AfterDecision(
        case_money(session, application), requestable, views, start_actions(session, user, application)
    )

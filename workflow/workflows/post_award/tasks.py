"""What a person can and must do on a granted case: the tasks of the procedures after the decision, each with the
reason and, where it is not open yet, the day it opens.

The case page's panel („Was jetzt zu tun ist“) says these once; the list of procedures below it only shows their
status. Without this, the page said „Sie müssen nichts tun“ beside an open repayment, showed money „heute
abrufbar“ with no button (payments open only with Bestandskraft) and offered the proof of use years early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from sqlalchemy.orm import object_session

from workflow import permissions
from workflow.engine import procedures as procedure_types
from workflow.engine.actions import Action
from workflow.engine.programmes import case_settings, definition_for
from workflow.formatting import date_de, euro
from workflow.models import Application, AuditEntry, Deadline, User
from workflow.workflows.post_award.accounts import ZERO
from workflow.workflows.post_award.instalments import plan_text
from workflow.workflows.post_award.proof import period_end
from workflow.workflows.standard.declaration import REMEDY

PAYMENT, PROOF_OF_USE, CLAIM = "payment", "proof_of_use", "claim"
# A claim the authority has set aside for now (Niederschlagung) asks nothing of the recipient.
RESTING_CLAIM_STATES = ("suspended",)
# How far ahead the page looks for the day money may next be requested (a funding period is at most a few years).


@dataclass(frozen=True)
class Step:
    """A button: a step in an existing procedure (``procedure_id``) or the first step of a new one (``kind``)."""

    action: Action
    procedure_id: Optional[int] = None
    kind: Optional[str] = None


@dataclass(frozen=True)
class Task:
    title: str
    text: str
    deadline: Optional[Deadline] = None
    # Set when the task is not open yet: the day it opens (the text says why).
    opens_on: Optional[date] = None
    steps: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class Tasks:
    now: list[Task] = field(default_factory=list)
    later: list[Task] = field(default_factory=list)
    # Steps the person may take but is not asked to (a change report, starting a revocation).
    others: list[Step] = field(default_factory=list)

    @property
    def deadlines(self) -> list[Deadline]:
        return [task.deadline for task in (*self.now, *self.later) if task.deadline is not None]


def tasks_after_decision(
    user: User, application: Application, after, open_deadlines, today: date, may_waive: bool
) -> Tasks:
    """``after`` is the case's ``AfterDecision``; ``may_waive``: the person may still waive remedies on the case."""
    tasks = Tasks()
    pays_back = permissions.is_applicant_clerk(user, application)
    for view in after.procedures:
        if view.state.final:
            continue
        steps = [Step(action, procedure_id=view.procedure.id) for action in view.actions]
        deadline = _deadline_closed_by(view, open_deadlines)
        if view.procedure.kind == CLAIM and pays_back and view.state.name not in RESTING_CLAIM_STATES:
            plan = plan_text(view.procedure, today)
            # In a plan the text names each instalment's day; the plan's period is the day it would lapse, not a due day.
            deadline = None if plan else deadline
            tasks.now.append(Task(view.title, _claim_text(view, plan), deadline, steps=steps))
        elif view.procedure.kind == PROOF_OF_USE and steps and _proof_opens(application, today):
            opens = _proof_opens(application, today)
            tasks.later.append(
                Task(
                    view.title,
                    f"Einzureichen nach dem Ende des Förderzeitraums am {date_de(opens - timedelta(days=1))}.",
                    deadline,
                    opens_on=opens,
                    steps=steps,
                )
            )
        elif steps and view.state.waiting_for is not None and user.has_role(view.state.waiting_for):
            tasks.now.append(Task(view.title, view.state.description, deadline, steps=steps))
        else:
            tasks.others.extend(steps)
    for procedure_type, action in after.starts:
        if procedure_type.kind != PAYMENT:
            tasks.others.append(Step(action, kind=procedure_type.kind))
    payment = _payment_task(user, application, after, open_deadlines, today, may_waive)
    if payment is not None:
        (tasks.later if payment.opens_on else tasks.now).append(payment)
    tasks.later.sort(key=lambda task: task.opens_on)
    return tasks


def _deadline_closed_by(view, open_deadlines) -> Optional[Deadline]:
    kinds = {kind for action in view.actions for kind in action.transition.closes}
    kinds |= {
        spec.kind
        for transition in procedure_types.type_of(view.procedure).workflow.transitions
        for spec in transition.opens
    }
    return next(
        (
            deadline
            for deadline in open_deadlines
            if deadline.kind in kinds
            and object_session(deadline).get(AuditEntry, deadline.opened_by_entry_id).procedure_id == view.procedure.id
        ),
        None,
    )


def _claim_text(view, plan: Optional[str]) -> str:
    facts = dict(procedure_types.type_of(view.procedure).facts(view.procedure))
    owed = facts.get("Heute offen") or euro(view.procedure.amount)
    return f"Zu erstatten: heute {owed}. {plan or view.state.description}"


def _proof_opens(application: Application, today: date) -> Optional[date]:
    """The day after the funding period ends, while that is still ahead; None once the proof of use is due now."""
    end = period_end(application)
    return end + timedelta(days=1) if end is not None and end >= today else None


def _payment_task(user, application, after, open_deadlines, today, may_waive) -> Optional[Task]:
    """Money on request: what may be requested today, else when it can be and why not before."""
    if after.requestable is None or not permissions.is_applicant_clerk(user, application):
        return None
    if after.money.open_to_pay <= ZERO:
        return None
    start = next(
        (Step(action, kind=PAYMENT) for procedure_type, action in after.starts if procedure_type.kind == PAYMENT), None
    )
    payment_type = next(t for t in procedure_types.procedure_types(application) if t.kind == PAYMENT)
    if application.state not in payment_type.opens_in:
        remedy = next((deadline for deadline in open_deadlines if deadline.kind == REMEDY.kind), None)
        if remedy is None:
            return None
        opens = remedy.due_on + timedelta(days=1)
        sooner = " – früher, sobald auf Rechtsbehelfe verzichtet ist" if may_waive else ""
        return Task(
            "Mittel abrufen",
            f"Abrufen können Sie, sobald der Bescheid bestandskräftig ist: nach Ablauf der "
            f"Klagefrist am {date_de(remedy.due_on)}{sooner}.",
            remedy,
            opens_on=opens,
        )
    rules, settings = definition_for(application.programme.code).rules, case_settings(application)
    if after.requestable > ZERO and start is not None:
        return Task(
            "Mittel abrufen",
            f"Heute abrufbar: {euro(after.requestable)} – {rules.payment_hint(settings)}.",
            steps=[start],
        )
    opens = rules.next_payment_day(settings, application, after.money, today)
    if opens is None:
        return None
    return Task(
        "Mittel abrufen",
        f"Heute ist nichts abrufbar; zuerst wieder zum {date_de(opens)} ({rules.payment_hint(settings)}).",
        opens_on=opens,
    )

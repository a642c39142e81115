"""„Was jetzt zu tun ist“: whose move it is on a case, and what that means for the person looking at it.

Everything is read from the workflow declaration (the state's ``waiting_for``, which transitions open and
close which deadlines, which steps the applicant sees) and from the case's data; no state or transition
name appears here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from workflow import formatting, permissions
from workflow.engine.declaration import STAFF, State, Workflow
from workflow.models.user import ROLE_LABELS, Role
from workflow.workflows.post_award.tasks import Step, Tasks, tasks_after_decision

# The CSS class of a status tag, by whose move it is.
CLERK, AUTHORITY, NOBODY = "clerk", "authority", "nobody"


def mover(state: State) -> str:
    """Whose move it is in ``state``: the applicant (``clerk``), the authority, or nobody (decided, closed)."""
    if state.waiting_for is None:
        return NOBODY
    return CLERK if state.waiting_for == Role.CLERK else AUTHORITY


@dataclass(frozen=True)
class Request:
    """An open period the user must answer: what was asked, by when, and the step that answers it."""

    label: str
    text: Optional[str]
    asked_on: object
    deadline: object
    answers: list = field(default_factory=list)
    # The documents asked for, one per line of the request (requests of before had only the text).
    documents: list = field(default_factory=list)


@dataclass(frozen=True)
class Outlook:
    """A state the case may reach next through the authority's work, as the applicant sees it."""

    label: str
    description: str


@dataclass(frozen=True)
class NextSteps:
    # "yours": the user is asked to act; "authority": the authority works, nothing to do;
    # "others": someone else is on the move (for staff: the applicant); "closed": decided or ended.
    situation: str
    waiting_label: Optional[str] = None
    requests: list[Request] = field(default_factory=list)
    outlook: list[Outlook] = field(default_factory=list)
    notified: bool = False
    # The step that ended the undecided phase (the decision, a withdrawal) and its letters the user may see.
    decision_entry: object = None
    letters: list = field(default_factory=list)
    # The actions shown first: those that answer an open request.
    primary: list = field(default_factory=list)
    others: list = field(default_factory=list)
    # After the decision: the procedures' tasks now and later, and the steps merely possible there.
    tasks: Tasks = field(default_factory=Tasks)

    @property
    def deadlines_in_tasks(self) -> list:
        return self.tasks.deadlines


def next_steps(
    user, application, workflow: Workflow, history, open_deadlines, actions, after=None, today=None, starts=()
) -> NextSteps:
    """The one answer to what ``user`` can and must do on the case now; ``after`` is the part after the decision
    (``after_decision.overview``), whose procedures add their tasks; before it, ``starts`` are the procedures
    ``user`` may start on the undecided case (the decision on a vorzeitiger Maßnahmebeginn)."""
    state = workflow.state(application.state)
    waiting_for = state.waiting_for
    is_staff = any(user.has_role(role) for role in (*permissions.AUTHORITY_ROLES, Role.MINISTRY))

    requests = open_requests(workflow, history, open_deadlines, actions) if actions else []
    answering = {id(action) for request in requests for action in request.answers}
    primary = [action for action in actions if id(action) in answering]
    others = [action for action in actions if id(action) not in answering]

    decision_entry, letters = _decision(workflow, history, user)
    tasks = Tasks(others=[Step(action, kind=procedure_type.kind) for procedure_type, action in starts])
    if after is not None:
        may_waive = any(action.transition.once_per_organisation is not None for action in actions)
        tasks = tasks_after_decision(user, application, after, open_deadlines, today, may_waive)
    common = dict(
        requests=requests, primary=primary, others=others, decision_entry=decision_entry, letters=letters, tasks=tasks
    )

    if waiting_for is not None and user.has_role(waiting_for) and actions:
        return NextSteps("yours", **common)
    if waiting_for in permissions.AUTHORITY_ROLES and not is_staff:
        outlook, notified = _outlook(workflow, state)
        return NextSteps("authority", outlook=outlook, notified=notified, **common)
    if waiting_for is not None:
        return NextSteps("others", waiting_label=ROLE_LABELS.get(waiting_for), **common)
    return NextSteps("closed", **common)


def open_requests(workflow: Workflow, history, open_deadlines, actions) -> list[Request]:
    """Each open deadline the user's actions can close, with the text of the step that opened it."""
    requests = []
    for deadline in open_deadlines:
        answers = [
            action
            for action in actions
            if deadline.kind in action.transition.closes and not _ends_case(workflow, action)
        ]
        if not answers:
            continue
        opening = next(
            (
                entry
                for entry in reversed(history)
                if (transition := workflow.transition(entry.transition)) is not None
                and any(spec.kind == deadline.kind for spec in transition.opens)
            ),
            None,
        )
        requests.append(
            Request(
                label=workflow.deadline_spec(deadline.kind).label,
                text=(opening.details or {}).get("request", opening.comment) if opening is not None else None,
                asked_on=opening.created_at if opening is not None else None,
                deadline=deadline,
                answers=answers,
                documents=(opening.details or {}).get("documents", []) if opening is not None else [],
            )
        )
    return requests


def _ends_case(workflow: Workflow, action) -> bool:
    """A step that closes the case (a withdrawal) also closes its periods, but does not answer them."""
    return workflow.state(action.transition.target).final


def _outlook(workflow: Workflow, state: State) -> tuple[list[Outlook], bool]:
    """The states the applicant may see next: through the authority's steps, passing over internal ones."""
    seen, queue, found, notified = {state.name}, [state.name], {}, False
    while queue:
        current = queue.pop(0)
        for transition in workflow.transitions_from(current):
            if not any(role in permissions.AUTHORITY_ROLES for role in transition.roles):
                continue
            if transition.target in seen and transition.audience == STAFF:
                continue
            if transition.audience == STAFF:
                seen.add(transition.target)
                queue.append(transition.target)
                continue
            if transition.target == state.name:
                continue
            target = workflow.state(transition.target)
            found.setdefault(target.name, Outlook(target.label, target.description))
            notified = notified or "applicant" in transition.notify
    return list(found.values()), notified


def _decision(workflow: Workflow, history, user):
    """The latest step that took the case out of the undecided phase, and its documents the user may see."""
    for entry in reversed(history):
        source, target = workflow.state(entry.from_state), workflow.state(entry.to_state)
        if source.undecided and not target.undecided:
            return entry, [document for document in entry.documents if permissions.can_view_document(user, document)]
    return None, []


def done_message(transition, state: State, subject: str, opened=()) -> str:
    """The flash after a step: what the step led to, the periods it opened (``opened``: label and last day) and
    whose move it is now, not the button's name again."""
    message = f"{subject} ist jetzt „{state.label}“: {state.description}"
    for label, due_on in opened:
        message += f" {label}: bis {formatting.date_de(due_on)}."
    if state.waiting_for is not None and state.waiting_for in ROLE_LABELS:
        message += f" Als Nächstes ist am Zug: {ROLE_LABELS[state.waiting_for]}."
    if "applicant" in transition.notify:
        message += " Die antragstellende Kommune wird benachrichtigt."
    return message

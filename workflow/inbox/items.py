"""The items of a person's inbox, derived from the cases' and procedures' states and the user's available actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from workflow import permissions
from workflow.engine import procedures
from workflow.engine.actions import Action, available_actions, procedure_actions
from workflow.engine.programmes import states_waiting_for, workflow_of
from workflow.models import Application, AuditEntry, Deadline, MembershipRequest, Procedure, Role, User

# The roles whose work is in the inbox, and the most cases of each source one inbox looks at.
WORKING_ROLES = (Role.CLERK, Role.REVIEWER, Role.APPROVER)
LIMIT = 300

CASE, REQUEST, CONSENT = "antrag", "nachforderung", "zustimmung"
FIXED_KINDS = {CASE: "Anträge", REQUEST: "Nachforderungen", CONSENT: "Zustimmungen zum Beitritt"}


@dataclass(frozen=True)
class Item:
    kind: str
    kind_label: str
    # What to do: the label of the main step the user may take (in a lead's view of the team's work, which the
    # lead only assigns: the state).
    verb: str
    application: Application
    procedure: Optional[Procedure]
    since: datetime
    due_on: Optional[date]
    # Whose move it is: a person at the authority (None: nobody took it yet), or a role or organisation (``holder``).
    assignee: Optional[User]
    holder: str
    blocked_by: Optional[str] = None
    membership_request: Optional[MembershipRequest] = None

    @property
    def assignable(self) -> bool:
        """Work of the reviewers of a case: taken by one of them, or given to one by a lead."""
        return self.holder == "" and self.membership_request is None

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today


def working_roles(user: User) -> list[Role]:
    return [role for role in WORKING_ROLES if user.has_role(role)]


def _main(actions: list[Action], workflow) -> Action:
    """The step that moves the work on: not one that ends it early (a withdrawal) – a second person's signature
    (``four_eyes``) ends it as it should –, the declaration's main one (``style``) before a secondary one (a
    Nachforderung, a return) even while blocked (the reason is shown), then one not blocked."""
    moving = [
        action
        for action in actions
        if action.transition.four_eyes or not workflow.state(action.transition.target).final
    ] or actions
    ranked = sorted(moving, key=lambda action: (action.transition.style != "primary", action.blocked_by is not None))
    return ranked[0]


def _holder(state, application: Application) -> str:
    """Who holds work that waits for a role other than the reviewers': the applicant, or all approvers."""
    if state.waiting_for == Role.REVIEWER:
        return ""
    if state.waiting_for == Role.CLERK:
        return application.applicant.name
    return "Alle Zeichnungsbefugten"


def _due(actions: list[Action], deadlines: list[Deadline]) -> Optional[date]:
    closed = {kind for action in actions for kind in action.transition.closes}
    return min((deadline.due_on for deadline in deadlines if deadline.kind in closed), default=None)


def _not_yet(actions: list[Action], state) -> bool:
    """Work of the applicant whose every step is still blocked (a proof of use before the period ends) is no task
    yet: the applicant can do nothing to unblock it. Staff keep blocked work – the reason is theirs to resolve."""
    return state.waiting_for == Role.CLERK and all(action.blocked_by for action in actions)


def case_item(session, user, application, since, deadlines, figures=None) -> Optional[Item]:
    actions = available_actions(session, user, application, figures)
    if not actions:
        return None
    workflow = workflow_of(application)
    state = workflow.state(application.state)
    if _not_yet(actions, state):
        return None
    main = _main(actions, workflow)
    due = _due(actions, deadlines)
    # A step that answers an open request (a Nachforderung) makes the item one of those.
    kind = REQUEST if due is not None else CASE
    return Item(
        kind,
        FIXED_KINDS[kind],
        main.transition.label,
        application,
        None,
        since,
        due,
        application.reviewer,
        _holder(state, application),
        blocked_by=main.blocked_by,
    )


def procedure_item(session, user, procedure, deadlines, figures=None) -> Optional[Item]:
    application = procedure.application
    actions = procedure_actions(session, user, application, procedure, figures)
    if not actions:
        return None
    procedure_type = procedures.type_of(procedure)
    workflow = procedure_type.workflow
    if _not_yet(actions, workflow.state(procedure.state)):
        return None
    main = _main(actions, workflow)
    return Item(
        procedure.kind,
        procedure_type.label,
        main.transition.label,
        application,
        procedure,
        procedure.updated_at,
        _due(actions, deadlines),
        application.reviewer,
        _holder(workflow.state(procedure.state), application),
        blocked_by=main.blocked_by,
    )


def team_item(application: Application, since) -> Item:
    """A lead's view of a case that waits for the reviewers: the state, for assigning, not for acting."""
    state = workflow_of(application).state(application.state)
    verb = f"Bei der Prüfung: {state.label}"
    return Item(CASE, FIXED_KINDS[CASE], verb, application, None, since, None, application.reviewer, "")


def _last_steps(session: Session, application_ids: list[int]) -> dict[int, datetime]:
    """Since when each case is in its state: its latest step of its own (not of a procedure)."""
    if not application_ids:
        return {}
    rows = session.execute(
        select(AuditEntry.application_id, func.max(AuditEntry.created_at))
        .where(AuditEntry.application_id.in_(application_ids), AuditEntry.procedure_id.is_(None))
        .group_by(AuditEntry.application_id)
    )
    return dict(rows.all())


def _open_deadlines(session: Session, application_ids: list[int]) -> dict[int, list[Deadline]]:
    found: dict[int, list[Deadline]] = {}
    if application_ids:
        for deadline in session.scalars(
            select(Deadline).where(Deadline.application_id.in_(application_ids), Deadline.status == Deadline.OPEN)
        ):
            found.setdefault(deadline.application_id, []).append(deadline)
    return found


def _waiting_cases(session: Session, user: User, roles: list[Role]) -> list[Application]:
    states = sorted({state for role in roles for state in states_waiting_for(role)})
    return list(
        session.scalars(
            select(Application)
            .where(Application.state.in_(states), permissions.visible_applications(user))
            # The reviewer joined, not selected after: the list costs the same whoever took its cases.
            .options(joinedload(Application.reviewer), selectinload(Application.proposals))
            .order_by(Application.updated_at)
            .limit(LIMIT)
        )
    )


def _waiting_procedures(session: Session, user: User, roles: list[Role]) -> list[Procedure]:
    condition = procedures.waiting_for(*roles)
    if condition is None:
        return []
    return list(
        session.scalars(
            select(Procedure)
            .join(Application, Application.id == Procedure.application_id)
            .where(condition, permissions.visible_applications(user))
            .options(
                selectinload(Procedure.application).joinedload(Application.reviewer),
                selectinload(Procedure.application).selectinload(Application.proposals),
            )
            .order_by(Procedure.updated_at)
            .limit(LIMIT)
        )
    )


def _consents(session: Session, user: User) -> list[Item]:
    if not user.has_role(Role.CLERK) or user.organisation_id is None:
        return []
    found = session.scalars(
        select(MembershipRequest).where(
            MembershipRequest.organisation_id == user.organisation_id,
            MembershipRequest.status == MembershipRequest.PENDING,
        )
    )
    return [
        Item(
            CONSENT,
            FIXED_KINDS[CONSENT],
            "Beitritt zustimmen oder ablehnen",
            request.application,
            None,
            request.requested_at,
            None,
            None,
            user.organisation.name,
            membership_request=request,
        )
        for request in found
        if permissions.can_answer_membership_request(user, request)
    ]


@dataclass(frozen=True)
class Inbox:
    items: list[Item]
    # More cases or procedures wait than one inbox looks at (``LIMIT`` of each, the oldest).
    truncated: bool = False


def inbox(session: Session, user: User, team: bool = False) -> Inbox:
    """Every item ``user`` can act on now, those with a period first (the nearest first), then the oldest; with
    ``team`` a lead also sees the reviewers' work to assign."""
    roles = working_roles(user)
    if not roles:
        return Inbox([])
    assigning = team and permissions.can_assign_cases(user)
    cases = _waiting_cases(session, user, [*roles, Role.REVIEWER] if assigning else roles)
    waiting_procedures = _waiting_procedures(session, user, roles)
    ids = sorted({case.id for case in cases} | {p.application_id for p in waiting_procedures})
    since, deadlines = _last_steps(session, ids), _open_deadlines(session, ids)
    # A programme's figures (its budget, its grants) read once for the whole list, as the queues do.
    figures: dict = {}
    items = []
    for case in cases:
        item = case_item(session, user, case, since.get(case.id, case.updated_at), deadlines.get(case.id, []), figures)
        if item is None and assigning and case.state in states_waiting_for(Role.REVIEWER):
            item = team_item(case, since.get(case.id, case.updated_at))
        if item is not None:
            items.append(item)
    for procedure in waiting_procedures:
        item = procedure_item(session, user, procedure, deadlines.get(procedure.application_id, []), figures)
        if item is not None:
            items.append(item)
    items += _consents(session, user)
    truncated = LIMIT in (len(cases), len(waiting_procedures))
    return Inbox(sorted(items, key=lambda item: (item.due_on or date.max, item.since)), truncated)


@dataclass(frozen=True)
class Summary:
    total: int
    overdue: int
    kinds: list[tuple[str, int]]


def summary(items: list[Item], today: date) -> Summary:
    """How many items, how many overdue, and how many of each kind (by label), for a start page."""
    kinds: dict[str, int] = {}
    for item in items:
        kinds[item.kind_label] = kinds.get(item.kind_label, 0) + 1
    return Summary(len(items), sum(1 for item in items if item.overdue(today)), sorted(kinds.items()))


def items_on_case(session: Session, user: User, application: Application, procedure: Optional[Procedure]) -> list[Item]:
    """What ``user`` still has to do on one case (or one of its procedures), counting only work that is theirs
    or nobody's: a case a colleague took is no longer theirs."""
    deadlines = _open_deadlines(session, [application.id]).get(application.id, [])
    if procedure is not None:
        item = procedure_item(session, user, procedure, deadlines)
    else:
        item = case_item(session, user, application, application.updated_at, deadlines)
    return [item] if item is not None and (item.assignee is None or item.assignee.id == user.id) else []

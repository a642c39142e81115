"""The types a workflow is declared with: states, transitions, guards, deadlines.

A declaration is data. Guards, effects and due-date rules are referenced as
callables that receive the transition's context; this module imports none of
them, so a declaration describes behaviour without depending on it. Buttons,
permission checks, documents, deadlines, notifications and the state diagram
are all derived from a ``Workflow``; ``engine.transitions.perform_transition``
carries a transition out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional

from workflow.models.user import Role

if TYPE_CHECKING:
    from workflow.engine.context import TransitionContext
    from workflow.models import Application, Procedure


# Who may read what a step records (its history entry, comment and remarks).
APPLICANT = "applicant"  # the applicant, its consortium members and the authority
STAFF = "staff"  # the authority and the ministry only: internal steps such as an unsigned proposal

# What a procedure's amount means for the case's money while the procedure is in a state (``State.money``):
# on its way to the payee and reserved against the grant; ordered, so the budget of its Haushaltsjahr is committed
# too; paid out by the cash office; owed back by the payee; owed no longer because the claim was remitted (Erlass).
MONEY_PENDING, MONEY_ORDERED, MONEY_PAID, MONEY_CLAIMED, MONEY_REMITTED = (
    "pending",
    "ordered",
    "paid",
    "claimed",
    "remitted",
)


@dataclass(frozen=True)
class State:
    name: str
    label: str
    description: str
    final: bool = False
    # The applicant's private working copy: nobody else sees the case, and only here it is edited.
    draft: bool = False
    # Submitted and not yet decided: the requested amount counts as bound in the ledger.
    undecided: bool = False
    # Whose move it is while a case waits here; drives the work queues.
    waiting_for: Optional[Role] = None
    # What a procedure's amount counts as in the case's money here (``MONEY_*``); None: no money moves (a draft,
    # a refusal). The accounts, the budget and the cash file read it from here.
    money: Optional[str] = None


@dataclass(frozen=True)
class Guard:
    """A rule that must hold before a transition may fire.

    ``description`` states the rule in German for people (diagram page, refusal
    headline); ``check`` returns None when the rule holds, otherwise the
    concrete German reason for this case. ``lock``, if given, locks what the
    rule reads beyond the case (a programme's ledger) before it is checked for
    the step itself, so that it holds until the step commits; listing the
    buttons checks without locking.
    """

    description: str
    check: Callable[["TransitionContext"], Optional[str]]
    lock: Optional[Callable[["TransitionContext"], None]] = None


@dataclass(frozen=True)
class DeadlineSpec:
    """A period a transition opens.

    The sweep fires the system transition ``on_reminder`` once the programme's
    ``reminder_days_before`` days before the due day, and ``on_expiry`` once the
    due day is over.
    """

    kind: str
    label: str
    # The last day of the period; None: the step opens none (the period is only sometimes needed).
    due: Callable[["TransitionContext"], "object"]
    on_expiry: Optional[str] = None
    on_reminder: Optional[str] = None
    # The authority's own period (handing a payment to the cash office): not shown to the applicant.
    internal: bool = False


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[Role, ...]
    description: str = ""
    # A transition variant applies only when its condition holds (e.g. which
    # kind of decision is signed); unlike a guard it is not shown as refused.
    condition: Optional[Callable[["TransitionContext"], bool]] = None
    guards: tuple[Guard, ...] = ()
    # A second person: the actor must not be who proposed the decision.
    four_eyes: bool = False
    # A step each organisation of the case takes once, for itself: the clerks of the applicant and of every
    # consortium member may fire it, each organisation once; the callable names the organisations that have
    # (e.g. who has waived remedies). None: only the applicant's clerks act, as often as the state allows.
    once_per_organisation: Optional[Callable[["Application"], set[int]]] = None
    form: Optional[str] = None
    effect: Optional[Callable[["TransitionContext"], None]] = None
    documents: tuple[str, ...] = ()
    # Of these documents every member of a consortium gets its own copy, addressed to it (a Bescheid concerns them all).
    member_copies: tuple[str, ...] = ()
    opens: tuple[DeadlineSpec, ...] = ()
    closes: tuple[str, ...] = ()
    # Who is told (see ``operations.notifications.RECIPIENTS``), and the
    # headline they read in the mail subject and the notification list.
    notify: tuple[str, ...] = ()
    notice: str = ""
    # What kind of news the step is (``engine.notice_kinds``): it decides how each recipient wants to hear of it.
    notice_kind: str = ""
    confirm: Optional[str] = None
    style: str = "primary"
    # May be taken for many cases at once from a list (a round of Bescheide, ``workflow.jobs.rounds``):
    # a step that needs no input beyond the confirmation.
    batch: bool = False
    # Who reads the step in the history, with its comment (``APPLICANT`` or ``STAFF``).
    audience: str = APPLICANT
    # Other states the step may lead to, chosen by its effect (``TransitionContext.target``): a receipt that
    # pays a claim in full settles it, a partial one leaves it where it was.
    outcomes: tuple[str, ...] = ()

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.target, *self.outcomes)


@dataclass(frozen=True)
class Workflow:
    name: str
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    _states: dict[str, State] = field(init=False, repr=False, compare=False)
    _transitions: dict[str, Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_states", {state.name: state for state in self.states})
        object.__setattr__(self, "_transitions", {t.name: t for t in self.transitions})

    def state(self, name: str) -> State:
        return self._states[name]

    def transition(self, name: str) -> Optional[Transition]:
        return self._transitions.get(name)

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def deadline_spec(self, kind: str) -> DeadlineSpec:
        for transition in self.transitions:
            for spec in transition.opens:
                if spec.kind == kind:
                    return spec
        raise KeyError(kind)

    def states_waiting_for(self, role: Role) -> list[str]:
        return [state.name for state in self.states if state.waiting_for == role]


def states_meaning(states: tuple[State, ...], *money: str) -> tuple[str, ...]:
    """The names of those ``states`` whose amount means one of ``money`` (``MONEY_*``)."""
    return tuple(state.name for state in states if state.money in money)


@dataclass(frozen=True)
class ProcedureType:
    """A kind of procedure after the decision (payment, change report, proof of use, revocation) with its own workflow.

    A new procedure starts in ``workflow.initial`` and, in the same step, takes the transition that leaves it;
    that transition's roles say who may start one. ``opens_in``: the case states in which one may be started by a
    person. ``opened_by``: case transitions after which the engine starts one itself (the proof of use opens with
    the grant), as the system. ``single``: at most one per case that is not in a final state; ``single_while``: at
    most one per case in these states (a revocation until it is signed, so that two proposed side by side cannot
    revoke more than was granted, while a claim still open does not bar a later revocation).
    """

    kind: str
    label: str
    workflow: Workflow
    opens_in: tuple[str, ...] = ()
    opened_by: tuple[str, ...] = ()
    single: bool = False
    single_while: tuple[str, ...] = ()
    # Opened after ``opened_by`` only when this holds for the procedure whose step it was (None: a case step).
    opened_when: Optional[Callable[[Optional["Procedure"]], bool]] = None
    # What its letters read about it (``procedure.*`` in a template), from the step's context.
    letter: Optional[Callable[["TransitionContext"], dict]] = None
    # The same keys with sample values: the programme check renders the letters with them.
    letter_sample: dict = field(default_factory=dict)
    # What a person deciding the next step must see of the procedure: (label, value) pairs in German.
    facts: Optional[Callable[["object"], list]] = None

    def starting_transitions(self) -> list[Transition]:
        return self.workflow.transitions_from(self.workflow.initial)

"""THE workflow of an application, declared once as data.

Everything else is derived from this declaration: the buttons on the case
page (``views``), the permission check (``permissions.can_perform``), the
documents a step produces (``documents``), the deadlines it opens and closes
(``deadlines``), the mails it sends (``notifications``) and the state diagram.
``operations.perform_transition`` is the one function that carries a
transition out.

Who may fire a transition is given by roles; what each role means relative to
a case (the applicant's clerk, the reviewer responsible for its Kreis, an
approver of the granting authority) is defined in ``permissions``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from workflow import guards
from workflow.models.user import Role
from workflow.operations import effects
from workflow.operations.attachments import store_uploaded_files


@dataclass(frozen=True)
class State:
    name: str
    label: str
    description: str
    final: bool = False
    # Whose move it is while a case waits here; drives the work queues.
    waiting_for: Optional[Role] = None


@dataclass(frozen=True)
class Guard:
    """A rule that must hold before a transition may fire.

    ``description`` states the rule in German for people (diagram page, refusal
    headline); ``check`` returns None when the rule holds, otherwise the
    concrete German reason for this case.
    """

    description: str
    check: Callable[["effects.TransitionContext"], Optional[str]]


@dataclass(frozen=True)
class DeadlineSpec:
    """A period a transition opens.

    The sweep fires the system transition ``on_reminder`` once the programme's
    ``reminder_days_before`` days before the due day, and ``on_expiry`` once the
    due day is over.
    """

    kind: str
    label: str
    due: Callable[["effects.TransitionContext"], "object"]
    on_expiry: Optional[str] = None
    on_reminder: Optional[str] = None


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
    condition: Optional[Callable[["effects.TransitionContext"], bool]] = None
    guards: tuple[Guard, ...] = ()
    # A second person: the actor must not be who proposed the decision.
    four_eyes: bool = False
    form: Optional[str] = None
    effect: Optional[Callable[["effects.TransitionContext"], None]] = None
    documents: tuple[str, ...] = ()
    opens: tuple[DeadlineSpec, ...] = ()
    closes: tuple[str, ...] = ()
    # Who is told (see ``operations.notifications.RECIPIENTS``), and the
    # headline they read in the mail subject and the notification list.
    notify: tuple[str, ...] = ()
    notice: str = ""
    confirm: Optional[str] = None
    style: str = "primary"


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


DECISION_SOURCES = ("in_review", "answered", "response_overdue")
OPEN_CASE_STATES = ("submitted", "in_review", "information_requested", "response_overdue", "answered", "decision_proposed")
DECIDED_STATES = ("granted", "partially_granted", "rejected")

RESPONSE = DeadlineSpec(
    kind="response",
    label="Frist zur Beantwortung der Nachforderung",
    due=effects.response_due,
    on_expiry="expire_response",
    on_reminder="remind_response",
)
REMEDY = DeadlineSpec(
    kind="remedy",
    label="Klagefrist (Bestandskraft)",
    due=effects.remedy_due,
    on_expiry="become_final",
)

STANDARD = Workflow(
    name="standard",
    initial="draft",
    states=(
        State("draft", "Entwurf", "Der Antrag wird von der Kommune erfasst.", waiting_for=Role.CLERK),
        State("submitted", "Eingereicht", "Der Antrag ist eingegangen und wartet auf Übernahme.", waiting_for=Role.REVIEWER),
        State("in_review", "In Prüfung", "Das Regierungspräsidium prüft den Antrag.", waiting_for=Role.REVIEWER),
        State(
            "information_requested",
            "Nachforderung offen",
            "Die Kommune ist gebeten, Angaben oder Unterlagen nachzureichen.",
            waiting_for=Role.CLERK,
        ),
        State(
            "response_overdue",
            "Frist abgelaufen",
            "Die Frist der Nachforderung ist ohne Antwort abgelaufen; das Regierungspräsidium entscheidet über das weitere Vorgehen.",
            waiting_for=Role.REVIEWER,
        ),
        State("answered", "Nachforderung beantwortet", "Die Kommune hat geantwortet.", waiting_for=Role.REVIEWER),
        State(
            "decision_proposed",
            "Zur Zeichnung vorgelegt",
            "Ein Entscheidungsvorschlag wartet auf die Zeichnung.",
            waiting_for=Role.APPROVER,
        ),
        State("granted", "Bewilligt", "Der Zuwendungsbescheid ist erlassen; die Klagefrist läuft."),
        State("partially_granted", "Teilweise bewilligt", "Der Teilbewilligungsbescheid ist erlassen; die Klagefrist läuft."),
        State("rejected", "Abgelehnt", "Der Ablehnungsbescheid ist erlassen; die Klagefrist läuft."),
        State("final", "Bestandskräftig", "Die Entscheidung ist bestandskräftig.", final=True),
        State("withdrawn", "Zurückgezogen", "Die Kommune hat den Antrag zurückgezogen.", final=True),
    ),
    transitions=(
        Transition(
            "submit",
            "Antrag verbindlich einreichen",
            sources=("draft",),
            target="submitted",
            roles=(Role.CLERK,),
            description="Die Kommune reicht den vollständigen Antrag ein; er erhält ein Aktenzeichen.",
            guards=(
                Guard("Alle Pflichtangaben des Antrags sind vollständig und gültig.", guards.draft_is_complete),
                Guard("Der (gemeinsame) Planungsrahmen erreicht die Mindestgrenze.", guards.threshold_reached),
            ),
            form="submit",
            effect=effects.submit_application,
            documents=("application", "receipt"),
            notify=("applicant", "members", "reviewers"),
            notice="Antrag eingereicht",
        ),
        Transition(
            "take",
            "Antrag zur Prüfung übernehmen",
            sources=("submitted",),
            target="in_review",
            roles=(Role.REVIEWER,),
            description="Eine für den Kreis zuständige Sachbearbeiterin übernimmt den Antrag.",
            effect=effects.assign_reviewer,
        ),
        Transition(
            "request_information",
            "Unterlagen nachfordern",
            sources=("in_review", "answered", "response_overdue"),
            target="information_requested",
            roles=(Role.REVIEWER,),
            description="Das Regierungspräsidium fordert Angaben oder Unterlagen mit Frist nach.",
            form="information_request",
            documents=("information_request",),
            # A new request replaces a period that ran out unanswered.
            closes=("response",),
            opens=(RESPONSE,),
            notify=("applicant",),
            notice="Unterlagen nachgefordert",
            style="secondary",
        ),
        Transition(
            "answer",
            "Nachforderung beantworten",
            sources=("information_requested", "response_overdue"),
            target="answered",
            roles=(Role.CLERK,),
            description="Die Kommune beantwortet die Nachforderung, auch mit Anlagen.",
            form="answer",
            effect=store_uploaded_files,
            closes=("response",),
            notify=("assigned_reviewer",),
            notice="Nachforderung beantwortet",
        ),
        Transition(
            "remind_response",
            "Erinnerung an die Frist der Nachforderung",
            sources=("information_requested",),
            target="information_requested",
            roles=(Role.SYSTEM,),
            description="Einige Tage vor Fristende erinnert Förderweg die Kommune an die offene Nachforderung.",
            guards=(
                Guard(
                    "Das Fristende steht in wenigen Tagen bevor, und die Kommune wurde noch nicht erinnert.",
                    guards.reminder_is_due("response"),
                ),
            ),
            effect=effects.record_reminder,
            notify=("applicant",),
            notice="Erinnerung: Frist der Nachforderung endet bald",
        ),
        Transition(
            "expire_response",
            "Frist der Nachforderung abgelaufen",
            sources=("information_requested",),
            target="response_overdue",
            roles=(Role.SYSTEM,),
            description="Die Frist ist abgelaufen; der Antrag kehrt in die Arbeitsliste der Prüfung zurück.",
            guards=(Guard("Der letzte Tag der Frist ist vorbei.", guards.deadline_has_passed("response")),),
            effect=effects.record_expiry,
            notify=("applicant", "assigned_reviewer"),
            notice="Frist der Nachforderung abgelaufen",
        ),
        Transition(
            "propose_decision",
            "Entscheidung vorschlagen",
            sources=DECISION_SOURCES,
            target="decision_proposed",
            roles=(Role.REVIEWER,),
            description="Die Sachbearbeitung legt eine Bewilligung, Teilbewilligung oder Ablehnung zur Zeichnung vor.",
            form="proposal",
            effect=effects.record_proposal,
            documents=("decision_proposal",),
            closes=("response",),
            notify=("approvers",),
            notice="Entscheidungsvorschlag zur Zeichnung",
        ),
        Transition(
            "return_proposal",
            "Vorschlag zurückgeben",
            sources=("decision_proposed",),
            target="in_review",
            roles=(Role.APPROVER,),
            description="Die Zeichnungsbefugte gibt den Vorschlag mit Bemerkung an die Sachbearbeitung zurück.",
            form="return_comment",
            effect=effects.return_proposal,
            notify=("assigned_reviewer",),
            notice="Entscheidungsvorschlag zurückgegeben",
            style="secondary",
        ),
        *(
            Transition(
                f"sign_{kind}",
                "Zeichnen und Bescheid erlassen",
                sources=("decision_proposed",),
                target=target,
                roles=(Role.APPROVER,),
                description=description,
                condition=effects.proposal_is(kind),
                guards=(Guard("Die Bewilligung bleibt im Planungsrahmen und im Programmbudget.", guards.within_budget),),
                four_eyes=True,
                effect=effects.sign_decision,
                documents=(document,),
                opens=(REMEDY,),
                notify=("applicant", "members", "assigned_reviewer"),
                notice=notice,
                confirm="Mit der Zeichnung wird der Bescheid erlassen. Fortfahren?",
            )
            for kind, target, document, description, notice in (
                (
                    "grant",
                    "granted",
                    "grant_notice",
                    "Zeichnung einer vollen Bewilligung (Zuwendungsbescheid).",
                    "Zuwendungsbescheid erlassen",
                ),
                (
                    "partial_grant",
                    "partially_granted",
                    "partial_grant_notice",
                    "Zeichnung einer Teilbewilligung (Teilbewilligungsbescheid).",
                    "Teilbewilligungsbescheid erlassen",
                ),
                (
                    "rejection",
                    "rejected",
                    "rejection_notice",
                    "Zeichnung einer Ablehnung (Ablehnungsbescheid).",
                    "Ablehnungsbescheid erlassen",
                ),
            )
        ),
        Transition(
            "waive_remedies",
            "Auf Rechtsbehelfe verzichten",
            sources=DECIDED_STATES,
            target="final",
            roles=(Role.CLERK,),
            description="Die Kommune verzichtet auf Rechtsbehelfe; der Bescheid wird sofort bestandskräftig.",
            form="waiver",
            documents=("waiver_confirmation",),
            closes=("remedy",),
            notify=("applicant", "members", "assigned_reviewer"),
            notice="Rechtsbehelfsverzicht erklärt: Bescheid bestandskräftig",
            confirm="Der Verzicht auf Rechtsbehelfe kann nicht zurückgenommen werden. Fortfahren?",
            style="secondary",
        ),
        Transition(
            "become_final",
            "Bestandskraft eingetreten",
            sources=DECIDED_STATES,
            target="final",
            roles=(Role.SYSTEM,),
            description="Die Klagefrist ist abgelaufen; die Entscheidung ist bestandskräftig.",
            guards=(Guard("Der letzte Tag der Klagefrist ist vorbei.", guards.deadline_has_passed("remedy")),),
            effect=effects.record_expiry,
            closes=("remedy",),
            notify=("applicant", "members", "assigned_reviewer"),
            notice="Bescheid bestandskräftig",
        ),
        Transition(
            "withdraw",
            "Antrag zurückziehen",
            sources=OPEN_CASE_STATES,
            target="withdrawn",
            roles=(Role.CLERK,),
            description="Die Kommune zieht den Antrag zurück, solange noch nicht entschieden ist.",
            form="withdrawal",
            effect=effects.release_participation,
            documents=("withdrawal_confirmation",),
            closes=("response",),
            notify=("applicant", "members", "assigned_reviewer"),
            notice="Antrag zurückgezogen",
            confirm="Der Antrag wird zurückgezogen. Das kann nicht rückgängig gemacht werden. Fortfahren?",
            style="danger",
        ),
    ),
)

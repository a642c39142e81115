"""The event types, derived from the workflow declarations: every transition of a case or of a procedure after the
decision is an event; a few have names of their own that a case system expects, the rest are
``<subject>.<transition>`` (``case.take``, ``payment.check_payment``). Renaming a transition renames its event,
so the declarations and the feed cannot drift apart."""

from __future__ import annotations

from typing import Optional

from workflow.engine.declaration import STAFF, Transition, Workflow
from workflow.engine.programmes import all_definitions, definition_for

CASE = "case"

# Steps whose news has a name of its own; the key is (subject, transition) with the case's subject ``case``.
NAMED = {
    (CASE, "submit"): "case.submitted",
    (CASE, "withdraw"): "case.withdrawn",
    (CASE, "request_information"): "information.requested",
    (CASE, "answer"): "information.answered",
    (CASE, "become_final"): "decision.final",
    ("payment", "request_payment"): "payment.requested",
    ("payment", "schedule_payment"): "payment.requested",
    ("payment", "order_payment"): "payment.ordered",
    ("payment", "confirm_execution"): "payment.executed",
    ("payment", "refuse_payment"): "payment.refused",
    ("change", "report_change"): "change.reported",
    ("change", "sign_change"): "change.decided",
    ("proof_of_use", "submit_proof_of_use"): "proof_of_use.submitted",
    ("revocation", "start_hearing"): "hearing.started",
    ("change", "start_change_hearing"): "hearing.started",
    ("revocation", "sign_revocation"): "revocation.issued",
    ("revocation", "sign_revocation_without_claim"): "revocation.issued",
    ("claim", "open_claim"): "claim.created",
    ("claim", "book_receipt"): "claim.receipt_booked",
}
# Every signature of the case's own workflow issues its Bescheid (``sign_grant``, ``sign_rejection``, …).
DECISION_PREFIX = "sign_"


def event_type(workflow: Workflow, transition: Transition, subject: Optional[str]) -> str:
    """The type of the event ``transition`` of ``workflow`` writes; ``subject`` is the procedure's kind, None for
    a step of the case itself. The sweep's reminder and expiry steps are the deadline's, whatever the workflow."""
    subject = subject or CASE
    named = NAMED.get((subject, transition.name))
    if named:
        return named
    specs = [spec for candidate in workflow.transitions for spec in candidate.opens]
    if any(spec.on_reminder == transition.name for spec in specs):
        return "deadline.reminded"
    if any(spec.on_expiry == transition.name for spec in specs):
        return "deadline.expired"
    if subject == CASE and transition.name.startswith(DECISION_PREFIX):
        return "decision.issued"
    return f"{subject}.{transition.name}"


def all_event_types() -> list[str]:
    """Every type an installed programme's steps can write, for subscriptions and the documentation."""
    found = set()
    for definition in all_definitions():
        found.update(
            event_type(definition.workflow, transition, None) for transition in definition.workflow.transitions
        )
        for procedure_type in definition.procedures:
            workflow = procedure_type.workflow
            found.update(event_type(workflow, transition, procedure_type.kind) for transition in workflow.transitions)
    return sorted(found)


def declared(programme: str, kind: Optional[str], name: str) -> tuple[str, str]:
    """The event type and audience of step ``name`` (of a procedure of ``kind``, or of the case) as the programme
    declares it. A step the installed programme no longer knows is ``<subject>.<transition>`` and, like an internal
    step, for the authority only."""
    try:
        definition = definition_for(programme)
        workflow = definition.procedure_type(kind).workflow if kind else definition.workflow
    except LookupError:
        workflow = None
    transition = workflow.transition(name) if workflow is not None else None
    if transition is None:
        return f"{kind or CASE}.{name}", STAFF
    return event_type(workflow, transition, kind), transition.audience

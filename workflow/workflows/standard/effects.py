"""What individual transitions do to a case, beyond changing its state.

Each effect runs inside ``perform_transition``'s database transaction, after
permission and guard checks, with the case row locked.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from sqlalchemy import delete

from workflow import clock, deadlines
from workflow.workflows.standard import decisions, guards, membership
from workflow.models import (
    Consortium,
    ConsortiumMember,
    Participation,
    PositionRuling,
    Proposal,
)
from workflow.models.application import PROPOSAL_REJECTION
from workflow.operations.attachments import adopt_draft_attachments
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.measures import stored_row
from workflow.engine.programmes import case_settings, definition_for
from workflow.engine.settings import to_json
from workflow.operations.file_numbers import next_file_number


def response_due(ctx: TransitionContext) -> date:
    return deadlines.end_of_day_period(ctx.today, int(ctx.payload["period_days"]))


def remedy_due(ctx: TransitionContext) -> date:
    settings = case_settings(ctx.application)
    notified = deadlines.notification_date(ctx.today, settings.notification_fiction_days)
    return deadlines.end_of_month_period(notified, settings.remedy_period_months)


def record_reminder(ctx: TransitionContext) -> None:
    _stamp_swept_deadline(ctx, "reminded_at")


def record_expiry(ctx: TransitionContext) -> None:
    _stamp_swept_deadline(ctx, "expired_at")


def _stamp_swept_deadline(ctx: TransitionContext, column: str) -> None:
    deadline = guards.swept_deadline(ctx)
    setattr(deadline, column, clock.now())
    ctx.details.update(deadline=deadline.kind, due_on=deadline.due_on.isoformat())


def submit_application(ctx: TransitionContext) -> None:
    """Freeze the validated draft into the case, bind its organisations, number it.

    The case keeps the programme version it was checked against, which is the active
    one: a draft started under an older version is checked and submitted under the newer.
    """
    application = ctx.application
    if not application.programme_version.is_active:
        raise TransitionRefused(
            "Die Einstellungen des Programms wurden inzwischen geändert. Bitte prüfen Sie die Zusammenfassung "
            "erneut; sie richtet sich nach der geltenden Fassung."
        )
    if ctx.payload.get("revision") != application.revision:
        raise TransitionRefused(
            "Der Antrag wurde nach dem Aufruf der Zusammenfassung noch geändert. "
            "Bitte prüfen Sie die Zusammenfassung erneut und reichen Sie dann ein."
        )
    data = guards.validated_draft(ctx).data
    figures = guards.draft_figures(ctx)
    organisation_ids = [application.applicant_id, *data.member_ids]
    # What reads or locks rows comes first (replacing the positions reads the old ones), so that the case's own
    # changes reach the database in one UPDATE. A member whose word is still open is not bound by the uploaded
    # agreement until the reviewer has checked it (``membership``).
    membership.bind_participants(
        ctx.session, application, [application.applicant_id, *membership.confirmed_member_ids(ctx.session, application)]
    )
    adopt_draft_attachments(ctx)
    file_number = next_file_number(ctx.session, application.programme.file_number_prefix, ctx.today.year)
    shape = definition_for(application.programme.code).schema.measure_shape
    application.positions = [stored_row(shape, index, item) for index, item in enumerate(figures.measures)]
    for name in ("contact_name", "contact_phone", "contact_email", "account_holder", "iban", "bic", "bank_name"):
        setattr(application, name, getattr(data, name))
    if data.joint:
        application.consortium = Consortium(
            programme_id=application.programme_id,
            name=data.consortium_name,
            lead_id=application.applicant_id,
            members=[ConsortiumMember(organisation_id=org_id) for org_id in organisation_ids],
        )
    application.computed_amount = figures.computed_amount
    application.pooled_allocation = figures.cap
    application.requested_amount = figures.requested_amount
    application.details = {**to_json(data.details), **to_json(figures.details)}
    application.submitted_at = clock.now()
    application.file_number = file_number
    ctx.details.update(
        file_number=application.file_number,
        requested_amount=str(figures.requested_amount),
        programme_version=application.programme_version.number,
        **({"cap": str(figures.cap)} if figures.cap is not None else {}),
    )


def release_participation(ctx: TransitionContext) -> None:
    ctx.session.execute(delete(Participation).where(Participation.application_id == ctx.application.id))


def assign_reviewer(ctx: TransitionContext) -> None:
    ctx.application.reviewer_id = ctx.actor.id


def record_proposal(ctx: TransitionContext) -> None:
    """A proposal that decides every position; its kind and total follow from the positions."""
    rulings = decisions.rule_positions(ctx.application, list(ctx.payload.get("positions") or []))
    amount = decisions.granted_total(ctx.application, rulings)
    kind = decisions.kind_of(rulings, ctx.application.requested_amount, amount)
    ctx.application.proposals.append(
        Proposal(
            kind=kind,
            amount=amount,
            reasons=ctx.payload.get("comment", ""),
            proposed_by_id=ctx.actor.id,
            proposed_at=clock.now(),
            rulings=[
                PositionRuling(
                    position_id=r.position.id,
                    outcome=r.outcome,
                    fte=r.fte,
                    funding_start=r.funding_start,
                    funding_end=r.funding_end,
                    amount=r.amount,
                    reason=r.reason,
                )
                for r in rulings
            ],
        )
    )
    ctx.details.update(
        kind=kind,
        amount=str(amount),
        positions=[
            {"position": r.position.sort_order + 1, "outcome": r.outcome, "amount": str(r.amount)} for r in rulings
        ],
    )


def return_proposal(ctx: TransitionContext) -> None:
    proposal = ctx.application.open_proposal
    proposal.status = Proposal.RETURNED
    proposal.decided_by_id = ctx.actor.id
    proposal.decided_at = clock.now()
    proposal.decision_comment = ctx.payload.get("comment", "")


def proposal_is(kind: str) -> Callable[[TransitionContext], bool]:
    def condition(ctx: TransitionContext) -> bool:
        proposal = ctx.application.open_proposal
        return proposal is not None and proposal.kind == kind

    condition.__name__ = f"proposal_is_{kind}"
    return condition


def sign_decision(ctx: TransitionContext) -> None:
    """Sign the open proposal; its budget guard was checked under the programme's ledger lock."""
    application = ctx.application
    proposal = application.open_proposal
    proposal.status = Proposal.SIGNED
    proposal.decided_by_id = ctx.actor.id
    proposal.decided_at = clock.now()
    application.decision_kind = proposal.kind
    application.decided_at = proposal.decided_at
    if proposal.kind == PROPOSAL_REJECTION:
        release_participation(ctx)
    else:
        application.granted_amount = proposal.amount
    ctx.details.update(kind=proposal.kind, amount=str(proposal.amount))

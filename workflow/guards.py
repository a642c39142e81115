"""Guards of the workflow: rules that must hold before a transition fires.

Each returns None when the rule holds, otherwise the German reason for this
case. Guards only read; what must also hold under concurrency (the budget) is
checked again by the effect while it holds the lock.
"""
from __future__ import annotations

from typing import Optional

from workflow import drafts, ledger
from workflow.formatting import euro
from workflow.operations.context import TransitionContext


def validated_draft(ctx: TransitionContext):
    """The bound application form of the draft, validated once per transition."""
    if "form" not in ctx.cache:
        form = drafts.bind_draft(ctx.session, ctx.application, csrf=False)
        form.validate()
        ctx.cache["form"] = form
    return ctx.cache["form"]


def draft_figures(ctx: TransitionContext) -> Optional[drafts.ApplicationFigures]:
    form = validated_draft(ctx)
    if form.errors:
        return None
    if "figures" not in ctx.cache:
        ctx.cache["figures"] = drafts.compute_figures(
            ctx.session, ctx.application.programme, ctx.application.applicant, form.cleaned()
        )
    return ctx.cache["figures"]


def draft_is_complete(ctx: TransitionContext) -> Optional[str]:
    form = validated_draft(ctx)
    if not form.errors:
        return None
    return "Der Antrag ist noch nicht vollständig. Bitte ergänzen oder korrigieren Sie die markierten Angaben im Formular."


def threshold_reached(ctx: TransitionContext) -> Optional[str]:
    figures = draft_figures(ctx)
    if figures is None:
        return None  # an incomplete draft is refused by draft_is_complete already
    return drafts.threshold_message(figures, validated_draft(ctx).cleaned().joint)


def budget_problem(ctx: TransitionContext, amount) -> Optional[str]:
    """Why granting ``amount`` would over-commit the allocation or the budget, if it would."""
    application = ctx.application
    programme = application.programme
    organisation_ids = ledger.application_organisation_ids(application)
    pooled = ledger.pooled_allocation(ctx.session, programme, organisation_ids)
    already = ledger.granted_to_organisations(ctx.session, programme, organisation_ids, application.id)
    if already + amount > pooled:
        return (
            f"Die Bewilligung von {euro(amount)} überschreitet den Planungsrahmen von {euro(pooled)}"
            + (f" (davon bereits bewilligt: {euro(already)})." if already else ".")
        )
    granted = ledger.granted_total(ctx.session, programme)
    if granted + amount > programme.budget:
        return (
            f"Die Bewilligung von {euro(amount)} überschreitet das verbleibende Programmbudget von "
            f"{euro(programme.budget - granted)}."
        )
    return None


def within_budget(ctx: TransitionContext) -> Optional[str]:
    proposal = ctx.application.open_proposal
    if proposal is None:
        return "Es liegt kein offener Entscheidungsvorschlag vor."
    return budget_problem(ctx, proposal.amount)

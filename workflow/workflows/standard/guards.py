"""Guards of the workflow: rules that must hold before a transition fires.

Each returns None when the rule holds, otherwise the German reason for this
case. Guards only read; what must also hold under concurrency (the budget) is
checked again by the effect while it holds the lock.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any, Callable, Optional

from sqlalchemy import select

from workflow.workflows.standard import drafts
from workflow.money import ledger
from workflow.reference.authorities import deciding_authority
from workflow.engine.context import TransitionContext
from workflow.engine.programmes import case_settings, definition_for
from workflow.engine.rules import ApplicationFigures
from workflow.formatting import date_de, euro
from workflow.db import lock_row
from workflow.letters import dispatch
from workflow.models import Deadline, Programme


def validated_draft(ctx: TransitionContext):
    """The draft checked by its programme's schema and rules, once per transition."""
    if "validation" not in ctx.cache:
        ctx.cache["validation"] = drafts.validate_draft(ctx.session, ctx.application)
    return ctx.cache["validation"]


def draft_figures(ctx: TransitionContext) -> Optional[ApplicationFigures]:
    validation = validated_draft(ctx)
    if not validation.valid:
        return None
    if "figures" not in ctx.cache:
        ctx.cache["figures"] = drafts.compute_figures(ctx.session, ctx.application, validation.data)
    return ctx.cache["figures"]


def draft_is_complete(ctx: TransitionContext) -> Optional[str]:
    if validated_draft(ctx).valid:
        return None
    return (
        "Der Antrag ist noch nicht vollständig. Bitte ergänzen oder korrigieren Sie die markierten Angaben im Formular."
    )


def applicant_is_eligible(ctx: TransitionContext) -> Optional[str]:
    """The programme's own refusal for this applicant, if any."""
    figures = draft_figures(ctx)
    return figures.refusal if figures is not None else None  # an incomplete draft is refused by draft_is_complete


def application_window_open(ctx: TransitionContext) -> Optional[str]:
    """The programme's application deadline or window, computed for today."""
    definition = definition_for(ctx.application.programme.code)
    validation = validated_draft(ctx)
    return definition.rules.application_window(case_settings(ctx.application), ctx.today, validation.data)


def budget_problem(ctx: TransitionContext, amount) -> Optional[str]:
    """Why granting ``amount`` would exceed the programme's own limit for this applicant or the budget, if it would."""
    application = ctx.application
    programme = application.programme
    rules = definition_for(programme.code).rules
    limit = ctx.programme_figure(
        _limit_key(application.id),
        lambda: rules.grant_limits(ctx.session, programme, [application]).get(application.id),
    )
    problem = rules.grant_problem(case_settings(application), application, amount, limit)
    if problem:
        return problem
    granted = ctx.programme_figure(f"granted:{programme.id}", lambda: ledger.granted_total(ctx.session, programme))
    if granted + amount > programme.budget:
        return (
            f"Die Bewilligung von {euro(amount)} überschreitet das verbleibende Programmbudget von "
            f"{euro(programme.budget - granted)}."
        )
    return None


def _limit_key(application_id: int) -> str:
    return f"limit:{application_id}"


def read_grant_limits(session, applications: list, programme_figures: dict[str, Any]) -> None:
    """Reads the applicants' own limits of a whole list into its ``programme_figures``, one read per programme,
    so that showing which of them could be granted costs no statement per case."""
    by_programme = defaultdict(list)
    for application in applications:
        by_programme[application.programme].append(application)
    for programme, group in by_programme.items():
        for application_id, limit in (
            definition_for(programme.code).rules.grant_limits(session, programme, group).items()
        ):
            programme_figures[_limit_key(application_id)] = limit


def lock_programme_ledger(ctx: TransitionContext) -> None:
    """Every grant and payment of a programme is checked against its budget under this one lock."""
    lock_row(ctx.session, Programme, ctx.application.programme_id)


def within_budget(ctx: TransitionContext) -> Optional[str]:
    proposal = ctx.application.open_proposal
    if proposal is None:
        return "Es liegt kein offener Entscheidungsvorschlag vor."
    return budget_problem(ctx, proposal.amount)


def swept_deadline(ctx: TransitionContext) -> Optional[Deadline]:
    """The open deadline of this case that the sweep names in the payload, read fresh.

    The transition holds the case's lock, and every change to a case's
    deadlines happens under that lock; re-reading the row here (not from the
    session's cache) is what lets a second, concurrent sweep see the first
    one's work and stand back.
    """
    if "deadline" not in ctx.cache:
        ctx.cache["deadline"] = ctx.session.scalars(
            select(Deadline)
            .where(
                Deadline.id == ctx.payload.get("deadline_id"),
                Deadline.application_id == ctx.application.id,
                Deadline.status == Deadline.OPEN,
            )
            .execution_options(populate_existing=True)
        ).one_or_none()
    return ctx.cache["deadline"]


def _open_deadline_problem(ctx: TransitionContext, kind: str) -> Optional[str]:
    deadline = swept_deadline(ctx)
    if deadline is None or deadline.kind != kind:
        return "Diese Frist ist bei diesem Antrag nicht (mehr) offen."
    if deadline.expired_at is not None:
        return f"Der Ablauf der Frist am {date_de(deadline.due_on)} ist bereits vermerkt."
    return None


def deadline_has_passed(kind: str) -> Callable[[TransitionContext], Optional[str]]:
    """The deadline's last day is over (§ 188 BGB: the period ends with the end of that day)."""

    def check(ctx: TransitionContext) -> Optional[str]:
        problem = _open_deadline_problem(ctx, kind)
        if problem:
            return problem
        due_on = swept_deadline(ctx).due_on
        return None if ctx.today > due_on else f"Die Frist läuft noch bis zum Ende des {date_de(due_on)}."

    return check


def copies_notified(ctx: TransitionContext) -> Optional[str]:
    """Every copy of the decision went out: a member's copy still to be posted has no Bekanntgabe, so no Klagefrist."""
    return dispatch.unposted_problem(ctx.session, ctx.application.id)


def reminder_is_due(kind: str) -> Callable[[TransitionContext], Optional[str]]:
    """The programme's reminder days before the due day have begun, and nobody was reminded yet.

    Once the period is over a reminder would come too late; the expiry tells
    the applicant instead.
    """

    def check(ctx: TransitionContext) -> Optional[str]:
        problem = _open_deadline_problem(ctx, kind)
        if problem:
            return problem
        deadline = swept_deadline(ctx)
        if deadline.reminded_at is not None:
            return "An diese Frist wurde bereits erinnert."
        remind_from = deadline.due_on - timedelta(days=case_settings(ctx.application).reminder_days_before)
        if ctx.today < remind_from:
            return f"Die Erinnerung ist erst ab dem {date_de(remind_from)} vorgesehen."
        if ctx.today > deadline.due_on:
            return f"Die Frist ist am {date_de(deadline.due_on)} abgelaufen; eine Erinnerung käme zu spät."
        return None

    return check


def addressees_have_postal_address(ctx: TransitionContext) -> Optional[str]:
    """A Bescheid goes to the applicant and, for a consortium, a copy to every member: all need an address."""
    addressees = [ctx.application.applicant, *ctx.application.member_organisations]
    missing = [org.label for org in addressees if not org.has_postal_address]
    if not missing:
        return None
    names = ", ".join(missing)
    return (
        f"Ohne Postanschrift kann der Bescheid nicht bekannt gegeben werden. Es fehlt die Anschrift (Straße, PLZ "
        f"und Ort) von: {names}. Die Administration kann Anschriften unter „Verwaltung › Anschriften“ einspielen."
    )


def competent_court_is_known(ctx: TransitionContext) -> Optional[str]:
    """The Rechtsbehelfsbelehrung must name the competent court; it comes from the reference data."""
    if deciding_authority(ctx.application).court is not None:
        return None
    return (
        f"Für {ctx.application.applicant.label} ist kein zuständiges Verwaltungsgericht hinterlegt; die "
        "Rechtsbehelfsbelehrung könnte es nicht nennen. Bitte „foerderweg init“ ausführen lassen."
    )

"""The page of each form a step is taken with: what it shows beside the fields, what opening it prepares, and what
the person reads once the step is done. A form without a page of its own gets the plain one; the views look the page
up and never ask which form they are showing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from flask import flash, g, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from forms.transitions import PERIOD_DAYS
from workflow import clock, deadlines, formatting
from workflow.db import db
from workflow.engine.programmes import case_settings, definition_for, workflow_of
from workflow.history import visible_history
from workflow.letters import summary
from workflow.models import Deadline
from workflow.operations.drafts import save_draft
from workflow.operations.waivers import waiver_status
from workflow.views import next_steps
from workflow.views.applications import render_checked
from workflow.views.summaries import summary_of_draft
from workflow.workflows.post_award.payments import requestable_on
from workflow.models.application import GRANTED
from workflow.workflows.standard import decision_preview, drafts

# What a page shows beside its form: a dict for the template, or another response that replaces the page.
Context = Union[dict[str, Any], Response, tuple]


@dataclass(frozen=True)
class ActionPage:
    template: str = "cases/action.html"
    # What the page shows beside the form's fields, for the case and the step's action.
    context: Callable[[Any, Any], Context] = lambda application, action: {}
    # What opening the page does first (GET), handing back the case as it now is; and the form it then fills.
    opened: Callable[[Any, Any], Any] = lambda application, user: application
    filled: Callable[[Any, Any], None] = lambda form, application: None
    # The flash once the step is done.
    done: Optional[Callable[[Any, Any], str]] = None
    # What the page computes from the form as filled in, without saving (the proposal's amounts), beside the context.
    calculated: Callable[[Any, Any], dict[str, Any]] = lambda application, form: {}

    def done_message(self, transition, application, subject: str) -> str:
        if self.done is not None:
            return self.done(transition, application)
        state = workflow_of(application).state(application.state)
        return next_steps.done_message(transition, state, subject, _periods_opened(transition, application))


def _open_deadlines(application) -> list[Deadline]:
    return db.session.scalars(
        select(Deadline)
        .where(Deadline.application_id == application.id, Deadline.status == Deadline.OPEN)
        .order_by(Deadline.due_on)
    ).all()


def _periods_opened(transition, application) -> list:
    """(label, last day) of each period the step opened, for the message after it."""
    kinds = {spec.kind for spec in transition.opens}
    definition = definition_for(application.programme.code)
    return [(definition.deadline_spec(d.kind).label, d.due_on) for d in _open_deadlines(application) if d.kind in kinds]


def _submission(application, action) -> Context:
    """The summary to confirm: every figure as it will be submitted, or the form again if the draft is incomplete."""
    validation = drafts.validate_draft(db.session, application)
    if not validation.valid:
        flash("Der Antrag ist noch nicht vollständig. Bitte ergänzen Sie die markierten Angaben.", "warning")
        return render_checked(application)
    data = validation.data
    figures = drafts.compute_figures(db.session, application, data)
    definition = definition_for(application.programme.code)
    return {
        "data": data,
        "figures": figures,
        "refusal": figures.refusal
        or definition.rules.application_window(case_settings(application), clock.today(), data),
        # Not the applicant's fault and curable without editing the figures: the members' consent.
        "waiting_for": action.blocked_by,
        "declarations": [text for _, text in definition.schema.declarations],
        "declaration_names": [name for name, _ in definition.schema.declarations],
        # Each row of the summary links to its field on the form.
        "change_url": url_for("applications.edit", application_id=application.id),
        **summary_of_draft(application, data, figures, drafts.members_of(db.session, data)),
    }


def _proposal(application, action) -> Context:
    """The positions as applied for and the case's key figures, beside the rulings the reviewer proposes."""
    definition = definition_for(application.programme.code)
    settings = case_settings(application)
    return {
        "schema": definition.schema,
        "positions": summary.case_positions(definition, settings, application.positions),
        "facts": definition.rules.case_facts(db.session, settings, application),
        # Said of the grant when every measure is granted as applied above the capped request.
        "capped_note": definition.rules.capped_note if definition.rules.grants_up_to_cap else "",
    }


def _as_applied(form, application) -> None:
    # „Wie beantragt bewilligen“ on the case page opens the form with every measure granted as applied.
    if request.args.get("wie_beantragt"):
        for entry in form.rulings:
            entry.form.outcome.data = GRANTED


def on_its_field(form, refusal) -> None:
    """A ruling the rules refuse shows its message, naming the measure, on its field – unless the form's own check
    already put one there (the same fault said twice would stand twice in the error summary)."""
    field = form.rulings[refusal.index].form[refusal.field]
    if not field.errors:
        field.errors = [refusal.message]


def _calculated(application, form) -> dict[str, Any]:
    """The amounts the rulings come to as filled in; a ruling the rules refuse shows its message on its field."""
    calculation = decision_preview.calculate(application, form.payload()["positions"])
    for refusal in calculation.refusals:
        on_its_field(form, refusal)
    return {"calculation": calculation}


def as_applied_label(application) -> str:
    """The label of the case page's shortcut to a proposal that grants every measure as applied; for a request held
    to the programme's cap it says that the grant is held to it too."""
    rules = definition_for(application.programme.code).rules
    requested, computed = application.requested_amount, application.computed_amount
    capped = rules.grants_up_to_cap and requested is not None and computed is not None and requested < computed
    return "Wie beantragt bewilligen" + (f" ({rules.capped_note})" if capped else "")


def _answered_request(application, action) -> Context:
    """What was asked, on the page that answers it: the text, the documents and the period."""
    history = [step.entry for step in visible_history(db.session, g.user, application) if step.procedure is None]
    opened = _open_deadlines(application)
    return {"requests": next_steps.open_requests(workflow_of(application), history, opened, [action])}


def period_ends(today) -> dict[int, str]:
    """The last day of a period of each number of days a request may give, as the page shows it while one types
    (§ 31 LVwVfG: a period ending on a weekend or holiday ends on the next working day)."""
    return {days: formatting.date_de(deadlines.end_of_day_period(today, days)) for days in PERIOD_DAYS}


def _revision(form, application) -> None:
    # Submitting checks that the summary confirmed is still the draft's version.
    form.revision.data = application.revision


ACTION_PAGES: dict[Optional[str], ActionPage] = {
    "submit": ActionPage(
        template="cases/submit.html",
        context=_submission,
        # The draft is checked against the programme version in force before its summary is shown.
        opened=lambda application, user: save_draft(db.session, application.id, user),
        filled=_revision,
        done=lambda transition, application: (
            f"Der Antrag ist eingereicht (Aktenzeichen: {application.file_number}). Die Eingangsbestätigung steht im "
            "Verlauf; als Nächstes prüft die Bewilligungsstelle den Antrag."
        ),
    ),
    "proposal": ActionPage(context=_proposal, filled=_as_applied, calculated=_calculated),
    "answer": ActionPage(context=_answered_request),
    "information_request": ActionPage(context=lambda application, action: {"due_dates": period_ends(clock.today())}),
    "waiver": ActionPage(context=lambda application, action: {"waivers": waiver_status(application)}),
}


def _requestable(application, action, procedure) -> dict[str, Any]:
    return {"requestable": requestable_on(db.session, application, clock.today())}


# What a procedure step's page shows beside its form, by the form's name: a Mittelabruf shows what may be requested.
PROCEDURE_PAGES: dict[str, Callable[[Any, Any, Any], dict[str, Any]]] = {
    "payment_request": _requestable,
    "cost_payment_request": _requestable,
}


def action_page(form_name: Optional[str]) -> ActionPage:
    return ACTION_PAGES.get(form_name, ActionPage())


def procedure_page_context(form_name: Optional[str], application, action, procedure) -> dict[str, Any]:
    shown = PROCEDURE_PAGES.get(form_name)
    return shown(application, action, procedure) if shown else {}

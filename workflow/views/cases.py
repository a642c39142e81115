"""The case page and the workflow actions on it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from forms.transitions import PERIOD_DAYS, TRANSITION_FORMS
from workflow.workflows.standard import after_decision, drafts
from workflow import clock, deadlines, formatting, permissions
from workflow.money import ledger
from workflow.views import next_steps
from workflow.letters import summary
from workflow.security.auth import login_required
from workflow.db import db
from workflow.workflows.standard import membership
from workflow.engine.actions import action_for, available_actions
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import ALLOCATION, case_settings, definition_for, workflow_of
from workflow.engine.settings import to_json
from workflow.engine.transitions import perform_transition
from workflow.history import visible_history
from workflow.models import Deadline
from workflow.operations.drafts import save_draft
from workflow.operations.waivers import waiver_status
from workflow.views.shared import load_visible_application
from workflow.views.applications import render_checked

bp = Blueprint("cases", __name__, url_prefix="/antraege")


@bp.get("/<int:application_id>")
@login_required
def show(application_id: int):
    session = db.session
    application = load_visible_application(session, application_id)
    if permissions.can_edit_draft(g.user, application):
        return redirect(url_for("applications.edit", application_id=application.id))
    workflow = workflow_of(application)
    history = visible_history(session, g.user, application)
    open_deadlines = _open_deadlines(session, application)
    actions = available_actions(session, g.user, application)
    definition = definition_for(application.programme.code)
    after = after_decision.overview(session, g.user, application)
    allocations = {}
    if ALLOCATION in definition.reference_data:
        allocations = {
            org_id: f"Planungsrahmen {formatting.euro(amount)}"
            for org_id, amount in ledger.allocations_by_organisation(
                session, application.programme, ledger.application_organisation_ids(application)
            ).items()
        }
    return render_template(
        "cases/show.html",
        application=application,
        workflow=workflow,
        state=workflow.state(application.state),
        actions=actions,
        now=next_steps.next_steps(
            g.user,
            application,
            workflow,
            [step.entry for step in history if step.procedure is None],
            open_deadlines,
            actions,
            after,
            clock.today(),
        ),
        history=history,
        open_deadlines=open_deadlines,
        visible_document=permissions.document_visibility(g.user, application),
        facts=definition.rules.case_facts(session, case_settings(application), application),
        sees_internal=permissions.can_view_internal(g.user, application),
        may_download_dossier=permissions.can_download_dossier(g.user, application),
        decision=application.signed_proposal,
        definition=definition,
        after_decision=after,
        waivers=waiver_status(application) if _shows_waivers(workflow, application) else None,
        member_consent=membership.consent_labels(session, application),
        **summary_of_case(application, allocations),
    )


def _open_deadlines(session, application) -> list[Deadline]:
    return session.scalars(
        select(Deadline)
        .where(Deadline.application_id == application.id, Deadline.status == Deadline.OPEN)
        .order_by(Deadline.due_on)
    ).all()


def _shows_waivers(workflow, application) -> bool:
    """While organisations may still waive, and once any has: who has waived and who is missing."""
    waivable = any(t.once_per_organisation for t in workflow.transitions_from(application.state))
    return waivable or bool(application.remedy_waivers)


def summary_of_case(application, allocations) -> dict:
    """What ``cases/_summary.html`` shows, from a submitted case."""
    definition = definition_for(application.programme.code)
    settings = case_settings(application)
    return {
        "applicant": application.applicant,
        "joint": application.is_joint,
        "consortium_name": application.consortium.name if application.is_joint else None,
        "members": application.member_organisations,
        "per_organisation": allocations,
        "contact_name": application.contact_name,
        "contact_phone": application.contact_phone,
        "contact_email": application.contact_email,
        "account_holder": application.account_holder,
        "iban": formatting.iban(application.iban),
        "bic": application.bic,
        "schema": definition.schema,
        "application_values": summary.application_values(definition, settings, application.details),
        "positions": summary.case_positions(definition, settings, application.positions),
    }


def summary_of_draft(application, data, figures, members) -> dict:
    """What ``cases/_summary.html`` shows, from a validated draft before submission."""
    definition = definition_for(application.programme.code)
    return {
        "applicant": application.applicant,
        "joint": data.joint,
        "consortium_name": data.consortium_name,
        "members": members,
        "per_organisation": figures.per_organisation,
        "contact_name": data.contact_name,
        "contact_phone": data.contact_phone,
        "contact_email": data.contact_email,
        "account_holder": data.account_holder,
        "iban": formatting.iban(data.iban),
        "bic": data.bic,
        "schema": definition.schema,
        "application_values": summary.application_values(definition, case_settings(application), to_json(data.details)),
        "positions": summary.draft_positions(definition, case_settings(application), figures),
    }


def _action_page(application, action, form, status=200, error=None):
    template = "cases/submit.html" if action.transition.form == "submit" else "cases/action.html"
    context = {}
    if action.transition.form == "submit":
        validation = drafts.validate_draft(db.session, application)
        if not validation.valid:
            flash("Der Antrag ist noch nicht vollständig. Bitte ergänzen Sie die markierten Angaben.", "warning")
            return render_checked(application)
        data = validation.data
        figures = drafts.compute_figures(db.session, application, data)
        definition = definition_for(application.programme.code)
        context = {
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
    if action.transition.form == "proposal":
        definition = definition_for(application.programme.code)
        settings = case_settings(application)
        context = {
            "schema": definition.schema,
            "positions": summary.case_positions(definition, settings, application.positions),
            "facts": definition.rules.case_facts(db.session, settings, application),
        }
    if action.transition.form == "waiver":
        context = {"waivers": waiver_status(application)}
    if action.transition.form == "answer":
        # What was asked, on the page that answers it: the text, the documents and the period.
        history = [step.entry for step in visible_history(db.session, g.user, application) if step.procedure is None]
        opened = _open_deadlines(db.session, application)
        context = {"requests": next_steps.open_requests(workflow_of(application), history, opened, [action])}
    if action.transition.form == "information_request":
        context = {"due_dates": period_ends(clock.today())}
    # The proposal in wait (shown on several action pages) is laid out by the measures' shape.
    context.setdefault("schema", definition_for(application.programme.code).schema)
    workflow = workflow_of(application)
    return (
        render_template(
            template,
            application=application,
            state=workflow.state(application.state),
            action=action,
            form=form,
            error=error,
            sees_internal=permissions.can_view_internal(g.user, application),
            **context,
        ),
        status,
    )


@bp.route("/<int:application_id>/aktionen/<name>", methods=["GET", "POST"])
@login_required
def action(application_id: int, name: str):
    session = db.session
    application = load_visible_application(session, application_id)
    transition = workflow_of(application).transition(name)
    if transition is None:
        abort(404)
    action = action_for(session, g.user, application, name)
    if action is None:
        if application.state not in transition.sources:
            raise TransitionRefused(f"„{transition.label}“ ist im aktuellen Status des Antrags nicht möglich.")
        abort(403)
    form_class = TRANSITION_FORMS[transition.form]
    if request.method == "GET":
        if transition.form == "submit":
            application = save_draft(session, application.id, g.user)  # checked against the version in force
        form = form_class(application=application, actor=g.user, formdata=None)
        if transition.form == "submit":
            form.revision.data = application.revision
        return _action_page(application, action, form)
    form = form_class(application=application, actor=g.user)
    if not form.validate():
        return _action_page(application, action, form, 422)
    try:
        perform_transition(session, application.id, name, g.user, form.payload(), files=form.files())
    except TransitionRefused as refusal:
        application = load_visible_application(session, application_id)
        return _action_page(application, action, form, refusal.status, refusal.message)
    flash(_done_message(transition, application), "success")
    return redirect(url_for("cases.show", application_id=application_id))


def period_ends(today) -> dict[int, str]:
    """The last day of a period of each number of days a request may give, as the page shows it while one types
    (§ 31 LVwVfG: a period ending on a weekend or holiday ends on the next working day)."""
    return {days: formatting.date_de(deadlines.end_of_day_period(today, days)) for days in PERIOD_DAYS}


def _done_message(transition, application) -> str:
    if transition.form == "submit":
        return (
            f"Der Antrag ist eingereicht, Aktenzeichen {application.file_number}. Die Eingangsbestätigung steht im "
            "Verlauf; als Nächstes übernimmt das Regierungspräsidium die Prüfung."
        )
    opened = [
        (definition_for(application.programme.code).deadline_spec(d.kind).label, d.due_on)
        for d in _open_deadlines(db.session, application)
        if d.kind in {spec.kind for spec in transition.opens}
    ]
    return next_steps.done_message(transition, workflow_of(application).state(application.state), "Der Antrag", opened)

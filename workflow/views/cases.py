"""The case page and the workflow actions on it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from forms.transitions import TRANSITION_FORMS
from workflow.workflows.standard import after_decision
from workflow import clock, formatting, permissions
from workflow.money import ledger
from workflow.views import next_steps
from workflow.security.auth import login_required
from workflow.db import db
from workflow.workflows.standard import membership
from workflow.workflows.standard.decisions import RulingRefused
from workflow.engine.actions import action_for, available_actions, start_actions
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import ALLOCATION, case_settings, definition_for, workflow_of
from workflow.engine.transitions import perform_transition
from workflow.history import visible_history
from workflow.letters import dispatch
from workflow.models import Deadline
from workflow.operations.waivers import waiver_status
from workflow.views.shared import load_visible_application
from workflow.reference.authorities import deciding_authority
from workflow.views.action_pages import action_page, as_applied_label, on_its_field
from workflow.views.inbox import offer_next
from workflow.views.summaries import summary_of_case

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
    definition = definition_for(application.programme.code)
    internal = permissions.can_view_internal(g.user, application)
    open_deadlines = [
        deadline
        for deadline in session.scalars(
            select(Deadline)
            .where(Deadline.application_id == application.id, Deadline.status == Deadline.OPEN)
            .order_by(Deadline.due_on)
        )
        if internal or not definition.deadline_spec(deadline.kind).internal
    ]
    actions = available_actions(session, g.user, application)
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
            () if after is not None else start_actions(session, g.user, application),
        ),
        history=history,
        open_deadlines=open_deadlines,
        visible_document=permissions.document_visibility(g.user, application),
        facts=definition.rules.case_facts(session, case_settings(application), application),
        sees_internal=permissions.can_view_internal(g.user, application),
        may_download_dossier=permissions.can_download_dossier(g.user, application),
        as_applied_label=as_applied_label(application),
        decision=application.signed_proposal,
        definition=definition,
        after_decision=after,
        waivers=waiver_status(application) if _shows_waivers(workflow, application) else None,
        member_consent=membership.consent_labels(session, application),
        authority=deciding_authority(application),
        dispatches=_posted_copies(session, application),
        **summary_of_case(application, allocations),
    )


def _posted_copies(session, application) -> list:
    """The copies that do not go by mail to an account, for the staff who post them and record the Ab-Vermerk."""
    if not permissions.can_record_dispatch(g.user, application):
        return []
    return [record for record in dispatch.of_case(session, application.id) if record.channel != record.ELECTRONIC]


def _shows_waivers(workflow, application) -> bool:
    """While organisations may still waive, and once any has: who has waived and who is missing."""
    waivable = any(t.once_per_organisation for t in workflow.transitions_from(application.state))
    return waivable or bool(application.remedy_waivers)


def _action_page(application, action, form, status=200, error=None):
    page = action_page(action.transition.form)
    context = page.context(application, action)
    if not isinstance(context, dict):
        return context
    context.update(page.calculated(application, form))
    # The proposal in wait (shown on several action pages) is laid out by the measures' shape.
    context.setdefault("schema", definition_for(application.programme.code).schema)
    workflow = workflow_of(application)
    return (
        render_template(
            page.template,
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
    page = action_page(transition.form)
    if request.method == "GET":
        application = page.opened(application, g.user)
        form = form_class(application=application, actor=g.user, formdata=None)
        page.filled(form, application)
        return _action_page(application, action, form)
    form = form_class(application=application, actor=g.user)
    if "berechnen" in request.form:
        # „Berechnen“: the page again with the amounts as filled in; nothing is saved.
        return _action_page(application, action, form)
    if not form.validate():
        return _action_page(application, action, form, 422)
    try:
        perform_transition(session, application.id, name, g.user, form.payload(), files=form.files())
    except TransitionRefused as refusal:
        application = load_visible_application(session, application_id)
        if isinstance(refusal, RulingRefused):  # said on its field, and so once in the error summary
            on_its_field(form, refusal)
            return _action_page(application, action, form, refusal.status)
        return _action_page(application, action, form, refusal.status, refusal.message)
    flash(page.done_message(transition, application, "Der Antrag"), "success")
    offer_next(application_id)
    return redirect(url_for("cases.show", application_id=application_id))

"""The case page and the workflow actions on it."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from forms.application import DECLARATIONS
from forms.transitions import TRANSITION_FORMS
from workflow import drafts, formatting, ledger, permissions
from workflow.engine.actions import action_for, available_actions
from workflow.auth import login_required
from workflow.db import db
from workflow.models import AuditEntry, Deadline, Organisation
from workflow.models.application import employer_label
from workflow.engine.context import TransitionRefused
from workflow.engine.transitions import perform_transition, workflow_of
from workflow.views import load_visible_application
from workflow.views.applications import render_form

bp = Blueprint("cases", __name__, url_prefix="/antraege")


@bp.get("/<int:application_id>")
@login_required
def show(application_id: int):
    session = db.session
    application = load_visible_application(session, application_id)
    if permissions.can_edit_draft(g.user, application):
        return redirect(url_for("applications.edit", application_id=application.id))
    workflow = workflow_of(application)
    history = session.scalars(
        select(AuditEntry).where(AuditEntry.application_id == application.id).order_by(AuditEntry.id)
    ).all()
    open_deadlines = session.scalars(
        select(Deadline)
        .where(Deadline.application_id == application.id, Deadline.status == Deadline.OPEN)
        .order_by(Deadline.due_on)
    ).all()
    allocations = ledger.allocations_by_organisation(
        session, application.programme, ledger.application_organisation_ids(application)
    )
    return render_template(
        "cases/show.html",
        application=application,
        workflow=workflow,
        state=workflow.state(application.state),
        actions=available_actions(session, g.user, application),
        history=history,
        open_deadlines=open_deadlines,
        visible_document=lambda document: permissions.can_view_document(g.user, document),
        **summary_of_case(application, allocations),
    )



def summary_of_case(application, allocations) -> dict:
    """What ``cases/_summary.html`` shows, from a submitted case."""
    programme = application.programme
    return {
        "applicant": application.applicant,
        "joint": application.is_joint,
        "consortium_name": application.consortium.name if application.is_joint else None,
        "members": application.member_organisations,
        "allocations": allocations,
        "contact_name": application.contact_name,
        "contact_phone": application.contact_phone,
        "contact_email": application.contact_email,
        "account_holder": application.account_holder,
        "iban": formatting.iban(application.iban),
        "bic": application.bic,
        "positions": [
            {
                "person_name": p.person_name,
                "category_label": programme.rate_for(p.category).label,
                "fte": p.fte,
                "employment_start": p.employment_start,
                "funding_end": p.funding_end,
                "employer": p.employer_label,
                "amount": p.amount,
            }
            for p in application.positions
        ],
    }


def summary_of_draft(application, data, figures, members) -> dict:
    """What ``cases/_summary.html`` shows, from a validated draft before submission."""
    programme = application.programme
    return {
        "applicant": application.applicant,
        "joint": data.joint,
        "consortium_name": data.consortium_name,
        "members": members,
        "allocations": figures.allocations,
        "contact_name": data.contact_name,
        "contact_phone": data.contact_phone,
        "contact_email": data.contact_email,
        "account_holder": data.account_holder,
        "iban": formatting.iban(data.iban),
        "bic": data.bic,
        "positions": [
            {
                "person_name": item.data.person_name,
                "category_label": programme.rate_for(item.data.category).label,
                "fte": item.data.fte,
                "employment_start": item.data.employment_start,
                "funding_end": item.funding_end,
                "employer": employer_label(item.data.employer_kind, item.data.provider_name),
                "amount": item.amount,
            }
            for item in figures.positions
        ],
    }


def _action_page(application, action, form, status=200, error=None):
    template = "cases/submit.html" if action.transition.name == "submit" else "cases/action.html"
    context = {}
    if action.transition.name == "submit":
        draft_form = drafts.bind_draft(db.session, application, csrf=False)
        if not draft_form.validate():
            flash("Der Antrag ist noch nicht vollständig. Bitte ergänzen Sie die markierten Angaben.", "warning")
            return render_form(application.programme, application, drafts.bind_draft(db.session, application), 422)
        data = draft_form.cleaned()
        figures = drafts.compute_figures(db.session, application.programme, application.applicant, data)
        context = {
            "data": data,
            "figures": figures,
            "threshold_message": drafts.threshold_message(figures, data.joint),
            "declarations": list(DECLARATIONS.values()),
            **summary_of_draft(application, data, figures, _members(data.member_ids)),
        }
    workflow = workflow_of(application)
    return (
        render_template(
            template,
            application=application,
            state=workflow.state(application.state),
            action=action,
            form=form,
            error=error,
            **context,
        ),
        status,
    )


def _members(member_ids):
    if not member_ids:
        return []
    return db.session.scalars(select(Organisation).where(Organisation.id.in_(member_ids)).order_by(Organisation.name)).all()


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
        form = form_class(application=application, formdata=None)
        if transition.name == "submit":
            form.revision.data = application.revision
        return _action_page(application, action, form)
    form = form_class(application=application)
    if not form.validate():
        return _action_page(application, action, form, 422)
    try:
        perform_transition(session, application.id, name, g.user, form.payload(), files=form.files())
    except TransitionRefused as refusal:
        application = load_visible_application(session, application_id)
        return _action_page(application, action, form, refusal.status, refusal.message)
    flash(_done_message(transition, application), "success")
    return redirect(url_for("cases.show", application_id=application_id))


def _done_message(transition, application) -> str:
    if transition.name == "submit":
        return f"Der Antrag ist eingereicht. Aktenzeichen: {application.file_number}."
    return f"Erledigt: {transition.label}."

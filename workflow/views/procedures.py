"""Steps after the decision: start a procedure (Mittelabruf, Änderungsanzeige, Widerruf) or take its next step."""

from __future__ import annotations

from typing import Optional

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for

from forms.procedures import PROCEDURE_FORMS
from workflow.security.auth import login_required
from workflow.db import db
from workflow.engine import procedures
from workflow.engine.actions import procedure_actions, start_actions
from workflow.engine.context import TransitionRefused
from workflow.engine.transitions import perform_transition
from workflow.models import Procedure
from workflow.workflows.post_award.accounts import case_money
from workflow.workflows.post_award.proof import comparison_for, submitted_table
from workflow.views import next_steps
from workflow.views.action_pages import procedure_page_context
from workflow.views.inbox import offer_next
from workflow.views.shared import load_visible_application

bp = Blueprint("procedures", __name__, url_prefix="/antraege")


def _page(application, procedure, title, action, form, status=200, error=None):
    procedure_type = procedures.type_of(procedure) if procedure else None
    facts = procedure_type.facts(procedure) if procedure_type and procedure_type.facts else []
    submitted = submitted_table(application, procedure.data) if procedure else None
    comparison = comparison_for(db.session, application, procedure, action.transition)
    return render_template(
        "cases/procedure_action.html",
        application=application,
        procedure=procedure,
        title=title,
        action=action,
        form=form,
        error=error,
        money=case_money(db.session, application),
        facts=facts,
        submitted=submitted,
        comparison=comparison,
        **procedure_page_context(action.transition.form, application, action, procedure),
    ), status


def _run(application, procedure: Optional[Procedure], kind: str, title: str, action):
    transition = action.transition
    form_class = PROCEDURE_FORMS.get(transition.form, PROCEDURE_FORMS["comment"])
    form = form_class(application=application, actor=g.user)
    if not form.is_submitted():
        return _page(application, procedure, title, action, form)
    if not form.validate():
        return _page(application, procedure, title, action, form, 422)
    try:
        entry = perform_transition(
            db.session,
            application.id,
            transition.name,
            g.user,
            form.payload(),
            files=form.files(),
            procedure_id=procedure.id if procedure else None,
            new_procedure=None if procedure else kind,
        )
    except TransitionRefused as refusal:
        application = load_visible_application(db.session, application.id)
        return _page(application, procedure, title, action, form, refusal.status, refusal.message)
    done = db.session.get(Procedure, entry.procedure_id)
    flash(
        next_steps.done_message(
            transition, procedures.type_of(done).workflow.state(done.state), procedures.title(done)
        ),
        "success",
    )
    offer_next(application.id)
    return redirect(url_for("cases.show", application_id=application.id, _anchor="nach-dem-bescheid"))


@bp.route("/<int:application_id>/vorgaenge/neu/<kind>/<name>", methods=["GET", "POST"])
@login_required
def start(application_id: int, kind: str, name: str):
    application = load_visible_application(db.session, application_id)
    found = [
        action
        for procedure_type, action in start_actions(db.session, g.user, application)
        if procedure_type.kind == kind and action.transition.name == name
    ]
    if not found:
        abort(404 if kind not in {t.kind for t in procedures.procedure_types(application)} else 403)
    label = next(t.label for t in procedures.procedure_types(application) if t.kind == kind)
    return _run(application, None, kind, f"{label} (neu)", found[0])


@bp.route("/<int:application_id>/vorgaenge/<int:procedure_id>/<name>", methods=["GET", "POST"])
@login_required
def step(application_id: int, procedure_id: int, name: str):
    application = load_visible_application(db.session, application_id)
    procedure = db.session.get(Procedure, procedure_id)
    if procedure is None or procedure.application_id != application.id:
        abort(404)
    workflow = procedures.type_of(procedure).workflow
    transition = workflow.transition(name)
    if transition is None:
        abort(404)
    action = next(
        (a for a in procedure_actions(db.session, g.user, application, procedure) if a.transition.name == name), None
    )
    if action is None:
        if procedure.state not in transition.sources:
            raise TransitionRefused(
                f"„{transition.label}“ ist im Status „{workflow.state(procedure.state).label}“ nicht möglich."
            )
        abort(403)
    return _run(application, procedure, procedure.kind, procedures.title(procedure), action)

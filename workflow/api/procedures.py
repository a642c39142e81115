"""The procedures after the decision through the API, derived from each programme's declaration like the case's steps.

``GET …/procedures`` lists a case's procedures with the steps the caller may take in each, and the procedures the
caller may start; ``POST …/procedures/{kind}/{name}`` starts one, ``POST …/procedures/{id}/transitions/{name}``
takes a step. The input is checked by the web's own forms (``forms.procedures``).
"""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask_smorest import abort

from forms.procedures import PROCEDURE_FORMS
from workflow.api.blueprint import api_blueprint
from workflow.api.cases import history_row
from workflow.api.form_input import form_schema
from workflow.api.problems import problem
from workflow.api.schemas import ActionOut, Amount, HistoryEntryOut
from workflow.api.transitions import input_schema_name, step_input
from workflow.db import db
from workflow.engine import procedures
from workflow.engine.actions import procedure_actions, start_actions
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import all_definitions
from workflow.engine.transitions import perform_transition
from workflow.history import visible_history
from workflow.models import Procedure
from workflow.models.audit import VIA_API
from workflow.views.shared import load_visible_application

bp = api_blueprint("api_procedures", __name__, "Vorgänge nach dem Bescheid")


class ProcedureOut(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String()
    title = ma.fields.String(metadata={"description": "z. B. „Auszahlung 2“"})
    state = ma.fields.String()
    state_label = ma.fields.String()
    amount = Amount(allow_none=True)
    budget_year = ma.fields.Integer(allow_none=True)
    actions = ma.fields.Nested(ActionOut, many=True)


class StartOut(ma.Schema):
    kind = ma.fields.String()
    label = ma.fields.String()
    action = ma.fields.Nested(ActionOut)


class ProceduresOut(ma.Schema):
    procedures = ma.fields.Nested(ProcedureOut, many=True)
    may_start = ma.fields.Nested(StartOut, many=True)


class ProcedureStepOut(ma.Schema):
    procedure = ma.fields.Nested(ProcedureOut)
    history_entry = ma.fields.Nested(HistoryEntryOut)


def _action(action) -> dict:
    return {
        "name": action.transition.name,
        "label": action.transition.label,
        "description": action.transition.description,
        "input": input_schema_name(action.transition.form),
        "blocked_by": action.blocked_by,
    }


def _procedure(application, procedure: Procedure) -> dict:
    workflow = procedures.type_of(procedure).workflow
    return {
        "id": procedure.id,
        "kind": procedure.kind,
        "title": procedures.title(procedure),
        "state": procedure.state,
        "state_label": workflow.state(procedure.state).label,
        "amount": procedure.amount,
        "budget_year": procedure.budget_year,
        "actions": [_action(a) for a in procedure_actions(db.session, g.user, application, procedure)],
    }


@bp.get("/cases/<int:application_id>/procedures")
@bp.response(200, ProceduresOut)
def list_procedures(application_id: int):
    """Die Vorgänge des Antrags (Auszahlungen, Änderungen, Verwendungsnachweis, Widerruf) und was Sie jetzt tun dürfen"""
    application = load_visible_application(db.session, application_id)
    return {
        "procedures": [_procedure(application, procedure) for procedure in application.procedures],
        "may_start": [
            {"kind": procedure_type.kind, "label": procedure_type.label, "action": _action(action)}
            for procedure_type, action in start_actions(db.session, g.user, application)
        ],
    }


def _fire(application, procedure, kind: str, action):
    transition = action.transition
    form = PROCEDURE_FORMS.get(transition.form, PROCEDURE_FORMS["comment"])(
        formdata=step_input(), application=application, actor=g.user, meta={"csrf": False}
    )
    if not form.validate():
        return problem(422, errors=form.errors)
    try:
        entry = perform_transition(
            db.session,
            application.id,
            transition.name,
            g.user,
            {**form.payload(), VIA_API: True},
            files=form.files(),
            procedure_id=procedure.id if procedure else None,
            new_procedure=None if procedure else kind,
        )
    except TransitionRefused as refusal:
        return problem(refusal.status, refusal.message)
    application = load_visible_application(db.session, application.id)
    step = next(s for s in visible_history(db.session, g.user, application) if s.entry.id == entry.id)
    return {
        "procedure": _procedure(application, db.session.get(Procedure, entry.procedure_id)),
        "history_entry": history_row(application, step),
    }


@bp.post("/cases/<int:application_id>/procedures/<kind>/<name>")
@bp.response(200, ProcedureStepOut)
def start(application_id: int, kind: str, name: str):
    """Einen Vorgang mit seinem ersten Schritt beginnen (z. B. `payment` mit `request_payment`)"""
    application = load_visible_application(db.session, application_id)
    kinds = {procedure_type.kind for procedure_type in procedures.procedure_types(application)}
    if kind not in kinds:
        abort(404, message="Diese Art von Vorgang gibt es in diesem Programm nicht.")
    found = [
        a for t, a in start_actions(db.session, g.user, application) if t.kind == kind and a.transition.name == name
    ]
    if not found:
        return problem(403, "Sie dürfen diesen Vorgang bei diesem Antrag jetzt nicht beginnen.")
    return _fire(application, None, kind, found[0])


@bp.post("/cases/<int:application_id>/procedures/<int:procedure_id>/transitions/<name>")
@bp.response(200, ProcedureStepOut)
def step(application_id: int, procedure_id: int, name: str):
    """Einen Schritt in einem Vorgang ausführen; die Angaben prüft dasselbe Formular wie in der Weboberfläche"""
    application = load_visible_application(db.session, application_id)
    procedure = db.session.get(Procedure, procedure_id)
    if procedure is None or procedure.application_id != application.id:
        abort(404, message="Diesen Vorgang gibt es bei diesem Antrag nicht.")
    transition = procedures.type_of(procedure).workflow.transition(name)
    if transition is None:
        abort(404, message="Diesen Schritt gibt es in diesem Vorgang nicht.")
    action = next(
        (a for a in procedure_actions(db.session, g.user, application, procedure) if a.transition.name == name), None
    )
    if action is None:
        if procedure.state not in transition.sources:
            return problem(409, f"„{transition.label}“ ist im aktuellen Status des Vorgangs nicht möglich.")
        return problem(403, f"Sie dürfen „{transition.label}“ in diesem Vorgang nicht ausführen.")
    return _fire(application, procedure, procedure.kind, action)


def document_inputs(spec) -> None:
    """Each procedure form's input schema, and the kinds and steps of every programme, into the OpenAPI document."""
    for form_name, form_class in PROCEDURE_FORMS.items():
        spec.components.schema(input_schema_name(form_name), form_schema(form_class, with_files=False))
    lines = [
        f"- **{definition.code}** – {procedure_type.kind} ({procedure_type.label}): "
        + ", ".join(f"`{t.name}` ({input_schema_name(t.form)})" for t in procedure_type.workflow.transitions)
        for definition in all_definitions()
        for procedure_type in definition.procedures
    ]
    refs = [{"$ref": f"#/components/schemas/{input_schema_name(f)}"} for f in PROCEDURE_FORMS]
    for path in (
        "/api/v1/cases/{application_id}/procedures/{kind}/{name}",
        "/api/v1/cases/{application_id}/procedures/{procedure_id}/transitions/{name}",
    ):
        operation = spec._paths[path][
            "post"
        ]  # flask-smorest has documented the route; the declarations add what they know
        operation["description"] = "Die Vorgänge und Schritte je Programm und ihr Eingabeschema:\n\n" + "\n".join(lines)
        operation["requestBody"] = {"required": False, "content": {"application/json": {"schema": {"anyOf": refs}}}}

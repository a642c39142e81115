"""Workflow steps through the API, derived from each programme's declaration: nothing here names a step.

``GET …/transitions`` lists what the caller may do now (``available_actions``, the case page's buttons);
``POST …/transitions/{name}`` validates the body with the step's web form and fires it with
``perform_transition``. The OpenAPI document gets one input schema per form and the step names of every
installed programme, read from the workflows when the app starts.
"""

from __future__ import annotations

from flask import g, request
from flask_smorest import abort
from werkzeug.datastructures import CombinedMultiDict

from forms.transitions import TRANSITION_FORMS
from workflow.api.blueprint import api_blueprint
from workflow.api.cases import history_row
from workflow.api.form_input import flat_input, form_schema, takes_files
from workflow.api.problems import problem
from workflow.api.schemas import ActionOut, CaseOut, HistoryEntryOut
from workflow.db import db
from workflow.history import visible_history
from workflow.engine.actions import action_for, available_actions
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import all_definitions, workflow_of
from workflow.engine.transitions import perform_transition
from workflow.models.audit import VIA_API
from workflow.views.shared import load_visible_application

import marshmallow as ma

bp = api_blueprint("api_transitions", __name__, "Schritte des Verfahrens")
STEP_PATH = "/api/v1/cases/{application_id}/transitions/{name}"


class StepDoneOut(ma.Schema):
    case = ma.fields.Nested(CaseOut)
    history_entry = ma.fields.Nested(HistoryEntryOut)


def input_schema_name(form_name) -> str:
    return f"Eingabe_{form_name or 'ohne_Angaben'}"


@bp.get("/cases/<int:application_id>/transitions")
@bp.response(200, ActionOut(many=True))
def list_transitions(application_id: int):
    """Die Schritte, die Sie jetzt ausführen dürfen (dieselben Schaltflächen wie auf der Antragsseite)"""
    application = load_visible_application(db.session, application_id)
    return [
        {
            "name": action.transition.name,
            "label": action.transition.label,
            "description": action.transition.description,
            "input": input_schema_name(action.transition.form),
            "blocked_by": action.blocked_by,
        }
        for action in available_actions(db.session, g.user, application)
    ]


@bp.post("/cases/<int:application_id>/transitions/<name>")
@bp.response(200, StepDoneOut)
def perform(application_id: int, name: str):
    """Einen Schritt ausführen; die Angaben prüft dasselbe Formular wie in der Weboberfläche"""
    session = db.session
    application = load_visible_application(session, application_id)
    transition = workflow_of(application).transition(name)
    if transition is None:
        abort(404, message="Diesen Schritt gibt es im Verfahren dieses Antrags nicht.")
    if action_for(session, g.user, application, name) is None:
        if application.state not in transition.sources:
            return problem(409, f"„{transition.label}“ ist im aktuellen Status des Antrags nicht möglich.")
        return problem(403, f"Sie dürfen „{transition.label}“ bei diesem Antrag nicht ausführen.")
    form = TRANSITION_FORMS[transition.form](
        formdata=step_input(), application=application, actor=g.user, meta={"csrf": False}
    )
    if not form.validate():
        return problem(422, errors=form.errors)
    try:
        # The payload goes into the audit entry's details: there the mark says the step came through the API.
        entry = perform_transition(
            session, application.id, name, g.user, {**form.payload(), VIA_API: True}, files=form.files()
        )
    except TransitionRefused as refusal:
        return problem(refusal.status, refusal.message)
    application = load_visible_application(session, application_id)
    step = next(s for s in visible_history(session, g.user, application) if s.entry.id == entry.id)
    return {"case": application, "history_entry": history_row(application, step)}


def step_input():
    """A JSON object, or a multipart form for steps that carry files (as a browser sends them)."""
    if request.mimetype == "multipart/form-data":
        return CombinedMultiDict([request.files, request.form])
    if not request.get_data():
        return flat_input({})
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, message="Der Inhalt muss ein JSON-Objekt sein (Content-Type: application/json).")
    return flat_input(body)


def document_inputs(spec) -> None:
    """Each form's input schema, and per programme the names of its steps, into the OpenAPI document."""
    names = sorted({t.name for definition in all_definitions() for t in definition.workflow.transitions})
    for form_name, form_class in TRANSITION_FORMS.items():
        spec.components.schema(input_schema_name(form_name), form_schema(form_class, with_files=False))
        if takes_files(form_class):
            spec.components.schema(
                input_schema_name(form_name) + "_mit_Dateien", form_schema(form_class, with_files=True)
            )
    per_programme = "\n".join(
        f"- **{definition.code}**: "
        + ", ".join(f"`{t.name}` ({input_schema_name(t.form)})" for t in definition.workflow.transitions)
        for definition in all_definitions()
    )
    path = spec._paths[STEP_PATH]  # flask-smorest has documented the route; the declaration adds what it knows
    operation = path["post"]
    operation["description"] = "Die Schritte je Programm und ihr Eingabeschema:\n\n" + per_programme
    for parameter in path["parameters"]:
        if parameter.get("name") == "name":
            parameter["schema"] = {"type": "string", "enum": names}
    refs = [{"$ref": f"#/components/schemas/{input_schema_name(f)}"} for f in TRANSITION_FORMS]
    file_refs = [
        {"$ref": f"#/components/schemas/{input_schema_name(f)}_mit_Dateien"}
        for f, c in TRANSITION_FORMS.items()
        if takes_files(c)
    ]
    operation["requestBody"] = {
        "required": False,
        "content": {
            "application/json": {"schema": {"anyOf": refs}},
            "multipart/form-data": {"schema": {"anyOf": file_refs}},
        },
    }

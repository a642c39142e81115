"""Drafts through the API: create and update an application as JSON, checked by the programme's schema.

The JSON is stored exactly as the web form stores what a clerk typed (``draft_data``), so the clerk can
go on in the browser; submitting is the workflow's own step (``POST …/transitions/submit``).
"""

from __future__ import annotations

import re

from flask import g
from flask_smorest import abort

from workflow.workflows.standard import drafts
from workflow import permissions
from workflow.api.blueprint import api_blueprint
from workflow.api.form_input import flat_input
from workflow.api.schemas import DraftIn, DraftOut
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.operations.drafts import create_draft, save_draft
from workflow.text import strip_control_characters
from workflow.views.shared import installed_programmes, load_visible_application

bp = api_blueprint("api_drafts", __name__, "Anträge anlegen und ausfüllen")


def _raw(body) -> dict[str, str]:
    return {key: strip_control_characters(value) for key, value in flat_input(body["data"]).items()}


def _answer(application) -> dict:
    validation = drafts.validate_draft(db.session, application)
    return {"case": application, "data": application.draft_data, "valid": validation.valid, "errors": validation.errors}


@bp.post("/programmes/<code>/drafts")
@bp.etag
@bp.arguments(DraftIn)
@bp.response(201, DraftOut)
def create(body, code: str):
    """Einen Antragsentwurf anlegen; die Antwort nennt, was für die Einreichung noch fehlt"""
    programme = next((p for p in installed_programmes(db.session) if p.code == code), None)
    if programme is None:
        abort(404, message=f"Ein Programm „{code}“ gibt es nicht.")
    return _answer(create_draft(db.session, g.user, programme, _raw(body)))


@bp.get("/cases/<int:application_id>/draft")
@bp.etag
@bp.response(200, DraftOut)
def show(application_id: int):
    """Der Entwurf, wie er gespeichert ist, und was für die Einreichung noch fehlt"""
    application = load_visible_application(db.session, application_id)
    if not permissions.can_edit_draft(g.user, application):
        raise TransitionRefused("Dieser Antrag ist kein Entwurf, den Sie bearbeiten dürfen.")
    return _answer(application)


@bp.put("/cases/<int:application_id>/draft")
@bp.etag
@bp.arguments(DraftIn)
@bp.response(200, DraftOut)
def update(body, application_id: int):
    """Den Entwurf ersetzen (jede Speicherung ist eine neue Revision)

    Nur mit dem ETag der letzten Antwort zu diesem Entwurf im Kopf „If-Match“: Hat ihn inzwischen jemand geändert
    (im Browser oder über die Schnittstelle), wird nichts überschrieben (412); ohne „If-Match“ 428."""
    application = load_visible_application(db.session, application_id)
    if not permissions.can_edit_draft(g.user, application):
        raise TransitionRefused("Dieser Antrag ist kein Entwurf, den Sie bearbeiten dürfen.")
    bp.check_etag(_answer(application), DraftOut)
    return _answer(save_draft(db.session, application.id, g.user, _raw(body)))


# The frame every application has (``engine.application_data``); a programme's own fields come from its schema.
_FRAME = {
    "joint": {"type": "string", "enum": ["single", "joint"], "description": "Einzelantrag oder gemeinsamer Antrag"},
    "consortium_name": {
        "type": "string",
        "maxLength": 200,
        "description": "Name des Zusammenschlusses (nur gemeinsamer Antrag)",
    },
    "members": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Weitere Mitglieder: Gemeindeschlüssel oder Name",
    },
    "contact_name": {"type": "string", "maxLength": 200},
    "contact_phone": {"type": "string", "maxLength": 50},
    "contact_email": {"type": "string", "maxLength": 254},
    "account_holder": {"type": "string", "maxLength": 200},
    "iban": {"type": "string", "maxLength": 42},
    "bic": {"type": "string", "description": "ohne Angabe aus der IBAN ermittelt"},
}


def draft_schema_name(code: str) -> str:
    return f"Antrag_{code}"


def _field(spec) -> dict:
    # Hints name the settings of the programme's version in force ({min_fte}); the document stands for every version.
    description = re.sub(r"\{[a-z_]+\}", "…", spec.label + (f" – {spec.description}" if spec.description else ""))
    schema = {"type": "string", "description": description}
    if spec.choices:
        schema["enum"] = [value for value, _ in spec.choices]
    return schema


def document_drafts(spec) -> None:
    """Per programme the fields of its application form, read from its schema, into the OpenAPI document."""
    from workflow.engine.programmes import all_definitions

    for definition in all_definitions():
        schema = definition.schema
        properties = {
            **_FRAME,
            **{field.name: _field(field) for field in schema.application_fields},
            "positions": {
                "type": "array",
                "items": {"type": "object", "properties": {f.name: _field(f) for f in schema.measure_fields}},
            },
            **{name: {"type": "boolean", "description": text} for name, text in schema.declarations},
        }
        spec.components.schema(draft_schema_name(definition.code), {"type": "object", "properties": properties})
    names = ", ".join(f"`{d.code}`: {draft_schema_name(d.code)}" for d in all_definitions())
    for path in ("/api/v1/programmes/{code}/drafts", "/api/v1/cases/{application_id}/draft"):
        for method in ("post", "put"):
            operation = spec._paths[path].get(method)
            if operation is not None:
                operation["description"] = f"„data“ hat die Felder des Antragsformulars des Programms ({names})."

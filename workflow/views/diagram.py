"""The state diagram page of each programme, drawn from the same declaration that runs its workflow."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from workflow.security.auth import login_required
from workflow.db import db
from workflow.programmes.diagram import diagram
from workflow.letters.documents import DOCUMENT_KINDS
from workflow.engine.programmes import definition_for
from workflow.models.user import ROLE_LABELS
from workflow.operations.notifications import RECIPIENTS
from workflow.views.shared import chosen_programme, installed_programmes

bp = Blueprint("diagram", __name__)


@bp.get("/ablauf")
@login_required
def show():
    session = db.session
    programme = chosen_programme(session)
    definition = definition_for(programme.code)
    kind = request.args.get("vorgang")
    procedure_type = next((p for p in definition.procedures if p.kind == kind), None)
    if kind and procedure_type is None:
        abort(404)
    workflow = procedure_type.workflow if procedure_type else definition.workflow
    return render_template(
        "diagram.html",
        programme=programme,
        procedure_types=definition.procedures,
        procedure_type=procedure_type,
        programmes=installed_programmes(session),
        workflow=workflow,
        d=diagram(workflow),
        document_kinds=DOCUMENT_KINDS,
        role_labels=ROLE_LABELS,
        recipients=RECIPIENTS,
    )

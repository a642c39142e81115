"""The state diagram page, drawn from the same declaration that runs the workflow."""
from __future__ import annotations

from flask import Blueprint, render_template

from workflow.auth import login_required
from workflow.diagram import diagram
from workflow.documents import DOCUMENT_KINDS
from workflow.workflows.standard import STANDARD
from workflow.models.user import ROLE_LABELS
from workflow.operations.notifications import RECIPIENTS

bp = Blueprint("diagram", __name__)


@bp.get("/ablauf")
@login_required
def show():
    return render_template(
        "diagram.html",
        workflow=STANDARD,
        d=diagram(STANDARD),
        document_kinds=DOCUMENT_KINDS,
        role_labels=ROLE_LABELS,
        recipients=RECIPIENTS,
    )

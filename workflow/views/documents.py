"""Downloading generated documents."""
from __future__ import annotations

from flask import Blueprint, abort, g

from workflow import permissions
from workflow.auth import login_required
from workflow.db import db
from workflow.models import Document
from workflow.models.document import DOCX_MIMETYPE
from workflow.views import stored_file

bp = Blueprint("documents", __name__, url_prefix="/dokumente")


@bp.get("/<int:document_id>")
@login_required
def download(document_id: int):
    document = db.session.get(Document, document_id)
    if document is None or not permissions.can_view_document(g.user, document):
        abort(404)
    return stored_file(document.content, DOCX_MIMETYPE, document.filename, document.sha256)

"""Downloading attached files: only for those who may see the case, never rendered inline."""

from __future__ import annotations

from flask import Blueprint, abort, g

from workflow import permissions
from workflow.security.auth import login_required
from workflow.db import db
from workflow.models import Attachment
from workflow.views.shared import stored_file

bp = Blueprint("attachments", __name__, url_prefix="/anlagen")


@bp.get("/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or not permissions.can_view_attachment(g.user, attachment):
        abort(404)
    response = stored_file(attachment.content, attachment.mimetype, attachment.filename, attachment.sha256)
    # Even if a browser opened it, an uploaded file may do nothing on our origin.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response

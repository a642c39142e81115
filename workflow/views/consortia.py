"""Consortia: the ministry's and the Regierungspräsidium's list, and each municipality's own."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from workflow.workflows.standard import consortia
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.views.shared import allocation_threshold, chosen_programme, requested_page

bp = Blueprint("consortia", __name__, url_prefix="/zusammenschluesse")


@bp.get("")
@login_required
def index():
    require(permissions.can_view_consortia(g.user))
    session = db.session
    programme = chosen_programme(session)
    page = consortia.consortium_page(session, g.user, programme, requested_page(), current_app.config["PAGE_SIZE"])
    return render_template(
        "consortia/index.html", programme=programme, page=page, threshold=allocation_threshold(session, programme)
    )

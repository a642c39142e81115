"""The administration's audit: browse it, export it."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, g, render_template, request, send_file
from sqlalchemy import select

from workflow import clock, permissions
from workflow.exports.admin_audit_export import audit_csv, audit_workbook
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.models import AdminAuditEntry
from workflow.operations.admin_audit import ACTION_LABELS, actor_label
from workflow.views.pagination import paginate
from workflow.views.shared import requested_page

bp = Blueprint("admin_audit", __name__, url_prefix="/verwaltung/protokoll")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_template_global()
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


bp.add_app_template_global(actor_label)


@bp.get("")
@login_required
def index():
    require(permissions.can_manage_users(g.user))
    statement = select(AdminAuditEntry).order_by(AdminAuditEntry.id.desc())
    action = request.args.get("aktion", "")
    if action in ACTION_LABELS:
        statement = statement.where(AdminAuditEntry.action == action)
    page = paginate(db.session, statement, requested_page(), 50)
    return render_template("admin_audit/index.html", page=page, action=action, actions=ACTION_LABELS)


@bp.get("/export.<any(csv, xlsx):kind>")
@login_required
def export(kind: str):
    require(permissions.can_manage_users(g.user))
    stamp = clock.now().strftime("%Y-%m-%d")
    if kind == "csv":
        content, mimetype = audit_csv(db.session), "text/csv; charset=utf-8"
    else:
        content, mimetype = audit_workbook(db.session), XLSX
    return send_file(
        BytesIO(content),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"Verwaltungsprotokoll_{stamp}.{kind}",
        max_age=0,
    )

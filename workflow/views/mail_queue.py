"""The mail queue for the administration: waiting, sent, failed with the error; send again now.

The bodies are not shown: invitation and reset mails carry one-time links that only their recipient may use.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.models import OutgoingMail
from workflow.operations.mail_queue import RetryRefused, retry_now
from workflow.views.pagination import paginate
from workflow.views.shared import requested_page

bp = Blueprint("mail_queue", __name__, url_prefix="/verwaltung/e-mails")

FILTERS = {
    "wartend": ("wartend", OutgoingMail.status == OutgoingMail.QUEUED),
    "fehlgeschlagen": (
        "fehlgeschlagen",
        (OutgoingMail.status == OutgoingMail.QUEUED) & OutgoingMail.last_error.is_not(None),
    ),
    "versandt": ("versandt", OutgoingMail.status == OutgoingMail.SENT),
}


def _page(status: int = 200, problem: str | None = None):
    statement = select(OutgoingMail).order_by(OutgoingMail.id.desc())
    chosen = request.args.get("status", "")
    if chosen in FILTERS:
        statement = statement.where(FILTERS[chosen][1])
    page = paginate(db.session, statement, requested_page(), 50)
    return render_template("mail_queue/index.html", page=page, chosen=chosen, filters=FILTERS, problem=problem), status


@bp.get("")
@login_required
def index():
    require(permissions.can_manage_users(g.user))
    return _page()


@bp.post("/<int:mail_id>/erneut")
@login_required
def retry(mail_id: int):
    require(permissions.can_manage_users(g.user))
    mail = db.session.get(OutgoingMail, mail_id) or abort(404)
    try:
        report = retry_now(db.session, g.user, mail)
    except RetryRefused as refused:
        return _page(409, refused.message)
    flash(report.summary(), "success" if not report.failed else "warning")
    return redirect(url_for("mail_queue.index"))

"""Each person's list of notifications, and the unread count in the header."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from workflow import permissions
from workflow.security.auth import login_required
from workflow.db import db
from workflow.views.shared import requested_page
from workflow.models import Notification
from workflow.operations import notifications
from workflow.search.queries import notification_page

bp = Blueprint("notifications", __name__, url_prefix="/benachrichtigungen")


@bp.app_context_processor
def unread_notifications():
    # A function, so that only pages that show the header pay for the count.
    return {"unread_notifications": lambda: notifications.unread_count(db.session, g.user) if g.get("user") else 0}


def _back_to_list():
    return redirect(url_for(".index", seite=requested_page(request.form)))


@bp.get("")
@login_required
def index():
    page = notification_page(db.session, g.user, page=requested_page(), size=current_app.config["PAGE_SIZE"])
    return render_template("notifications/index.html", page=page)


@bp.post("/<int:notification_id>/gelesen")
@login_required
def mark_read(notification_id: int):
    notification = db.session.get(Notification, notification_id)
    if notification is None or not permissions.can_see_notification(g.user, notification):
        abort(404)
    notifications.mark_read(db.session, notification)
    return _back_to_list()


@bp.post("/alle-gelesen")
@login_required
def mark_all_read():
    notifications.mark_all_read(db.session, g.user)
    return _back_to_list()

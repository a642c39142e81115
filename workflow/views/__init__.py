"""Blueprints: thin views that load, check, call one operation and redirect."""
from __future__ import annotations

from io import BytesIO

from flask import Flask, abort, g, send_file
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import permissions
from workflow.models import Application, Programme


def load_visible_application(session: Session, application_id: int) -> Application:
    """The application, or 404 if it does not exist or the user may not see it."""
    application = session.get(Application, application_id)
    if application is None or not permissions.can_view_application(g.user, application):
        abort(404)
    return application


def stored_file(content: bytes, mimetype: str, filename: str, sha256: str):
    """A stored document or attachment as a download (never shown inline, never cached)."""
    return send_file(
        BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=filename, etag=sha256, max_age=0
    )


def current_programme(session: Session) -> Programme:
    """The programme the pages work on (the first one, until there are several)."""
    programme = session.scalars(select(Programme).order_by(Programme.id).limit(1)).first()
    if programme is None:
        abort(503)
    return programme


def register_blueprints(app: Flask) -> None:
    from workflow.views import (
        allocations, applications, attachments, auth, cases, consortia, diagram, documents, home, info, notifications,
        overview, population, queues,
    )

    modules = (auth, home, applications, attachments, cases, documents, queues, notifications, overview, consortia, diagram,
               info, allocations, population)
    for module in modules:
        app.register_blueprint(module.bp)

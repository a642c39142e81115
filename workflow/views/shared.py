"""What the views and the API share: loading what a person may see, a requested page, files to send, the
German 400, CSRF protection, ids that fit the database."""

from __future__ import annotations

from io import BytesIO

from flask import abort, g, request, send_file
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import permissions
from workflow.engine.programmes import ALLOCATION, all_definitions, definition_for, settings_of
from workflow.programmes.programme_versions import active_version
from workflow.models import Application, Programme


csrf = CSRFProtect()


class GermanBadRequest(BadRequest):
    """A 400 whose description is written for people (German), unlike Werkzeug's own."""


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


MAX_PAGE = 100_000


def requested_page(source=None) -> int:
    """The page number a list is asked for (``seite``): garbage means the first page, an absurd number 400."""
    raw = (source if source is not None else request.args).get("seite", "1").strip()
    if not raw.lstrip("-").isdigit():
        return 1  # a mistyped page number is forgiven: the first page
    if len(raw) > 6 or int(raw) > MAX_PAGE:
        raise GermanBadRequest("Die Seitenzahl ist ungültig. Bitte wählen Sie eine Seite aus der Liste.")
    return max(1, int(raw))


def installed_programmes(session: Session) -> list[Programme]:
    """The programmes whose package is installed, in a stable order."""
    codes = [definition.code for definition in all_definitions()]
    return list(session.scalars(select(Programme).where(Programme.code.in_(codes)).order_by(Programme.name)))


def load_programme(session: Session, code: str) -> Programme:
    """The programme of a URL, or 404."""
    programme = next((p for p in installed_programmes(session) if p.code == code), None)
    if programme is None:
        abort(404)
    return programme


def chosen_programme(session: Session, needs: str = ALLOCATION) -> Programme:
    """The programme a page about one programme shows: ``?programm=CODE``, else the first that uses ``needs``.

    The overview, the consortia and the Planungsrahmen pages are about allocations, so by default they open
    on a programme with a Planungsrahmen.
    """
    programmes = installed_programmes(session)
    code = request.args.get("programm")
    if code:
        return next((p for p in programmes if p.code == code), None) or abort(404)
    using = [p for p in programmes if needs in definition_for(p.code).reference_data]
    return (using or programmes or [None])[0] or abort(404)


def allocation_threshold(session: Session, programme: Programme):
    """The programme's minimum (pooled) Planungsrahmen under its active version, or None if it has none."""
    version = active_version(session, programme)
    return definition_for(programme.code).rules.allocation_threshold(settings_of(version)) if version else None


class BoundedIntConverter(IntegerConverter):
    """Ids in URLs fit the database's integer columns; a larger number is no page (404), not a crash."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)

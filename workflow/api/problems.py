"""Every API error as RFC 9457 problem details (application/problem+json), in German."""

from __future__ import annotations

import json
from typing import Any, Optional

import marshmallow as ma
from flask import current_app, request
from werkzeug.exceptions import HTTPException

PROBLEM_MIMETYPE = "application/problem+json"
API_PREFIX = "/api/"

TITLES = {
    400: "Ungültige Anfrage",
    401: "Anmeldung erforderlich",
    403: "Keine Berechtigung",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    409: "Nicht möglich",
    412: "Inzwischen geändert",
    413: "Anfrage zu groß",
    415: "Format nicht unterstützt",
    422: "Eingaben ungültig",
    428: "If-Match fehlt",
    429: "Zu viele Anfragen",
    500: "Interner Fehler",
    503: "Nicht verfügbar",
}
DETAILS = {
    400: "Die Anfrage konnte nicht verarbeitet werden.",
    401: "Bitte senden Sie einen gültigen Zugangsschlüssel im Kopf „Authorization: Bearer …“.",
    403: "Sie haben keine Berechtigung für diese Aktion.",
    404: "Die Ressource existiert nicht oder Sie dürfen sie nicht sehen.",
    405: "Diese Methode ist für diese Adresse nicht vorgesehen.",
    412: "Die Ressource wurde seit Ihrem letzten Abruf geändert; es wurde nichts überschrieben. Bitte rufen Sie sie "
    "erneut ab, übernehmen Sie Ihre Änderungen und senden Sie den neuen ETag im Kopf „If-Match“.",
    413: "Die gesendeten Daten sind zu groß.",
    415: "Bitte senden Sie JSON (application/json).",
    422: "Die gesendeten Angaben sind unvollständig oder ungültig.",
    428: "Bitte senden Sie den ETag Ihres letzten Abrufs im Kopf „If-Match“, damit keine Änderung eines anderen "
    "überschrieben wird.",
    429: "Zu viele Anfragen mit diesem Schlüssel. Bitte warten Sie und versuchen Sie es dann erneut.",
    500: "Es ist ein unerwarteter Fehler aufgetreten. Es wurde nichts geändert; bitte versuchen Sie es erneut.",
}


class ProblemSchema(ma.Schema):
    """The problem document (RFC 9457); ``errors`` names the fields whose input was refused."""

    type = ma.fields.String(metadata={"description": "Art des Problems (about:blank: die Statusbeschreibung genügt)"})
    title = ma.fields.String(metadata={"description": "Kurzbeschreibung"})
    status = ma.fields.Integer(metadata={"description": "HTTP-Status"})
    detail = ma.fields.String(metadata={"description": "Was geschehen ist und was zu tun ist"})
    instance = ma.fields.String(metadata={"description": "Die angefragte Adresse"})
    errors = ma.fields.Dict(metadata={"description": "Meldungen je Feld"})


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: Optional[str] = None, *, errors: Any = None, headers: Optional[dict] = None):
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Fehler"),
        "status": status,
        "detail": detail or DETAILS.get(status, "Die Anfrage konnte nicht ausgeführt werden."),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    return current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_MIMETYPE, headers=headers or {}
    )


def from_http_exception(error: HTTPException, detail: Optional[str] = None):
    """Werkzeug's and webargs' errors; field messages of a refused body or query go to ``errors``."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(data.get("headers") or {})
    if status == 405:
        headers.update((name, value) for name, value in error.get_headers() if name == "Allow")
    errors = data.get("errors") or data.get("messages")
    return problem(status, data.get("message") or detail, errors=errors, headers=headers)

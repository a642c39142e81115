"""Wires the web layer: CSRF, template filters, error pages, security headers, blueprints."""

from __future__ import annotations

from flask import g, render_template, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from workflow.reference.glossary import link_terms
from workflow import clock, formatting
from workflow.api import problems
from workflow.letters.dossier_seal import SealUnavailable
from workflow.letters.pdf_copies import PdfUnavailable
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import state_labels, workflow_of
from workflow.views.next_steps import mover
from workflow.views.shared import GermanBadRequest, csrf

# The API's titles, but a page says what a person met: a file too large, a form incomplete, too many logins.
ERROR_TITLES = {
    **problems.TITLES,
    413: "Datei zu groß",
    422: "Eingaben unvollständig",
    429: "Zu viele Versuche",
    503: "Nicht eingerichtet",
}
ERROR_MESSAGES = {
    400: "Die Anfrage konnte nicht verarbeitet werden.",
    403: "Sie haben keine Berechtigung für diese Seite oder Aktion.",
    404: "Die Seite oder der Vorgang existiert nicht oder Sie dürfen ihn nicht sehen.",
    405: "Diese Seite kann so nicht aufgerufen werden.",
    413: "Die gesendeten Daten sind zu groß.",
    500: "Es ist ein unerwarteter Fehler aufgetreten. Ihre Eingaben wurden nicht gespeichert; bitte versuchen Sie es erneut.",
    503: "Es ist noch kein Förderprogramm eingerichtet. Die Administration richtet es mit „foerderweg init“ ein.",
}


def error_page(status: int, message: str | None = None):
    return (
        render_template(
            "error.html",
            status=status,
            title=ERROR_TITLES.get(status, "Fehler"),
            message=message or ERROR_MESSAGES.get(status, "Die Anfrage konnte nicht ausgeführt werden."),
        ),
        status,
    )


def _csrf_error(error: CSRFError):
    return error_page(
        400,
        "Das Formular ist abgelaufen oder wurde nicht von dieser Anwendung gesendet (Sicherheitsprüfung CSRF). "
        "Bitte laden Sie die Seite neu und senden Sie es noch einmal.",
    )


def _http_error(error: HTTPException):
    detail = error.description if isinstance(error, GermanBadRequest) else None
    if problems.is_api_request():
        return problems.from_http_exception(error, detail)
    return error_page(error.code or 500, detail)


def _refused(error: TransitionRefused):
    if problems.is_api_request():
        return problems.problem(error.status, error.message)
    return error_page(error.status, error.message)


def _unavailable(error: PdfUnavailable | SealUnavailable):
    if problems.is_api_request():
        return problems.problem(503, str(error))
    return error_page(503, str(error))


def _security_headers(response):
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if g.get("user") is not None:
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    csrf.init_app(app)
    app.jinja_env.filters.update(formatting.FILTERS)
    app.jinja_env.globals["today"] = clock.today
    # A glossary term in a page's running text links to its explanation, the first time the page uses it.
    app.jinja_env.filters["glossed"] = lambda text: link_terms(
        text, g.setdefault("glossed_terms", set()), url_for("info.glossary")
    )
    app.jinja_env.globals["state_label"] = lambda name: state_labels().get(name, name)
    # A status tag's class by whose move it is (clerk, authority, nobody), from the case's own workflow.
    app.jinja_env.globals["state_class"] = lambda application: (
        "state waiting-" + mover(workflow_of(application).state(application.state))
    )
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(TransitionRefused, _refused)
    app.register_error_handler(PdfUnavailable, _unavailable)
    app.register_error_handler(SealUnavailable, _unavailable)
    app.after_request(_security_headers)

    from workflow import api
    from workflow.views import register_blueprints

    register_blueprints(app)
    api.init_app(app)

"""The JSON API under /api/v1 (flask-smorest): tokens, problem details, idempotency, the OpenAPI 3.1 document."""

from __future__ import annotations

import http

from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from workflow.api.problems import PROBLEM_MIMETYPE, ProblemSchema

TOKEN_SCHEME = "Zugangsschluessel"  # the name of the OpenAPI security scheme, not a secret  # nosec B105


class FoerderwegApi(Api):
    """flask-smorest with problem details: errors are answered by ``workflow.web`` for every /api/ path,
    also those no blueprint matches (unknown address, wrong method), so no app-wide JSON handler here."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        """Registers none: ``workflow.web`` answers every error under /api/ with a problem document."""

    def _register_responses(self):
        """flask-smorest's error responses (e.g. 422 of a refused query), described as problem documents."""
        for name, description in [(status.name, status.phrase) for status in http.HTTPStatus if status >= 400] + [
            ("DEFAULT_ERROR", "Problem (RFC 9457)")
        ]:
            response = {"description": description, "schema": self.ERROR_SCHEMA}
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(name, response, lazy=True)
        # A conditional GET (If-None-Match with the ETag read before) answers 304 without a body.
        self.spec.components.response("NOT_MODIFIED", {"description": "Nicht geändert (ETag wie angefragt)"}, lazy=True)


def init_app(app: Flask) -> None:
    from workflow.api import (
        cases,
        catalogue,
        documents,
        drafts,
        events,
        procedures,
        reference,
        schemas,
        transitions,
        webhooks,
    )

    api = FoerderwegApi(
        app, spec_kwargs={"info": {"description": reference.DESCRIPTION}, "security": [{TOKEN_SCHEME: []}]}
    )
    api.register_field(schemas.Amount, "string", "decimal")
    api.spec.components.security_scheme(TOKEN_SCHEME, {"type": "http", "scheme": "bearer"})
    for module in (cases, documents, transitions, procedures, drafts, catalogue, events, webhooks):
        api.register_blueprint(module.bp)
    transitions.document_inputs(api.spec)
    procedures.document_inputs(api.spec)
    drafts.document_drafts(api.spec)
    webhooks.document_webhooks(api.spec)
    app.register_blueprint(reference.bp)
    app.extensions["foerderweg_api"] = api

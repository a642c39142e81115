"""Every API blueprint: token authentication, JSON within bounds, idempotent POSTs, no CSRF (no cookies are used)."""

from __future__ import annotations

from flask_smorest import Blueprint

from workflow.api.access import authenticate_request
from workflow.api.idempotency import replay_or_reserve, store_answer
from workflow.api.json_body import refuse_unusable_json
from workflow.views.shared import csrf


def api_blueprint(name: str, import_name: str, description: str) -> Blueprint:
    blueprint = Blueprint(name, import_name, url_prefix="/api/v1", description=description)
    blueprint.before_request(authenticate_request)
    blueprint.before_request(refuse_unusable_json)
    blueprint.before_request(replay_or_reserve)
    blueprint.after_request(store_answer)
    csrf.exempt(blueprint)
    return blueprint

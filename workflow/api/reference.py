"""The API's reference page: every operation of the OpenAPI document, rendered on the server (no CDN)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_reference", __name__)

DESCRIPTION = (
    "Die Schnittstelle von Förderweg. Anmeldung mit einem persönlichen Zugangsschlüssel "
    "(„Authorization: Bearer fw_…“), den Sie unter „Zugangsschlüssel“ anlegen; er handelt mit genau Ihren Rechten. "
    "Fehler kommen als Problem Details (RFC 9457, application/problem+json). Ein POST mit dem Kopf "
    "„Idempotency-Key“ wird bei Wiederholung nicht noch einmal ausgeführt: Sie erhalten die erste Antwort."
)
METHODS = ("get", "post", "put", "patch", "delete")


@bp.get("/api/v1/")
def index():
    spec = current_app.extensions["foerderweg_api"].spec.to_dict()
    areas = {tag["name"]: tag.get("description", tag["name"]) for tag in spec.get("tags", [])}
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "area": areas.get((operation.get("tags") or [""])[0], ""),
        }
        for path, item in spec["paths"].items()
        for method in METHODS
        if (operation := item.get(method))
    ]
    return render_template("api/reference.html", spec=spec, operations=operations)

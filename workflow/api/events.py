"""The event feed: what happened in the cases the token's owner may see, oldest first, read with a cursor."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from marshmallow import fields

from workflow.api.blueprint import api_blueprint
from workflow.api.schemas import MAX_PAGE_SIZE, Strict
from workflow.db import db
from workflow.events.outbox import visible_events
from workflow.events.types import all_event_types
from workflow.models import Event

bp = api_blueprint("api_events", __name__, "Ereignisse: was in den Anträgen geschah (auch als Webhook)")

LARGEST_ID = 2**31 - 1


def _known_type(value: str) -> None:
    if value not in all_event_types():
        raise ma.ValidationError("Unbekannte Ereignisart; die bekannten nennt GET /api/v1/events/types.")


class EventQuery(Strict):
    after = fields.Integer(
        load_default=0,
        validate=ma.validate.Range(0, LARGEST_ID, error="Eine Ereignisnummer ab 0."),
        metadata={"description": "Nur Ereignisse nach dieser Nummer („next_after“ der vorigen Antwort)"},
    )
    limit = fields.Integer(load_default=50, validate=ma.validate.Range(1, MAX_PAGE_SIZE, error="Zwischen 1 und 100."))
    type = fields.List(
        fields.String(validate=_known_type), metadata={"description": "Nur diese Ereignisarten (mehrfach möglich)"}
    )
    case = fields.Integer(
        validate=ma.validate.Range(1, LARGEST_ID, error="Eine Antragsnummer ab 1."),
        metadata={"description": "Nur Ereignisse dieses Antrags"},
    )


class EventOut(ma.Schema):
    """An event, as the feed lists it and a webhook delivers it (the body of the POST)."""

    id = fields.Integer(
        metadata={"description": "Fortlaufende Nummer; der Webhook sendet sie als „webhook-id: evt_<id>“"}
    )
    type = fields.String(
        metadata={"description": "Ereignisart, z. B. case.submitted, decision.issued, payment.executed"}
    )
    timestamp = fields.DateTime(attribute="occurred_at", metadata={"description": "Wann der Schritt geschah"})
    data = fields.Dict(
        metadata={"description": "Antrag (id, file_number, programme, href), Vorgang, Schritt und Status"}
    )


class EventPageOut(ma.Schema):
    items = fields.List(fields.Nested(EventOut))
    next_after = fields.Integer(
        metadata={"description": "Für die nächste Abfrage als „after“; gleich „after“, wenn nichts Neues geschah"}
    )


@bp.get("/events")
@bp.arguments(EventQuery, location="query")
@bp.response(200, EventPageOut)
def list_events(query):
    """Ereignisse der Anträge, die Sie sehen dürfen (interne Schritte nur für die Behörde), älteste zuerst.

    Fragen Sie mit „after“ = „next_after“ der vorigen Antwort weiter ab: Die Nummern folgen der Reihenfolge, in
    der die Schritte abgeschlossen wurden, so geht kein Ereignis verloren und keines kommt zweimal."""
    statement = visible_events(g.user).where(Event.id > query["after"]).limit(query["limit"])
    if query.get("type"):
        statement = statement.where(Event.type.in_(query["type"]))
    if "case" in query:
        statement = statement.where(Event.application_id == query["case"])
    items = db.session.scalars(statement).all()
    return {"items": items, "next_after": items[-1].id if items else query["after"]}


class EventTypesOut(ma.Schema):
    types = fields.List(fields.String())


@bp.get("/events/types")
@bp.response(200, EventTypesOut)
def event_types():
    """Alle Ereignisarten der installierten Programme (abgeleitet aus ihren Verfahrensschritten)"""
    return {"types": all_event_types()}

"""Webhook subscriptions of an organisation through the API: create, list, read the secret, replay, delete, and the
delivery log. Who may is ``permissions.can_manage_webhooks``; the signing follows Standard Webhooks
(``workflow.events.signing``)."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask_smorest import abort
from marshmallow import fields
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workflow.api.blueprint import api_blueprint
from workflow.api.events import LARGEST_ID
from workflow.api.schemas import MAX_PAGE_SIZE, OrganisationOut, Strict
from workflow.db import db
from workflow.events import signing, subscriptions
from workflow.models import WebhookDelivery, WebhookSubscription

bp = api_blueprint("api_webhooks", __name__, "Webhooks: Ereignisse signiert an Ihr System (Standard Webhooks)")


class WebhookIn(Strict):
    url = fields.String(required=True, metadata={"description": "Empfängeradresse (https)"})
    event_types = fields.List(
        fields.String(), load_default=list, metadata={"description": "Ereignisarten (GET /events/types); leer: alle"}
    )
    description = fields.String(load_default="", validate=ma.validate.Length(max=200, error="Höchstens 200 Zeichen."))
    organisation_id = fields.Integer(
        validate=ma.validate.Range(1, LARGEST_ID, error="Eine Nummer ab 1."),
        metadata={"description": "Nur für die Administration; sonst Ihre Organisation"},
    )


class WebhookOut(ma.Schema):
    id = fields.Integer()
    organisation = fields.Nested(OrganisationOut)
    url = fields.String()
    description = fields.String()
    event_types = fields.List(fields.String(), metadata={"description": "Leer: alle Ereignisarten"})
    created_at = fields.DateTime()


class SecretOut(ma.Schema):
    secret = fields.String(metadata={"description": "Schlüssel für die Prüfung der Signatur (whsec_…)"})


class AttemptOut(ma.Schema):
    attempted_at = fields.DateTime()
    status_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    duration_ms = fields.Integer()


class DeliveryOut(ma.Schema):
    id = fields.Integer()
    event = fields.Integer(attribute="event_id")
    event_type = fields.Function(lambda delivery: delivery.event.type)
    status = fields.String(metadata={"description": "pending, delivered, failed (Versuche erschöpft), cancelled"})
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime()
    delivered_at = fields.DateTime(allow_none=True)
    log = fields.List(fields.Nested(AttemptOut), metadata={"description": "Jeder Versuch, ältester zuerst"})


class DeliveryQuery(Strict):
    after = fields.Integer(
        load_default=0,
        validate=ma.validate.Range(0, LARGEST_ID, error="Eine Nummer ab 0."),
        metadata={"description": "Nur Zustellungen nach dieser Nummer"},
    )
    limit = fields.Integer(load_default=50, validate=ma.validate.Range(1, MAX_PAGE_SIZE, error="Zwischen 1 und 100."))


class ReplayIn(Strict):
    after = fields.Integer(
        load_default=0,
        validate=ma.validate.Range(0, LARGEST_ID, error="Eine Ereignisnummer ab 0."),
        metadata={"description": "Alle Ereignisse nach dieser Nummer erneut senden"},
    )


class ReplayOut(ma.Schema):
    queued = fields.Integer(metadata={"description": "So viele Zustellungen warten nun erneut"})


def _subscription(subscription_id: int) -> WebhookSubscription:
    try:
        return subscriptions.load(db.session, g.user, subscription_id)
    except subscriptions.SubscriptionRefused as refused:
        abort(refused.status, message=refused.message)


@bp.get("/webhooks")
@bp.response(200, WebhookOut(many=True))
def list_webhooks():
    """Die Webhooks, die Sie verwalten dürfen (die Ihrer Organisation; die Administration: alle)"""
    return db.session.scalars(subscriptions.manageable(g.user)).all()


@bp.post("/webhooks")
@bp.arguments(WebhookIn)
@bp.response(201, WebhookOut)
def create_webhook(body):
    """Einen Webhook einrichten. Den Schlüssel für die Signaturen liefert GET /webhooks/{id}/secret: so steht er
    nicht in der gespeicherten Antwort einer wiederholten Anfrage (Idempotency-Key)."""
    try:
        return subscriptions.create(
            db.session, g.user, body["url"], body["event_types"], body["description"], body.get("organisation_id")
        )
    except subscriptions.SubscriptionRefused as refused:
        db.session.rollback()
        abort(refused.status, message=refused.message)


@bp.get("/webhooks/<int:subscription_id>")
@bp.response(200, WebhookOut)
def show_webhook(subscription_id: int):
    """Ein Webhook"""
    return _subscription(subscription_id)


@bp.get("/webhooks/<int:subscription_id>/secret")
@bp.response(200, SecretOut)
def webhook_secret(subscription_id: int):
    """Der Schlüssel, mit dem die Zustellungen signiert sind (HMAC-SHA256, Standard Webhooks)"""
    return {"secret": signing.secret_text(_subscription(subscription_id).secret)}


@bp.delete("/webhooks/<int:subscription_id>")
@bp.response(204)
def delete_webhook(subscription_id: int):
    """Einen Webhook löschen: nichts geht mehr an ihn, wartende Zustellungen entfallen, das Protokoll bleibt"""
    subscriptions.delete(db.session, _subscription(subscription_id))


@bp.get("/webhooks/<int:subscription_id>/deliveries")
@bp.arguments(DeliveryQuery, location="query")
@bp.response(200, DeliveryOut(many=True))
def deliveries(query, subscription_id: int):
    """Das Zustellprotokoll: jede Zustellung mit jedem Versuch und der Antwort Ihres Systems"""
    subscription = _subscription(subscription_id)
    return db.session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.subscription_id == subscription.id, WebhookDelivery.id > query["after"])
        .options(selectinload(WebhookDelivery.event), selectinload(WebhookDelivery.log))
        .order_by(WebhookDelivery.id)
        .limit(query["limit"])
    ).all()


@bp.post("/webhooks/<int:subscription_id>/replay")
@bp.arguments(ReplayIn)
@bp.response(202, ReplayOut)
def replay(body, subscription_id: int):
    """Alle Ereignisse nach „after“, die dieser Webhook bekam oder bekommen sollte, erneut senden (gleiche Nummern)"""
    return {"queued": subscriptions.replay(db.session, _subscription(subscription_id), body["after"])}


def document_webhooks(spec) -> None:
    """The request a receiver gets, as an OpenAPI 3.1 webhook: the event's body and the signature's headers."""
    headers = [
        {"name": name, "in": "header", "required": True, "description": description, "schema": {"type": "string"}}
        for name, description in (
            ("webhook-id", "evt_<id> des Ereignisses; bei jeder Wiederholung gleich: damit entdoppeln"),
            ("webhook-timestamp", "Sekunden seit 1970 dieses Versuchs"),
            ("webhook-signature", "v1,<Base64 von HMAC-SHA256 über „id.timestamp.body“ mit dem Schlüssel>"),
        )
    ]
    spec.options["webhooks"] = {
        "event": {
            "post": {
                "summary": "Ein Ereignis an Ihr System (Standard Webhooks)",
                "description": "Antworten Sie mit 2xx, sobald Sie es gespeichert haben; sonst kommt es mit wachsenden Pausen "
                "erneut. Prüfen Sie die Signatur und verwerfen Sie bekannte webhook-ids.",
                "parameters": headers,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventOut"}}},
                },
                "responses": {"2XX": {"description": "Angenommen"}},
            }
        }
    }

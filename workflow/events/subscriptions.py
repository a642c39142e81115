"""An organisation's webhook subscriptions: made, listed, replayed and deleted by those ``permissions`` allows.

A refused request raises ``SubscriptionRefused`` with a German message and the HTTP status it answers with.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.text import strip_control_characters
from workflow.events import signing
from workflow.events.types import all_event_types
from workflow.models import Organisation, User, WebhookDelivery, WebhookSubscription

MAX_URL = 500


class SubscriptionRefused(Exception):
    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status


def _checked_url(url: str) -> str:
    url = url.strip()
    schemes = ("https", "http") if current_app.config["WEBHOOK_ALLOW_HTTP"] else ("https",)
    try:
        parts = urlsplit(url)
        usable = (
            parts.scheme in schemes
            and bool(parts.hostname)
            and parts.port != 0
            and len(url) <= MAX_URL
            and strip_control_characters(url) == url
            and not any(c.isspace() for c in url)
        )
    except ValueError:  # a port that is no number or out of range
        usable = False
    if not usable:
        raise SubscriptionRefused(
            f"Die Adresse „{strip_control_characters(url)[:100]}“ taugt nicht als Empfänger: erwartet wird eine vollständige "
            f"{' oder '.join(s + '://' for s in schemes)}-Adresse mit höchstens {MAX_URL} Zeichen."
        )
    if parts.username or parts.password or parts.fragment:
        raise SubscriptionRefused(
            "Die Adresse darf weder Zugangsdaten noch einen Anker (#) enthalten; die Zustellungen sind signiert."
        )
    return url


def create(
    session: Session,
    actor: User,
    url: str,
    event_types: list[str],
    description: str = "",
    organisation_id: Optional[int] = None,
) -> WebhookSubscription:
    """A new subscription of ``organisation_id`` (default: the actor's own organisation) with a fresh secret."""
    organisation_id = organisation_id if organisation_id is not None else actor.organisation_id
    if organisation_id is None or session.get(Organisation, organisation_id) is None:
        raise SubscriptionRefused("Bitte geben Sie die Organisation an, für die das Abonnement gilt (organisation_id).")
    if not permissions.can_manage_webhooks(actor, organisation_id):
        raise SubscriptionRefused("Sie dürfen Webhooks nur für Ihre eigene Organisation einrichten.", 403)
    unknown = sorted(set(event_types) - set(all_event_types()))
    if unknown:
        raise SubscriptionRefused(
            f"Unbekannte Ereignisarten: {', '.join(unknown)}. Die bekannten nennt GET /api/v1/events/types."
        )
    subscription = WebhookSubscription(
        organisation_id=organisation_id,
        url=_checked_url(url),
        description=strip_control_characters(description).strip(),
        event_types=sorted(set(event_types)),
        secret=signing.new_secret(),
        created_by_id=actor.id,
        created_at=clock.now(),
    )
    session.add(subscription)
    session.commit()
    return subscription


def manageable(user: User) -> Select:
    """The subscriptions ``user`` may manage, not deleted, oldest first."""
    query = select(WebhookSubscription).where(WebhookSubscription.deleted_at.is_(None)).order_by(WebhookSubscription.id)
    if not permissions.can_manage_webhooks(user, None):  # whoever may not manage any organisation's: only their own
        query = query.where(WebhookSubscription.organisation_id == user.organisation_id)
    return query


def load(session: Session, user: User, subscription_id: int) -> WebhookSubscription:
    subscription = session.get(WebhookSubscription, subscription_id)
    if (
        subscription is None
        or subscription.deleted_at is not None
        or not permissions.can_manage_webhooks(user, subscription.organisation_id)
    ):
        raise SubscriptionRefused("Dieses Abonnement gibt es nicht oder Sie dürfen es nicht verwalten.", 404)
    return subscription


def delete(session: Session, subscription: WebhookSubscription) -> None:
    """Nothing more goes out to it; what waits is cancelled, the delivery log stays."""
    subscription.deleted_at = clock.now()
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.subscription_id == subscription.id, WebhookDelivery.status == WebhookDelivery.PENDING)
        .values(status=WebhookDelivery.CANCELLED, claim_token=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def replay(session: Session, subscription: WebhookSubscription, after: int) -> int:
    """Send again every event this subscription was given after event ``after``, whatever became of it (a receiver
        that lost what it took, or one that was down longer than the attempts last); returns how many. The events keep
        their ids, so a receiver that already has one recognises it. A delivery on its way just now is sent once more:
    its claim is dropped, so the attempt under way cannot mark the replayed one done."""
    queued = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.subscription_id == subscription.id, WebhookDelivery.event_id > after)
        .values(
            status=WebhookDelivery.PENDING,
            next_attempt_at=clock.now(),
            attempts=0,
            claim_token=None,
            claimed_until=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    return queued

"""Sending the webhooks: a run claims the due deliveries (``claim_token``, ``claimed_until``, as the mail queue does,
so two scheduler processes never send one twice at the same time), posts each signed, and records the attempt.

A delivery counts as done only when the receiver answers 2xx; anything else (no connection, a timeout, 5xx, 4xx)
is tried again after an exponentially growing pause (``WEBHOOK_RETRY_FIRST`` doubled per attempt, at most
``WEBHOOK_RETRY_MAX``) until ``WEBHOOK_MAX_ATTEMPTS``; then it is ``failed`` until a replay. Delivery is at least
once: a receiver that took an event but whose answer was lost gets it again, with the same ``webhook-id``.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from workflow import clock
from workflow.events import signing
from workflow.models import Event, WebhookAttempt, WebhookDelivery

BATCH_SIZE = 100
CLAIM_LEASE = timedelta(minutes=5)
# What is read of a receiver's answer: its status decides, its body is not kept.
ANSWER_LIMIT = 64 * 1024
USER_AGENT = "Foerderweg-Webhooks/1"


@dataclass
class WebhookReport:
    delivered: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def anything_happened(self) -> bool:
        return bool(self.delivered or self.failed)

    def summary(self) -> str:
        text = f"{self.delivered} Webhook(s) zugestellt"
        return text + (f", {len(self.failed)} nicht: " + "; ".join(self.failed) if self.failed else "")


def body_of(event: Event) -> bytes:
    """The event as the feed shows it (``api.events.EventOut``), in the Standard Webhooks shape."""
    payload = {"id": event.id, "type": event.type, "timestamp": event.occurred_at.isoformat(), "data": event.data}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def retry_delay(attempts: int) -> timedelta:
    config = current_app.config
    return min(config["WEBHOOK_RETRY_MAX"], config["WEBHOOK_RETRY_FIRST"] * 2 ** max(0, attempts - 1))


def deliver_webhooks(session: Session) -> WebhookReport:
    """Send every delivery that is due; what the receiver does not take now waits for its next attempt."""
    report = WebhookReport()
    token = secrets.token_hex(16)
    for delivery in _claim_due(session, token, clock.now()):
        _attempt(session, delivery, token, report)
    return report


def _claim_due(session: Session, token: str, now: datetime) -> list[WebhookDelivery]:
    due = (
        select(WebhookDelivery.id)
        .where(
            WebhookDelivery.status == WebhookDelivery.PENDING,
            WebhookDelivery.next_attempt_at <= now,
            or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < now),
        )
        .order_by(WebhookDelivery.event_id, WebhookDelivery.id)
        .limit(BATCH_SIZE)
        .with_for_update(skip_locked=True)
    )
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(due.scalar_subquery()))
        .values(claim_token=token, claimed_until=now + CLAIM_LEASE, attempts=WebhookDelivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.claim_token == token, WebhookDelivery.status == WebhookDelivery.PENDING)
            .options(selectinload(WebhookDelivery.event), selectinload(WebhookDelivery.subscription))
            .order_by(WebhookDelivery.event_id, WebhookDelivery.id)
        )
    )


def _attempt(session: Session, delivery: WebhookDelivery, token: str, report: WebhookReport) -> None:
    subscription, event = delivery.subscription, delivery.event
    body = body_of(event)
    moment = clock.now()
    headers = signing.headers(subscription.secret, event.webhook_id, int(moment.timestamp()), body)
    started = time.monotonic()
    status, error = None, None
    try:
        status = post(subscription.url, body, {**headers, "User-Agent": USER_AGENT})
    except (
        OSError,
        HTTPException,
        ValueError,
    ) as failure:  # no connection, refused, timed out, a broken answer, a bad address
        error = f"{type(failure).__name__}: {failure}"[:2000]
    if status is not None and not 200 <= status < 300:
        error = f"Antwort {status}"
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            attempted_at=moment,
            status_code=status,
            error=error,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
    )
    values: dict = {"claimed_until": None, "last_status": status, "last_error": error}
    if error is None:
        values.update(status=WebhookDelivery.DELIVERED, delivered_at=moment)
        report.delivered += 1
    else:
        if delivery.attempts >= current_app.config["WEBHOOK_MAX_ATTEMPTS"]:
            values["status"] = WebhookDelivery.FAILED
        else:
            values["next_attempt_at"] = moment + retry_delay(delivery.attempts)
        report.failed.append(f"{event.webhook_id} an {subscription.url}: {error}")
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery.id, WebhookDelivery.claim_token == token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST ``body`` to ``url`` and return the answer's status. Redirects are not followed: a receiver names its
    final address, and a redirect must not carry a signed event somewhere else."""
    parts = urlsplit(url)
    connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=current_app.config["WEBHOOK_TIMEOUT_SECONDS"])
    try:
        connection.request(
            "POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers
        )
        answer = connection.getresponse()
        answer.read(ANSWER_LIMIT)
        return answer.status
    finally:
        connection.close()

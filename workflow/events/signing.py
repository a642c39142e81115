"""Signatures after the Standard Webhooks convention (standardwebhooks.com), so receivers can use its libraries.

The secret is ``whsec_`` followed by the base64 of 32 random bytes; each request carries ``webhook-id`` (the event,
the same on every retry: the receiver's key to deduplicate), ``webhook-timestamp`` (seconds since the epoch, of this
attempt) and ``webhook-signature: v1,<base64 of HMAC-SHA256 over "id.timestamp.body">``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # the marker of the convention, not a secret  # nosec B105
SECRET_BYTES = 32


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def secret_text(key: bytes) -> str:
    """The secret as the receiver configures it."""
    return SECRET_PREFIX + base64.b64encode(key).decode("ascii")


def signature(key: bytes, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode("ascii") + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")


def headers(key: bytes, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(key, message_id, timestamp, body),
        "Content-Type": "application/json",
    }

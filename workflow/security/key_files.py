"""Keys kept in files beside the application, never in the database: 32 random bytes as URL-safe base64, readable
by the owner only (the counselling key, the key that seals the history chains' anchors)."""

from __future__ import annotations

import base64
import os
import secrets


def new_key_text() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def write_key_file(path: str, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(text + "\n")

"""The installation's key: what must never be readable in the database is AES-256-GCM ciphertext under it.

That is the counselling's personal fields (``workflow.counselling``), the TOTP secrets of the second factor, and
a one-time link while its mail waits to be sent. The key comes from ``COUNSELLING_KEY`` (configuration or
environment, 32 bytes as URL-safe base64); without one a generated key in ``COUNSELLING_KEY_DIR`` (default: the
instance folder, ``instance/counselling.key``). Each ciphertext names the key it was made with (the first 8 hex
digits of the key's SHA-256), so a rotation can re-encrypt row by row while both keys are known (``rotate_key``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from sqlalchemy import LargeBinary, Text
from sqlalchemy.types import TypeDecorator

from workflow.security.key_files import new_key_text, write_key_file

KEY_FILE = "counselling.key"
NEW_KEY_FILE = "counselling.key.new"
FORMAT = b"g1"  # the format of a ciphertext: g1 | key id (8) | nonce (12) | AES-GCM output
NONCE_BYTES = 12


class KeyMissing(RuntimeError):
    """No key to decrypt a value with: the key was rotated away or the configuration lost it."""


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(key).hexdigest()[:8].encode("ascii")


def decode_key(text: str) -> bytes:
    key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    if len(key) != 32:
        raise ValueError("COUNSELLING_KEY muss 32 Byte lang sein (URL-sicheres Base64).")
    return key


def _read_key_file(path: str) -> bytes | None:
    if not os.path.exists(path):
        return None
    with open(path, encoding="ascii") as handle:
        return decode_key(handle.read())


class KeyRing:
    """The key that encrypts, and every key that may still decrypt (during a rotation)."""

    def __init__(self, current: bytes, others: tuple[bytes, ...] = ()):
        self.current = current
        self.keys = {key_id(key): key for key in (*others, current)}

    def encrypt(self, plain: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        kid = key_id(self.current)
        return FORMAT + kid + nonce + AESGCM(self.current).encrypt(nonce, plain, FORMAT + kid)

    def decrypt(self, stored: bytes) -> bytes:
        kid, nonce, sealed = stored[2:10], stored[10:22], stored[22:]
        if stored[:2] != FORMAT or kid not in self.keys:
            raise KeyMissing("Für diese Daten ist kein Schlüssel vorhanden.")
        return AESGCM(self.keys[kid]).decrypt(nonce, sealed, FORMAT + kid)


def key_folder(app) -> str:
    """Where the key files live: ``COUNSELLING_KEY_DIR``, else the instance folder."""
    return app.config.get("COUNSELLING_KEY_DIR") or app.instance_path


def key_ring_for(app) -> KeyRing:
    """The app's key ring: the configured key, else the instance key file (created on first use).

    A half-done rotation leaves ``counselling.key.new`` beside the key file: both keys then decrypt.
    """
    configured = app.config.get("COUNSELLING_KEY")
    folder = key_folder(app)
    path = os.path.join(folder, KEY_FILE)
    pending = _read_key_file(os.path.join(folder, NEW_KEY_FILE))
    if configured:
        current = decode_key(configured)
    else:
        current = _read_key_file(path)
        if current is None:
            write_key_file(path, new_key_text())
            current = _read_key_file(path)
    return KeyRing(current, (pending,) if pending else ())


def key_ring() -> KeyRing:
    extensions = current_app.extensions
    if "counselling.keys" not in extensions:
        extensions["counselling.keys"] = key_ring_for(current_app)
    return extensions["counselling.keys"]


DATA_KEY_FORMAT = b"p1"  # a value under a data key of its own: p1 | nonce (12) | AES-GCM output


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal_with(key: bytes, plain: bytes) -> bytes:
    """``plain`` under a data key of its own (a counselled person's), not the installation's key."""
    nonce = os.urandom(NONCE_BYTES)
    return DATA_KEY_FORMAT + nonce + AESGCM(key).encrypt(nonce, plain, DATA_KEY_FORMAT)


def open_with(key: bytes, sealed: bytes) -> bytes:
    if sealed[:2] != DATA_KEY_FORMAT:
        raise KeyMissing("Diese Daten sind nicht mit dem Schlüssel der Person verschlüsselt.")
    return AESGCM(key).decrypt(sealed[2:14], sealed[14:], DATA_KEY_FORMAT)


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")


def seal_json_with(key: bytes, value: Any) -> str:
    return base64.b64encode(seal_with(key, _json_bytes(value))).decode("ascii")


def open_json_with(key: bytes, text: str) -> Any:
    return json.loads(open_with(key, base64.b64decode(text)).decode("utf-8"))


class EncryptedJSON(TypeDecorator):
    """A JSON value stored as AES-GCM ciphertext (base64 text); nothing of it is readable in the database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect):
        if value is None:
            return None
        return base64.b64encode(key_ring().encrypt(_json_bytes(value))).decode("ascii")

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return json.loads(key_ring().decrypt(base64.b64decode(value)).decode("utf-8"))


class EncryptedBytes(TypeDecorator):
    """A file (the signed consent) stored as AES-GCM ciphertext."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else key_ring().encrypt(bytes(value))

    def process_result_value(self, value, dialect):
        return None if value is None else key_ring().decrypt(bytes(value))

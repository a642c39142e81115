"""TOTP (RFC 6238) and recovery codes: secrets, the enrolment QR code, checking a code.

Recovery codes are stored as SHA-256 digests: they are random (50 bits each), so a slow
hash adds nothing, and each works once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import pyotp
import segno

ISSUER = "Förderweg"
RECOVERY_CODES = 10
# Alphabet without 0/O and 1/l/I, so that a printed code reads back without doubt.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_data_uri(secret: str, username: str) -> str:
    """The enrolment link as an SVG QR code in a data: URI (the page's CSP allows data: images)."""
    return segno.make(provisioning_uri(secret, username), error="m").svg_data_uri(scale=5, border=2)


def normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The 30-second time step whose code ``code`` is: that of ``at``, or the one before or after (phones' clocks
    drift by some seconds); None if it is none of them. The caller refuses a step used before (ASVS 2.8.4)."""
    code = normalised(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(at)
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def new_recovery_codes() -> list[str]:
    """Codes as people see them: ``abcde-fghij``."""
    raw = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    return [f"{code[:5]}-{code[5:]}" for code in raw]


def recovery_digest(code: str) -> str:
    return hashlib.sha256(normalised(code).encode("utf-8")).hexdigest()

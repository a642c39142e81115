"""Rules for a password someone chooses (OWASP ASVS 4.0, V2.1): long enough, not a known breached one.

No composition rules (ASVS 2.1.9). The list of breached passwords is the one Django ships
(``common-passwords.txt.gz``, 19,646 passwords from public breaches, BSD licence of the
Django Software Foundation); it is compared without regard to case. The rules apply when a
password is set; existing hashes (the demo's) stay valid.
"""
from __future__ import annotations

import functools
import gzip
from importlib.resources import files
from typing import Optional

MIN_LENGTH = 12
MAX_LENGTH = 128  # ASVS 2.1.2 allows at least 64; more only costs hashing time


@functools.cache
def breached_passwords() -> frozenset[str]:
    content = files("workflow.reference").joinpath("common-passwords.txt.gz").read_bytes()
    return frozenset(line.strip().lower() for line in gzip.decompress(content).decode("utf-8").splitlines() if line.strip())


def password_problem(password: str, *, username: str = "", email: str = "") -> Optional[str]:
    """Why ``password`` may not be chosen, in German; None if it may."""
    if len(password) < MIN_LENGTH:
        return f"Das Passwort muss mindestens {MIN_LENGTH} Zeichen lang sein (jetzt {len(password)})."
    if len(password) > MAX_LENGTH:
        return f"Das Passwort darf höchstens {MAX_LENGTH} Zeichen lang sein."
    lowered = password.lower()
    if lowered in breached_passwords():
        return "Dieses Passwort steht auf einer Liste veröffentlichter, unsicherer Passwörter. Bitte wählen Sie ein anderes."
    if lowered in {username.lower(), email.lower()} - {""}:
        return "Das Passwort darf nicht Ihr Benutzername oder Ihre E-Mail-Adresse sein."
    return None

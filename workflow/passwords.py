"""Rules for a password someone chooses (OWASP ASVS 4.0, V2.1): long enough, not a known breached one.

No composition rules (ASVS 2.1.9). The list of breached passwords is the one Django ships
(``common-passwords.txt.gz``, 19,646 passwords from public breaches, BSD licence of the
Django Software Foundation); it is compared without regard to case. Few of its entries are
12 characters long, so the usual ways to lengthen one are refused as well: the same word
repeated („passwortpasswort“) and digits or marks appended („password1234!“). The rules apply when a
password is set; existing hashes (the demo's) stay valid.
"""
from __future__ import annotations

import functools
import gzip
import re
from importlib.resources import files
from typing import Optional

MIN_LENGTH = 12
MAX_LENGTH = 128  # ASVS 2.1.2 allows at least 64; more only costs hashing time
APPENDED = re.compile(r"[\W\d_]+$")
REPEATED = re.compile(r"(.+?)\1+")


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
    if _breached(lowered):
        return "Dieses Passwort steht auf einer Liste veröffentlichter, unsicherer Passwörter. Bitte wählen Sie ein anderes."
    if lowered in {username.lower(), email.lower()} - {""}:
        return "Das Passwort darf nicht Ihr Benutzername oder Ihre E-Mail-Adresse sein."
    return None


def _breached(lowered: str) -> bool:
    known = breached_passwords()
    stem = APPENDED.sub("", lowered)
    repeated = REPEATED.fullmatch(stem)
    return lowered in known or stem in known or (repeated is not None and repeated.group(1) in known)

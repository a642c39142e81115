"""Rules for a password someone chooses (OWASP ASVS 4.0, V2.1): long enough, not a known breached one, not guessable.

No composition rules (ASVS 2.1.9). The list of breached passwords is the one Django ships
(``common-passwords.txt.gz``, 19,646 passwords from public breaches, BSD licence of the
Django Software Foundation); it is compared without regard to case. Few of its entries are
12 characters long, so the usual ways to lengthen one are refused as well: the same word
repeated („passwortpasswort“) and digits or marks appended („password1234!“).

Then the strength estimator zxcvbn (Dropbox's, as kept on PyPI) guesses how many tries an attacker needs: it
knows English words and passwords, sequences, repetitions, dates and years; we add German words
(``reference/deutsche-passwortwoerter.txt``), the rows of the German keyboard, and the service's own names (the
programme, the authorities, Kreise and courts of the reference data), each also spelt with ae/oe/ue and without
umlauts. A password below ``MIN_SCORE`` is refused with the parts that made it guessable, in German.
The rules apply when a password is set; existing hashes (the demo's) stay valid.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import re
from importlib.resources import files
from typing import Any, Optional

from zxcvbn import zxcvbn
from zxcvbn.matching import add_frequency_lists

MIN_LENGTH = 12
MAX_LENGTH = 128  # ASVS 2.1.2 allows at least 64; more only costs hashing time
APPENDED = re.compile(r"[\W\d_]+$")
REPEATED = re.compile(r"(.+?)\1+")
# zxcvbn's top score: at least 10^10 guesses. Its 3 (10^8) let two place names with a hyphen pass
# („Sigmaringen-Tübingen“), which an attacker who knows the service tries early; phrases of a few words reach 4.
MIN_SCORE = 4
GERMAN_KEYBOARD_ROWS = ("1234567890ß", "qwertzuiopü", "asdfghjklöä", "yxcvbnm", "ßß0987654321", "üpoiuztrewq")
SERVICE_NAMES = (
    "Förderweg",
    "Regierungspräsidium",
    "Integrationsmanagement",
    "Integrationsmanager",
    "Integrationsmanagerin",
    "Integrationsbeauftragte",
    "Integrationsplan",
    "Pakt für Integration",
    "Planungsrahmen",
    "Zuwendungsbescheid",
    "Baden-Württemberg",
    "Ministerium",
    "Landesoberkasse",
    "Verwaltungsgericht",
    "Zuwendung",
    "Förderung",
)
UMLAUTS = (
    str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}),
    str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "s"}),
)


@functools.cache
def breached_passwords() -> frozenset[str]:
    content = files("workflow.reference").joinpath("common-passwords.txt.gz").read_bytes()
    return frozenset(
        line.strip().lower() for line in gzip.decompress(content).decode("utf-8").splitlines() if line.strip()
    )


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
    return _guessable(password, [part for part in (username, *email.split("@")) if part])


def _breached(lowered: str) -> bool:
    known = breached_passwords()
    stem = APPENDED.sub("", lowered)
    repeated = REPEATED.fullmatch(stem)
    return lowered in known or stem in known or (repeated is not None and repeated.group(1) in known)


def _spellings(words) -> list[str]:
    """Each word lower-case, with umlauts as written, as ae/oe/ue and without; spaces and hyphens left out too."""
    result: dict[str, None] = {}
    for word in words:
        word = word.strip().lower()
        for variant in (word, *(word.translate(table) for table in UMLAUTS)):
            for joined in (variant, variant.replace(" ", "").replace("-", "")):
                result[joined] = None
    return list(result)


def _reference_names() -> list[str]:
    """The names of the authorities, Kreise and courts the reference data ships, with their parts."""
    names = []
    for table, columns in (
        ("regierungsbezirke.csv", ("name", "authority_name", "city")),
        ("kreise.csv", ("name",)),
        ("verwaltungsgerichte.csv", ("name", "city")),
    ):
        text = files("workflow.reference").joinpath(table).read_text(encoding="utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            for column in columns:
                if row.get(column):
                    names += [row[column], *row[column].split()]
    return names


@functools.cache
def _prepare_estimator() -> None:
    """Teach zxcvbn German, the German keyboard and the service's names (once per process)."""
    lines = (
        files("workflow.reference").joinpath("deutsche-passwortwoerter.txt").read_text(encoding="utf-8").splitlines()
    )
    german = [line for line in lines if line.strip() and not line.startswith("#")]
    rows = [row[:end] for row in GERMAN_KEYBOARD_ROWS for end in range(len(row), 3, -1)]
    add_frequency_lists(
        {"german": _spellings(german), "keyboard": rows, "service": _spellings([*SERVICE_NAMES, *_reference_names()])}
    )


def _guessable(password: str, own_words: list[str]) -> Optional[str]:
    _prepare_estimator()
    result = zxcvbn(password, user_inputs=own_words, max_length=MAX_LENGTH)
    if result["score"] >= MIN_SCORE:
        return None
    parts = list(dict.fromkeys(filter(None, map(_part, result["sequence"]))))
    found = f" Es enthält {_listed(parts)}." if parts else ""
    return (
        f"Dieses Passwort ist zu leicht zu erraten.{found} Gut sind mehrere Wörter, die nicht zusammengehören, "
        "etwa ein kurzer, ungewöhnlicher Satz."
    )


DICTIONARY_PARTS = {
    "service": "einen Namen dieses Dienstes, seiner Behörden oder Orte",
    "german": "ein häufiges deutsches Wort",
    "keyboard": "eine Tastaturreihe",
    "passwords": "ein häufig benutztes Passwort",
    "user_inputs": "Ihren Benutzernamen oder Teile Ihrer E-Mail-Adresse",
}
PATTERN_PARTS = {
    "spatial": "eine Tastaturreihe",
    "sequence": "eine Zeichenfolge wie „abc“ oder „1234“",
    "repeat": "eine Wiederholung",
    "regex": "eine Jahreszahl",
    "date": "ein Datum oder eine Jahreszahl",
}


def _part(match: dict[str, Any]) -> Optional[str]:
    """What one matched piece of the password is, in German with the piece itself; None for random characters."""
    if match["pattern"] == "dictionary":
        kind = DICTIONARY_PARTS.get(match["dictionary_name"], "ein häufiges Wort oder einen häufigen Namen")
    else:
        kind = PATTERN_PARTS.get(match["pattern"])
    return f"{kind} („{match['token']}“)" if kind else None


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " und " + parts[-1]

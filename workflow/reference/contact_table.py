"""Checking a table of municipal contacts (AGS, Gemeinde, Name, E-Mail, Funktion) before any account is made.

Pure, like the other reference tables (``workflow.reference.reference_table`` reads the file and
finds the header): the caller passes the Gemeinden that exist and the usernames already
taken; the result lists every row that can be imported and every problem with its line.
The e-mail address becomes the username, so one address is one account. Each row names its Gemeinde
as well as its key, and the two must agree: a mistyped key would otherwise make the clerk of one
Gemeinde a clerk of another, with access to its cases.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping

from email_validator import EmailNotValidError, validate_email

from workflow.reference.reference_table import (
    AGS_COLUMN,
    Column,
    InvalidCell,
    Problem,
    data_rows,
    first_word,
    open_table,
    parse_ags,
)
from workflow.reference.tables import Cell
from workflow.text import strip_control_characters


COLUMNS = (
    AGS_COLUMN,
    Column("gemeinde", "Gemeinde", "„Gemeinde“ oder „Kommune“", first_word("gemeinde", "gemeindename", "kommune")),
    Column(
        "name",
        "Name",
        "„Name“ oder „Ansprechperson“",
        first_word("name", "ansprechperson", "ansprechpartner", "ansprechpartnerin", "kontakt"),
    ),
    Column("email", "E-Mail", "„E-Mail“ oder „E-Mail-Adresse“", first_word("e", "email", "mail")),
    Column("function", "Funktion", "„Funktion“", first_word("funktion", "aufgabe"), required=False),
)
LIMITS = {"name": 200, "function": 100, "gemeinde": 200}
# Words of an official name a table may add or leave out: „Stadt Tettnang“, „Tettnang, Stadt“.
TITLES = {"stadt", "gemeinde", "große", "grosse", "kreisstadt", "landeshauptstadt", "universitätsstadt", "hansestadt"}
USERNAME_LENGTH = 80


@dataclass(frozen=True)
class ContactRow:
    line: int
    ags: str
    gemeinde: str
    name: str
    email: str
    function: str


@dataclass(frozen=True)
class CheckedContacts:
    description: str
    rows: tuple[ContactRow, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _text(cell: Cell, key: str, label: str, required: bool) -> str:
    text = " ".join(strip_control_characters(str(cell)).split()) if cell is not None else ""
    if required and not text:
        raise InvalidCell(f"{label} fehlt.")
    if len(text) > LIMITS[key]:
        raise InvalidCell(f"{label} ist länger als {LIMITS[key]} Zeichen.")
    return text


def parse_email(cell: Cell) -> str:
    text = "".join(str(cell).split()) if cell is not None else ""
    if not text:
        raise InvalidCell("Die E-Mail-Adresse fehlt.")
    try:
        address = validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidCell(f"„{text}“ ist keine gültige E-Mail-Adresse.") from None
    if len(address) > USERNAME_LENGTH:
        raise InvalidCell(
            f"Die E-Mail-Adresse ist länger als {USERNAME_LENGTH} Zeichen und taugt nicht als Benutzername."
        )
    return address


def comparable(name: str) -> str:
    """A Gemeinde's name as compared with the key's: case, accents, punctuation and titles aside."""
    plain = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return " ".join(word for word in re.findall(r"\w+", plain) if word not in TITLES)


def check_contact_table(content: bytes, known: Mapping[str, str], taken_usernames) -> CheckedContacts:
    """Every row and every problem of the table in ``content``; nothing is written anywhere.

    ``known``: key → name of the Gemeinden there are; ``taken_usernames``: the usernames in use (lower case)."""
    opened = open_table(content, COLUMNS)
    if opened.problems:
        return CheckedContacts(opened.description, problems=opened.problems)
    rows: list[ContactRow] = []
    problems: list[Problem] = []
    notes: list[str] = []
    first_line: dict[str, int] = {}
    for row, cells in data_rows(opened, notes):
        messages, values = [], {}
        for key, read in (
            ("ags", parse_ags),
            ("gemeinde", lambda cell: _text(cell, "gemeinde", "Die Gemeinde", True)),
            ("name", lambda cell: _text(cell, "name", "Der Name", True)),
            ("email", parse_email),
            ("function", lambda cell: _text(cell, "function", "Die Funktion", False)),
        ):
            try:
                values[key] = read(cells.get(key))
            except InvalidCell as error:
                messages.append(error.message)
        if "ags" in values and values["ags"] not in known:
            messages.append(f"Eine Gemeinde mit dem Schlüssel {values['ags']} ist nicht bekannt.")
        elif (
            "ags" in values
            and "gemeinde" in values
            and comparable(values["gemeinde"]) != comparable(known[values["ags"]])
        ):
            messages.append(
                f"Der Schlüssel {values['ags']} gehört zu {known[values['ags']]}, nicht zu "
                f"„{values['gemeinde']}“. Bitte prüfen Sie Schlüssel und Gemeinde."
            )
        email = values.get("email", "").lower()
        if email in first_line:
            messages.append(f"Die E-Mail-Adresse {values['email']} steht bereits in Zeile {first_line[email]}.")
        elif email and email in taken_usernames:
            messages.append(f"Für {values['email']} gibt es schon ein Konto.")
        if email:
            first_line.setdefault(email, row.line)
        if messages:
            problems.extend(Problem(row.line, message) for message in messages)
        else:
            rows.append(ContactRow(row.line, **values))
    if not rows and not problems:
        problems.append(Problem(opened.header.row.line, "Unter der Kopfzeile stehen keine Kontakte."))
    return CheckedContacts(opened.description, tuple(rows), tuple(problems), tuple(notes))

"""Checking a table of postal addresses and heads of organisations before anything is written.

Pure, like the Einwohnerzahlen check (``workflow.reference.population_table``): the
caller passes the keys of the organisations that exist; the result lists every
row that can be imported and every problem with the file's line number. An
unknown key is refused, never created. Keys are those of Gemeinden (8 digits)
or of Kreise (5 digits: a Landkreis applies too, with its Landrat).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Optional

from workflow.reference.reference_table import (
    AGS_COLUMN,
    Column,
    DuplicateKeys,
    InvalidCell,
    Problem,
    data_rows,
    first_word,
    open_table,
    parse_ags,
)
from workflow.models.organisation import LAND_AGS
from workflow.reference.tables import Cell
from workflow.text import strip_control_characters


_HEAD_WORDS = {
    "leitung",
    "behördenleitung",
    "verwaltungsleitung",
    "bürgermeister",
    "bürgermeisterin",
    "oberbürgermeister",
}
COLUMNS = (
    AGS_COLUMN,
    Column("street", "Straße", "„Straße“ oder „Anschrift“", first_word("straße", "strasse", "anschrift", "adresse")),
    Column("postcode", "PLZ", "„PLZ“ oder „Postleitzahl“", first_word("plz", "postleitzahl")),
    Column("city", "Ort", "„Ort“", first_word("ort", "postort")),
    Column("head_title", "Funktion", "„Funktion“ oder „Amtsbezeichnung“", first_word("funktion", "amtsbezeichnung")),
    Column(
        "head_name",
        "Name der Leitung",
        "„Name der Leitung“ oder „Bürgermeister/in“",
        lambda found: bool(_HEAD_WORDS.intersection(found)) and "funktion" not in found,
    ),
    # „Stadt Tettnang“: how letters address the body; without it they use the organisation's name.
    Column(
        "addressee",
        "Bezeichnung",
        "„Bezeichnung“ oder „Empfänger“",
        first_word("bezeichnung", "empfänger"),
        required=False,
    ),
)
# Lengths of the columns in ``organisation``.
LIMITS = {"street": 200, "city": 100, "head_title": 100, "head_name": 200, "addressee": 200}


@dataclass(frozen=True)
class AddressRow:
    line: int
    ags: str
    street: str
    postcode: str
    city: str
    head_title: str
    head_name: str
    addressee: str


@dataclass(frozen=True)
class CheckedAddresses:
    description: str
    rows: tuple[AddressRow, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def check_address_table(content: bytes, known_keys: Collection[str]) -> CheckedAddresses:
    """Every row and every problem of the table in ``content``; nothing is written anywhere."""
    opened = open_table(content, COLUMNS)
    if opened.problems:
        return CheckedAddresses(opened.description, problems=opened.problems)
    rows: list[AddressRow] = []
    problems: list[Problem] = []
    notes: list[str] = []
    duplicates = DuplicateKeys()
    for row, cells in data_rows(opened, notes):
        messages, values = [], {}
        for key, read in (
            ("ags", lambda cell: _known_key(cell, known_keys)),
            ("street", _required("street", "Die Straße")),
            ("postcode", parse_postcode),
            ("city", _required("city", "Der Ort")),
            ("head_title", _optional("head_title", "Die Funktion")),
            ("head_name", _optional("head_name", "Der Name der Leitung")),
            ("addressee", _optional("addressee", "Die Bezeichnung")),
        ):
            try:
                values[key] = read(cells.get(key))
            except InvalidCell as error:
                messages.append(error.message)
        if "ags" in values:
            try:
                duplicates.check(values["ags"], row.line)
            except InvalidCell as error:
                messages.append(error.message)
        if bool(values.get("head_title")) != bool(values.get("head_name")):
            messages.append(
                "Funktion und Name der Leitung gehören zusammen: bitte beide angeben oder beide leer lassen."
            )
        if messages:
            problems.extend(Problem(row.line, message) for message in messages)
        else:
            rows.append(AddressRow(row.line, **values))
    if not rows and not problems:
        problems.append(Problem(opened.header.row.line, "Unter der Kopfzeile stehen keine Zeilen mit Anschriften."))
    return CheckedAddresses(opened.description, tuple(rows), tuple(problems), tuple(notes))


def _known_key(cell: Cell, known_keys: Collection[str]) -> str:
    key = parse_key(cell)
    if key not in known_keys:
        raise InvalidCell(
            f"Eine Gemeinde oder einen Kreis mit dem Schlüssel {key} gibt es nicht. Anschriften werden nur "
            "für bekannte Körperschaften übernommen; bitte prüfen Sie den Schlüssel."
        )
    return key


def parse_key(cell: Cell) -> str:
    """An 8-digit Gemeindeschlüssel, or the 5-digit key of a Kreis (a number cell gets its leading zero back)."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and cell == int(cell) and 0 < cell < 10**5:
        return f"{int(cell):05d}"
    text = re.sub(r"\s", "", str(cell)) if cell is not None else ""
    if re.fullmatch(r"\d{5}", text) and text.startswith(LAND_AGS):
        return text
    return parse_ags(cell)


def _text(cell: Cell) -> str:
    return " ".join(strip_control_characters(str(cell)).split()) if cell is not None else ""


def _checked_length(key: str, label: str, text: str) -> str:
    if len(text) > LIMITS[key]:
        raise InvalidCell(f"{label} ist länger als {LIMITS[key]} Zeichen.")
    return text


def _required(key: str, label: str):
    def read(cell: Cell) -> str:
        text = _text(cell)
        if not text:
            raise InvalidCell(f"{label} fehlt.")
        return _checked_length(key, label, text)

    return read


def _optional(key: str, label: str):
    return lambda cell: _checked_length(key, label, _text(cell))


def parse_postcode(cell: Cell) -> str:
    """Five digits; a number cell keeps them (Excel drops nothing here: German postcodes in BW start with 6–9)."""
    text = (
        f"{int(cell):05d}"
        if isinstance(cell, (int, float)) and not isinstance(cell, bool) and cell == int(cell)
        else _text(cell)
    )
    if not text:
        raise InvalidCell("Die Postleitzahl fehlt.")
    if not re.fullmatch(r"\d{5}", text):
        raise InvalidCell(f"„{text}“ ist keine Postleitzahl: erwartet werden 5 Ziffern.")
    return text


def optional_text(value: str) -> Optional[str]:
    """An empty cell clears the value in the database (None, not "")."""
    return value or None

"""Checking the official list of Gemeinden (Gemeindeverzeichnis) before anything is created or renamed.

Two forms are read. The Statistisches Bundesamt's Gemeindeverzeichnis GV100AD (GV-ISys, fixed-width text,
one record a line; a Gemeinde is Satzart 60 with its key in columns 11–18 and its name in 23–72), and any
CSV or Excel table with a key column and a name column, as the Statistisches Landesamt's extracts are.
Gemeinden of other Länder are passed over (the Bund's file lists all of Germany). Pure: the caller passes
the Kreise and the Gemeinden that exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Mapping

from workflow.models.organisation import LAND_AGS
from workflow.reference.reference_table import (
    AGS_COLUMN,
    DuplicateKeys,
    InvalidCell,
    Problem,
    clean_name,
    data_rows,
    name_column,
    open_table,
    parse_ags,
)

GV100AD_LINE = re.compile(r"^60\d{8}\d{8}")


@dataclass(frozen=True)
class GemeindeRow:
    line: int
    ags: str
    name: str


@dataclass(frozen=True)
class CheckedGemeinden:
    description: str
    new: tuple[GemeindeRow, ...] = ()
    renamed: tuple[tuple[GemeindeRow, str], ...] = ()  # the row and the name it has now
    unchanged: int = 0
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        return len(self.new) + len(self.renamed)


def _gv100ad_rows(text: str) -> list[tuple[int, str, str]]:
    """(line, key, name) of every Gemeinde of the Land in a GV100AD file."""
    return [
        (number, line[10:18], line[22:72].strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if GV100AD_LINE.match(line) and line[10:12] == LAND_AGS
    ]


def _table_rows(content: bytes, notes: list[str]) -> tuple[str, list[tuple[int, object, object]], list[Problem]]:
    opened = open_table(content, (AGS_COLUMN, name_column()))
    if opened.problems:
        return opened.description, [], list(opened.problems)
    rows, elsewhere = [], 0
    for row, cells in data_rows(opened, notes):
        key = re.sub(r"\s", "", str(cells.get("ags") or ""))
        if re.fullmatch(r"\d{8}", key) and not key.startswith(LAND_AGS):
            elsewhere += 1
            continue
        rows.append((row.line, cells.get("ags"), cells.get("name")))
    if elsewhere:
        notes.append(f"{elsewhere} Gemeinden anderer Länder wurden übergangen.")
    return opened.description, rows, []


def _read(content: bytes, notes: list[str]) -> tuple[str, list[tuple[int, object, object]], list[Problem]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if any(GV100AD_LINE.match(line) for line in text.splitlines()[:200]):
        return "Gemeindeverzeichnis GV100AD (Statistisches Bundesamt)", _gv100ad_rows(text), []
    return _table_rows(content, notes)


def check_gemeinde_table(content: bytes, kreise: Collection[str], existing: Mapping[str, str]) -> CheckedGemeinden:
    """What importing ``content`` would do: Gemeinden to create, to rename, unchanged; every problem by line.

    ``kreise``: the keys (5 digits) of the Kreise there are; ``existing``: key → name of the Gemeinden there are."""
    notes: list[str] = []
    description, rows, problems = _read(content, notes)
    new, renamed, unchanged, duplicates = [], [], 0, DuplicateKeys()
    for line, ags_cell, name_cell in rows:
        try:
            ags = parse_ags(ags_cell)
            duplicates.check(ags, line)
            name = clean_name(name_cell, required=True)
            if ags[:5] not in kreise:
                raise InvalidCell(
                    f"Einen Kreis mit dem Schlüssel {ags[:5]} gibt es nicht; die Datei passt nicht "
                    "zum Gebietsstand der Kreise."
                )
        except InvalidCell as error:
            problems.append(Problem(line, error.message))
            continue
        if ags not in existing:
            new.append(GemeindeRow(line, ags, name))
        elif existing[ags] != name:
            renamed.append((GemeindeRow(line, ags, name), existing[ags]))
        else:
            unchanged += 1
    if not rows and not problems:
        problems.append(Problem(None, "Die Datei enthält keine Gemeinde Baden-Württembergs."))
    return CheckedGemeinden(description, tuple(new), tuple(renamed), unchanged, tuple(problems), tuple(notes))

"""What every check of a published reference table shares: header, columns, keys, line numbers.

The Planungsrahmen (``workflow.reference.allocation_table``) and the Einwohnerzahlen
(``workflow.reference.population_table``) are both tables of Gemeinden as authorities
publish them: title rows, a header row naming the columns in any order, one
row per Gemeinde keyed by its Amtlicher Gemeindeschlüssel, perhaps a closing
"Summe" row. This module finds the header, maps the columns, reads the keys
and names, and hands each data row to the particular check. It is pure:
nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, Optional, Sequence

from workflow.text import strip_control_characters
from workflow.models.organisation import LAND_AGS
from workflow.reference.tables import Cell, Table, TableRow, UnreadableTable, read_table

MAX_ROWS = 20_000
NAME_LENGTH = 200
# Title rows above the header are skipped; a header further down is no header.
HEADER_SEARCH_ROWS = 10


class InvalidCell(ValueError):
    """One cell cannot be read; ``message`` says why, in German, without the line (the caller adds it)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def words(text: Cell) -> list[str]:
    """The lower-case words of a header cell: „Amtlicher Gemeindeschlüssel (AGS)“ → [amtlicher, gemeindeschlüssel, ags]."""
    return re.findall(r"[^\W_]+", str(text).lower()) if text is not None else []


def first_word(*choices: str) -> Callable[[list[str]], bool]:
    """A header matcher: the header's first word is one of ``choices`` („Straße“, „E-Mail-Adresse“ → e)."""
    return lambda found: bool(found) and found[0] in choices


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    examples: str
    matches: Callable[[list[str]], bool]
    # An optional column is read when it is there; its absence is no problem.
    required: bool = True


AGS_WORDS = {"ags", "gemeindeschlüssel", "gemeindeschluessel", "gemeindekennziffer"}
AGS_COLUMN = Column(
    "ags",
    "Gemeindeschlüssel",
    "„AGS“, „Gemeindeschlüssel“ oder „Amtlicher Gemeindeschlüssel“",
    lambda found: bool(AGS_WORDS.intersection(found)),
)


def name_column(required: bool = True) -> Column:
    return Column(
        "name",
        "Gemeinde",
        "„Gemeinde“ oder „Name“",
        lambda found: (
            bool(found)
            and found[0] in {"gemeinde", "gemeindename", "name", "kommune", "stadt"}
            and not AGS_WORDS.intersection(found)
        ),
        required,
    )


TOTAL_ROW_WORDS = {"summe", "gesamtsumme", "insgesamt", "gesamt"}


@dataclass(frozen=True)
class Problem:
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        return f"Zeile {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True)
class Header:
    row: TableRow
    # Column key → index of its cell; optional columns that are missing are absent.
    indexes: dict[str, int]

    def cells(self, row: TableRow) -> dict[str, Cell]:
        return {key: row.cell(index) for key, index in self.indexes.items()}


@dataclass(frozen=True)
class Opened:
    """A table read and its header found, or the problems that stop the check before any row."""

    description: str
    table: Optional[Table] = None
    header: Optional[Header] = None
    problems: tuple[Problem, ...] = ()


def open_table(content: bytes, columns: Sequence[Column]) -> Opened:
    """Read ``content`` and find its header row among ``columns``."""
    try:
        table = read_table(content, MAX_ROWS)
    except UnreadableTable as error:
        return Opened("nicht lesbar", problems=(Problem(None, error.message),))
    header, problems = _find_header(table, columns)
    return Opened(table.description, table, header, tuple(problems))


def _find_header(table: Table, columns: Sequence[Column]) -> tuple[Optional[Header], list[Problem]]:
    """The header row: the first naming at least two of the columns."""
    candidates = [row for row in table.rows if not row.is_blank][:HEADER_SEARCH_ROWS]
    if not candidates:
        return None, [Problem(None, "Die Datei enthält keine Tabelle.")]
    for row in candidates:
        found = {
            column.key: [i for i, cell in enumerate(row.cells) if column.matches(words(cell))] for column in columns
        }
        if sum(bool(indexes) for indexes in found.values()) >= 2:
            header = Header(row, {key: indexes[0] for key, indexes in found.items() if indexes})
            return header, _header_problems(row, found, columns)
    expected = "; ".join(f"{column.label} (z. B. {column.examples})" for column in columns if column.required)
    return None, [Problem(candidates[0].line, f"Keine Kopfzeile gefunden. Erwartet werden Spalten für {expected}.")]


def _header_problems(row: TableRow, found: dict[str, list[int]], columns: Sequence[Column]) -> list[Problem]:
    problems = []
    for column in columns:
        indexes = found[column.key]
        if not indexes and column.required:
            problems.append(Problem(row.line, f"Die Spalte „{column.label}“ fehlt (erwartet z. B. {column.examples})."))
        elif len(indexes) > 1:
            names = " und ".join(f"„{row.cells[i]}“ (Spalte {i + 1})" for i in indexes)
            problems.append(
                Problem(
                    row.line,
                    f"Mehrere Spalten kommen als „{column.label}“ in Frage: {names}. "
                    "Bitte benennen Sie die nicht gemeinte Spalte um.",
                )
            )
    return problems


def data_rows(opened: Opened, notes: list[str]) -> Iterator[tuple[TableRow, dict[str, Cell]]]:
    """Every row below the header with its cells by column key; blank rows and "Summe" rows are left out.

    A skipped total row is mentioned in ``notes``, so that nobody wonders where it went.
    """
    for row in opened.table.rows:
        if row.line <= opened.header.row.line or row.is_blank:
            continue
        cells = opened.header.cells(row)
        if is_total_row(row, cells.get("ags")):
            notes.append(f"Zeile {row.line} ist eine Summenzeile und wurde nicht als Gemeinde eingelesen.")
            continue
        yield row, cells


def is_total_row(row: TableRow, ags_cell: Cell) -> bool:
    """„Summe“ or „Gesamt“ in the key column, or an empty key and such a word elsewhere in the row."""
    if ags_cell not in (None, ""):
        found = words(ags_cell)
        return bool(found) and found[0] in TOTAL_ROW_WORDS
    return any(found and found[0] in TOTAL_ROW_WORDS for found in map(words, row.cells))


def parse_ags(cell: Cell) -> str:
    """The 8-digit Amtlicher Gemeindeschlüssel of a Gemeinde of the Land.

    Excel keeps keys typed as numbers without their leading zero (8111000);
    only a numeric cell gets it back, text must be exact.
    """
    if cell is None or cell == "":
        raise InvalidCell("Der Gemeindeschlüssel fehlt.")
    if isinstance(cell, int) and not isinstance(cell, bool):
        text = f"{cell:08d}"
    elif isinstance(cell, float) and cell.is_integer():
        text = f"{int(cell):08d}"
    else:
        text = re.sub(r"\s", "", str(cell))
    if not re.fullmatch(r"\d{8}", text) or not text.startswith(LAND_AGS):
        raise InvalidCell(
            f"„{cell}“ ist kein gültiger Amtlicher Gemeindeschlüssel: erwartet werden 8 Ziffern, beginnend mit {LAND_AGS}."
        )
    return text


class DuplicateKeys:
    """Remembers the line of every key, to name it when the key comes again."""

    def __init__(self):
        self._first_line: dict[str, int] = {}

    def check(self, ags: str, line: int) -> None:
        if ags in self._first_line:
            raise InvalidCell(f"Der Gemeindeschlüssel {ags} steht bereits in Zeile {self._first_line[ags]}.")
        self._first_line[ags] = line


def clean_name(cell: Cell, required: bool) -> str:
    """The name as one line of text; ``required`` when a Gemeinde is to be created from it."""
    name = " ".join(strip_control_characters(str(cell)).split()) if cell is not None else ""
    if len(name) > NAME_LENGTH:
        raise InvalidCell(f"Der Name ist länger als {NAME_LENGTH} Zeichen.")
    if required and not name:
        raise InvalidCell("Die Gemeinde ist noch nicht bekannt, und ohne ihren Namen kann sie nicht angelegt werden.")
    return name

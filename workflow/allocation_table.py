"""Checking a Planungsrahmen table before anything is written.

Pure: the caller passes the official keys that exist (Gemeinden and Kreise);
the result lists every row that can be imported and every problem, each with
the file's line number (the header is line 1 when it is the first line).
Columns are found by their header, in any order; other columns are ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Collection, Optional

from forms.base import strip_control_characters
from workflow.formatting import decimal_de, euro
from workflow.money import CENT, NotAnAmount, parse_euro_text
from workflow.seed import LAND_AGS
from workflow.tables import Cell, Table, TableRow, UnreadableTable, read_table

MAX_ROWS = 20_000
# Far above any municipality's share of any programme; keeps typos like a missing comma visible.
MAX_AMOUNT = Decimal("1000000000.00")
NAME_LENGTH = 200
HEADER_SEARCH_ROWS = 10


class InvalidCell(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _words(text: Cell) -> list[str]:
    return re.findall(r"[^\W_]+", str(text).lower()) if text is not None else []


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    examples: str
    matches: Callable[[list[str]], bool]


AGS_WORDS = {"ags", "gemeindeschlüssel", "gemeindeschluessel", "gemeindekennziffer"}
COLUMNS = (
    Column("ags", "Gemeindeschlüssel", "„AGS“, „Gemeindeschlüssel“ oder „Amtlicher Gemeindeschlüssel“",
           lambda words: bool(AGS_WORDS.intersection(words))),
    Column("name", "Gemeinde", "„Gemeinde“ oder „Name“",
           lambda words: bool(words) and words[0] in {"gemeinde", "gemeindename", "name", "kommune", "stadt"}
           and not AGS_WORDS.intersection(words)),
    Column("amount", "Planungsrahmen", "„Planungsrahmen in EUR“, „Planungsrahmen“ oder „Betrag“",
           lambda words: bool({"planungsrahmen", "betrag", "amount"}.intersection(words))),
)
TOTAL_ROW_WORDS = {"summe", "gesamtsumme", "insgesamt", "gesamt"}


@dataclass(frozen=True)
class Problem:
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        return f"Zeile {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True)
class AllocationRow:
    line: int
    ags: str
    name: str
    amount: Decimal
    # The Gemeinde is not known yet and will be created from this row.
    is_new: bool


@dataclass(frozen=True)
class CheckedTable:
    description: str
    rows: tuple[AllocationRow, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal("0.00"))

    @property
    def new_rows(self) -> list[AllocationRow]:
        return [row for row in self.rows if row.is_new]


def check_allocation_table(content: bytes, known_ags: Collection[str], kreis_ags: Collection[str]) -> CheckedTable:
    """Every row and every problem of the table in ``content``; nothing is written anywhere."""
    try:
        table = read_table(content, MAX_ROWS)
    except UnreadableTable as error:
        return CheckedTable("nicht lesbar", problems=(Problem(None, error.message),))
    header, problems = _find_header(table)
    if problems:
        return CheckedTable(table.description, problems=tuple(problems))
    return _check_rows(table, header, known_ags, kreis_ags)


def _find_header(table: Table) -> tuple[Optional[tuple[TableRow, dict[str, int]]], list[Problem]]:
    """The header row (the first naming at least two of the columns; title rows above it are skipped)."""
    candidates = [row for row in table.rows if not row.is_blank][:HEADER_SEARCH_ROWS]
    if not candidates:
        return None, [Problem(None, "Die Datei enthält keine Tabelle.")]
    for row in candidates:
        found = {column.key: [i for i, cell in enumerate(row.cells) if column.matches(_words(cell))] for column in COLUMNS}
        if sum(bool(indexes) for indexes in found.values()) >= 2:
            return (row, {key: indexes[0] for key, indexes in found.items() if indexes}), _header_problems(row, found)
    expected = "; ".join(f"{column.label} (z. B. {column.examples})" for column in COLUMNS)
    return None, [Problem(candidates[0].line, f"Keine Kopfzeile gefunden. Erwartet werden Spalten für {expected}.")]


def _header_problems(row: TableRow, found: dict[str, list[int]]) -> list[Problem]:
    problems = []
    for column in COLUMNS:
        indexes = found[column.key]
        if not indexes:
            problems.append(Problem(row.line, f"Die Spalte „{column.label}“ fehlt (erwartet z. B. {column.examples})."))
        elif len(indexes) > 1:
            names = " und ".join(f"„{row.cells[i]}“ (Spalte {i + 1})" for i in indexes)
            problems.append(
                Problem(row.line, f"Mehrere Spalten kommen als „{column.label}“ in Frage: {names}. "
                                  "Bitte benennen Sie die nicht gemeinte Spalte um.")
            )
    return problems


def _check_rows(table: Table, header, known_ags: Collection[str], kreis_ags: Collection[str]) -> CheckedTable:
    header_row, columns = header
    rows: list[AllocationRow] = []
    problems: list[Problem] = []
    notes: list[str] = []
    first_line_of: dict[str, int] = {}
    for row in table.rows:
        if row.line <= header_row.line or row.is_blank:
            continue
        ags_cell, name_cell, amount_cell = (row.cell(columns[key]) for key in ("ags", "name", "amount"))
        if _is_total_row(row, ags_cell):
            notes.append(f"Zeile {row.line} ist eine Summenzeile und wurde nicht als Gemeinde eingelesen.")
            continue
        row_problems = []
        ags = name = amount = None
        try:
            ags = parse_ags(ags_cell)
            if ags[:5] not in kreis_ags:
                raise InvalidCell(f"Den Kreis {ags[:5]} des Gemeindeschlüssels {ags} gibt es nicht.")
            if ags in first_line_of:
                raise InvalidCell(f"Der Gemeindeschlüssel {ags} steht bereits in Zeile {first_line_of[ags]}.")
            first_line_of[ags] = row.line
            name = _clean_name(name_cell, is_new=ags not in known_ags)
        except InvalidCell as error:
            row_problems.append(error.message)
        try:
            amount = parse_amount(amount_cell)
        except InvalidCell as error:
            row_problems.append(error.message)
        if row_problems:
            problems.extend(Problem(row.line, message) for message in row_problems)
        else:
            rows.append(AllocationRow(row.line, ags, name, amount, is_new=ags not in known_ags))
    if not rows and not problems:
        problems.append(Problem(header_row.line, "Unter der Kopfzeile stehen keine Zeilen mit Planungsrahmen."))
    return CheckedTable(table.description, tuple(rows), tuple(problems), tuple(notes))


def _is_total_row(row: TableRow, ags_cell: Cell) -> bool:
    if ags_cell not in (None, ""):
        return False
    return any(words and words[0] in TOTAL_ROW_WORDS for words in map(_words, row.cells))


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


def _clean_name(cell: Cell, is_new: bool) -> str:
    name = " ".join(strip_control_characters(str(cell)).split()) if cell is not None else ""
    if len(name) > NAME_LENGTH:
        raise InvalidCell(f"Der Name ist länger als {NAME_LENGTH} Zeichen.")
    if is_new and not name:
        raise InvalidCell("Die Gemeinde ist noch nicht bekannt, und ohne ihren Namen kann sie nicht angelegt werden.")
    return name


def parse_amount(cell: Cell) -> Decimal:
    """A non-negative euro amount in cents from a number cell or German text ("51.000,00 €")."""
    if cell is None or cell == "":
        raise InvalidCell("Der Planungsrahmen fehlt.")
    if isinstance(cell, (int, float, Decimal)) and not isinstance(cell, bool):
        amount = Decimal(str(cell))
        shown = decimal_de(amount, max(2, -amount.as_tuple().exponent))
    elif isinstance(cell, str):
        try:
            amount, shown = parse_euro_text(cell), cell
        except NotAnAmount as error:
            raise InvalidCell(error.message) from None
    else:
        raise InvalidCell(f"„{cell}“ ist kein Betrag.")
    if amount < 0:
        raise InvalidCell(f"Der Planungsrahmen „{shown}“ ist negativ.")
    if amount != amount.quantize(CENT):
        raise InvalidCell(f"Der Betrag „{shown}“ hat mehr als zwei Nachkommastellen.")
    if amount > MAX_AMOUNT:
        raise InvalidCell(f"Der Betrag „{shown}“ ist unplausibel hoch (mehr als {euro(MAX_AMOUNT)}).")
    return amount.quantize(CENT)

"""Checking a Planungsrahmen table before anything is written.

Pure: the caller passes the official keys that exist (Gemeinden and Kreise);
the result lists every row that can be imported and every problem, each with
the file's line number (the header is line 1 when it is the first line).
Columns are found by their header, in any order; other columns are ignored.
The parts every reference table shares are in ``workflow.reference.reference_table``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Collection

from workflow.formatting import decimal_de, euro
from workflow.money import CENT, NotAnAmount, parse_euro_text, within_cents
from workflow.reference.reference_table import (
    AGS_COLUMN,
    Column,
    DuplicateKeys,
    InvalidCell,
    Problem,
    clean_name,
    data_rows,
    name_column,
    open_table,
    parse_ags,
)
from workflow.reference.tables import Cell

# Far above any municipality's share of any programme; keeps typos like a missing comma visible.
MAX_AMOUNT = Decimal("1000000000.00")

COLUMNS = (
    AGS_COLUMN,
    name_column(),
    Column(
        "amount",
        "Planungsrahmen",
        "„Planungsrahmen in EUR“, „Planungsrahmen“ oder „Betrag“",
        lambda words: bool({"planungsrahmen", "betrag", "amount"}.intersection(words)),
    ),
)


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
    opened = open_table(content, COLUMNS)
    if opened.problems:
        return CheckedTable(opened.description, problems=opened.problems)
    rows: list[AllocationRow] = []
    problems: list[Problem] = []
    notes: list[str] = []
    duplicates = DuplicateKeys()
    for row, cells in data_rows(opened, notes):
        row_problems = []
        ags = name = amount = None
        try:
            ags = parse_ags(cells["ags"])
            if ags[:5] not in kreis_ags:
                raise InvalidCell(f"Den Kreis {ags[:5]} des Gemeindeschlüssels {ags} gibt es nicht.")
            duplicates.check(ags, row.line)
            name = clean_name(cells["name"], required=ags not in known_ags)
        except InvalidCell as error:
            row_problems.append(error.message)
        try:
            amount = parse_amount(cells["amount"])
        except InvalidCell as error:
            row_problems.append(error.message)
        if row_problems:
            problems.extend(Problem(row.line, message) for message in row_problems)
        else:
            rows.append(AllocationRow(row.line, ags, name, amount, is_new=ags not in known_ags))
    if not rows and not problems:
        problems.append(Problem(opened.header.row.line, "Unter der Kopfzeile stehen keine Zeilen mit Planungsrahmen."))
    return CheckedTable(opened.description, tuple(rows), tuple(problems), tuple(notes))


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
    if not within_cents(amount):
        raise InvalidCell(f"Der Betrag „{shown}“ hat mehr als zwei Nachkommastellen.")
    if amount > MAX_AMOUNT:
        raise InvalidCell(f"Der Betrag „{shown}“ ist unplausibel hoch (mehr als {euro(MAX_AMOUNT)}).")
    return amount.quantize(CENT)

"""Checking a table of Einwohnerzahlen (population per Gemeinde) before anything is written.

Pure, like the Planungsrahmen check: the caller passes the keys of the
Gemeinden that exist; the result lists every row that can be imported and
every problem with the file's line number. Unlike the Planungsrahmen import,
an unknown Gemeinde is refused, not created: the population table is no
source of the territory, and a typo in a key must not become a new Gemeinde.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Collection

from workflow.formatting import decimal_de
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

# Stuttgart has about 630,000; ten million is a typo (a missing separator, a pasted total).
MAX_INHABITANTS = 10_000_000

_POPULATION_WORDS = {"einwohner", "einwohnerzahl", "einwohnerinnen", "bevölkerung", "bevoelkerung", "insgesamt"}
# Statistical tables put "Bevölkerung männlich/weiblich" and "Einwohner je km²" beside the total.
_NOT_THE_TOTAL = {"männlich", "maennlich", "weiblich", "je", "dichte", "veränderung", "anteil"}
COLUMNS = (
    AGS_COLUMN,
    # The name is only shown; the key decides, so a table without names is fine.
    name_column(required=False),
    Column(
        "inhabitants",
        "Einwohner",
        "„Einwohner“, „Einwohnerzahl“, „Bevölkerung“ oder „Insgesamt“",
        lambda words: bool(_POPULATION_WORDS.intersection(words)) and not _NOT_THE_TOTAL.intersection(words),
    ),
)


@dataclass(frozen=True)
class PopulationRow:
    line: int
    ags: str
    name: str
    inhabitants: int


@dataclass(frozen=True)
class CheckedPopulation:
    description: str
    rows: tuple[PopulationRow, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> int:
        return sum(row.inhabitants for row in self.rows)


def check_population_table(content: bytes, known_ags: Collection[str]) -> CheckedPopulation:
    """Every row and every problem of the table in ``content``; nothing is written anywhere."""
    opened = open_table(content, COLUMNS)
    if opened.problems:
        return CheckedPopulation(opened.description, problems=opened.problems)
    rows: list[PopulationRow] = []
    problems: list[Problem] = []
    notes: list[str] = []
    duplicates = DuplicateKeys()
    for row, cells in data_rows(opened, notes):
        row_problems = []
        ags = name = inhabitants = None
        try:
            ags = parse_ags(cells["ags"])
            if ags not in known_ags:
                raise InvalidCell(
                    f"Eine Gemeinde mit dem Gemeindeschlüssel {ags} ist nicht bekannt. Einwohnerzahlen werden nur für "
                    "bekannte Gemeinden übernommen; bitte prüfen Sie den Schlüssel."
                )
            duplicates.check(ags, row.line)
            name = clean_name(cells.get("name"), required=False)
        except InvalidCell as error:
            row_problems.append(error.message)
        try:
            inhabitants = parse_inhabitants(cells["inhabitants"])
        except InvalidCell as error:
            row_problems.append(error.message)
        if row_problems:
            problems.extend(Problem(row.line, message) for message in row_problems)
        else:
            rows.append(PopulationRow(row.line, ags, name, inhabitants))
    if not rows and not problems:
        problems.append(Problem(opened.header.row.line, "Unter der Kopfzeile stehen keine Zeilen mit Einwohnerzahlen."))
    return CheckedPopulation(opened.description, tuple(rows), tuple(problems), tuple(notes))


def parse_inhabitants(cell: Cell) -> int:
    """A whole, positive number of inhabitants from a number cell or German text ("25.310")."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        raise InvalidCell("Die Einwohnerzahl fehlt.")
    if isinstance(cell, bool) or not isinstance(cell, (int, float, Decimal, str)):
        raise InvalidCell(f"„{cell}“ ist keine Einwohnerzahl.")
    if isinstance(cell, str):
        number = _number_from_text(cell)
    else:
        number = Decimal(str(cell))
        if number != number.to_integral_value():
            raise InvalidCell(
                f"Die Einwohnerzahl „{decimal_de(number, -number.as_tuple().exponent)}“ ist keine ganze Zahl."
            )
    if number < 0:
        raise InvalidCell(f"Die Einwohnerzahl „{cell}“ ist negativ.")
    if number == 0:
        raise InvalidCell("Die Einwohnerzahl ist 0; jede Gemeinde hat Einwohner.")
    if number > MAX_INHABITANTS:
        raise InvalidCell(
            f"Die Einwohnerzahl „{cell}“ ist unplausibel hoch (mehr als {decimal_de(MAX_INHABITANTS, 0)})."
        )
    return int(number)


def _number_from_text(cell: str) -> Decimal:
    # Spaces (also the narrow no-break space) group thousands like dots do.
    text = re.sub(r"[\s\u00a0\u202f]", "", cell)
    sign, digits = ("-", text[1:]) if text[:1] in ("-", "\u2212") else ("", text)
    if re.fullmatch(r"\d+|\d{1,3}(\.\d{3})+", digits):
        return Decimal(sign + digits.replace(".", ""))
    if re.fullmatch(r"\d+,\d+|\d{1,3}(\.\d{3})+,\d+", digits):
        raise InvalidCell(f"Die Einwohnerzahl „{cell}“ ist keine ganze Zahl.")
    raise InvalidCell(f"„{cell}“ ist keine Einwohnerzahl: erwartet wird eine ganze Zahl wie 25310 oder 25.310.")

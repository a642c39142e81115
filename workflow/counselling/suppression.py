"""Small-number suppression for tables shown outside the counselling organisation.

Primary: every cell below ``MINIMUM`` (5) is withheld, totals included. Secondary (complementary): a line
(a row with its total, a column with its total) in which exactly one value is withheld would let it be
computed by difference, so the smallest other value of that line is withheld too, until no line has a
single withheld value. Zero counts are withheld like any other small number.
"""
from __future__ import annotations

from dataclasses import dataclass

MINIMUM = 5


@dataclass
class SuppressedTable:
    """``cells[r][c]``, ``row_totals[r]``, ``column_totals[c]``, ``total``; a withheld value is ``None``."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None


def suppress(cells: list[list[int]], with_row_totals: bool = True) -> SuppressedTable:
    """The table with row totals (if additive), column totals and grand total, small numbers withheld.

    Positions: (r, c) a cell, (r, "row") a row total, ("column", c) a column total, ("column", "row") the total.
    """
    rows, columns = len(cells), len(cells[0]) if cells else 0
    values = {(r, c): cells[r][c] for r in range(rows) for c in range(columns)}
    for c in range(columns):
        values[("column", c)] = sum(cells[r][c] for r in range(rows))
    lines = [[(r, c) for r in range(rows)] + [("column", c)] for c in range(columns)]
    if with_row_totals:
        for r in range(rows):
            values[(r, "row")] = sum(cells[r])
            lines.append([(r, c) for c in range(columns)] + [(r, "row")])
        values[("column", "row")] = sum(values[("column", c)] for c in range(columns))
        lines.append([("column", c) for c in range(columns)] + [("column", "row")])
        lines.append([(r, "row") for r in range(rows)] + [("column", "row")])
    withheld = {position for position, value in values.items() if value < MINIMUM}
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [position for position in line if position in withheld]
            shown = [position for position in line if position not in withheld]
            if len(hidden) == 1 and shown:
                withheld.add(min(shown, key=lambda position: (values[position], str(position))))
                changed = True

    def shown_value(position):
        return None if position in withheld else values[position]

    return SuppressedTable(
        cells=[[shown_value((r, c)) for c in range(columns)] for r in range(rows)],
        row_totals=[shown_value((r, "row")) for r in range(rows)] if with_row_totals else [],
        column_totals=[shown_value(("column", c)) for c in range(columns)],
        total=shown_value(("column", "row")) if with_row_totals else None,
    )

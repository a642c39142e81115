"""Statistical disclosure control for the tables shown outside the counselling organisation.

Primary suppression: every count below ``MINIMUM`` (5) is withheld, zeros and totals included.

Secondary (complementary) suppression by the hypercube method statistical offices use (GHMITER, τ-ARGUS):
a withheld figure is safe when it is a corner of a rectangle of withheld figures (a pair within a column,
if rows are not additive) along which the table can be changed by ±1 – up at two corners, down at the
others, totals following – without any count turning negative. Such a change keeps every published
figure and every sum, so the published table fits at least two values of each withheld figure: none
follows by difference, zero sums included. Each withheld figure without such a rectangle gets the one
that withholds the least (totals last, then the smallest sum of counts).

Checking a rectangle only where all corners are already withheld keeps the check quick; the search for
a new one visits every rectangle through the figure, which is rows × columns and fine for a Land's
organisations.
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


class _Grid:
    """The table with its totals as one grid: row ``R`` holds the column totals, column ``C`` the row totals
    (absent if rows are not additive). ``change(r, c)`` is the sign a corner of a rectangle moves with: a cell
    rising lifts its row and column totals, so the alternating sign turns round once per total coordinate."""

    def __init__(self, cells: list[list[int]], with_row_totals: bool):
        self.rows, self.columns = len(cells), len(cells[0]) if cells else 0
        self.additive_rows = with_row_totals
        width = self.columns + 1 if with_row_totals else self.columns
        self.values = [list(row) + ([sum(row)] if with_row_totals else []) for row in cells]
        self.values.append([sum(row[c] for row in self.values) for c in range(width)])
        self.withheld = [[value < MINIMUM for value in row] for row in self.values]

    def change(self, r: int, c: int) -> int:
        return -1 if (r == self.rows) != (c == self.columns) else 1

    def moves(self, r: int, c: int, among_withheld: bool = False):
        """Every rectangle (a pair within the column, if rows are not additive) through (r, c) that can
        move by one step in some direction without a negative count: its corners with their change.
        ``among_withheld``: only those whose corners are all withheld already (a quick first look)."""
        values, withheld = self.values, self.withheld
        other_columns = range(len(values[r])) if self.additive_rows else (None,)
        for c2 in other_columns:
            if c2 == c or among_withheld and c2 is not None and not withheld[r][c2]:
                continue
            for r2 in range(self.rows + 1):
                if r2 == r or among_withheld and not (withheld[r2][c] and (c2 is None or withheld[r2][c2])):
                    continue
                if c2 is None:
                    corners = ((r, c, 1), (r2, c, -1))
                else:
                    corners = ((r, c, 1), (r, c2, -1), (r2, c, -1), (r2, c2, 1))
                moved = [(a, b, step * self.change(a, b)) for a, b, step in corners]
                # Up: the corners that fall need a count to give; down: the others do.
                if all(values[a][b] >= 1 for a, b, step in moved if step < 0) or all(
                    values[a][b] >= 1 for a, b, step in moved if step > 0
                ):
                    yield moved

    def cost(self, move) -> tuple[int, int, int]:
        """What protecting by ``move`` withholds in addition: totals last, then the smallest sum of counts."""
        added = [(a, b) for a, b, _ in move if not self.withheld[a][b]]
        return (
            sum(a == self.rows or b == self.columns for a, b in added),
            sum(self.values[a][b] for a, b in added),
            len(added),
        )

    def protect(self) -> None:
        safe = set()
        for r, row in enumerate(self.withheld):
            for c, withheld in enumerate(row):
                if not withheld or (r, c) in safe:
                    continue
                chosen = next(self.moves(r, c, among_withheld=True), None) or min(self.moves(r, c), key=self.cost)
                for a, b, _ in chosen:
                    self.withheld[a][b] = True
                    safe.add((a, b))
        # A figure withheld while protecting another is safe by that same rectangle (every corner moves), so
        # one pass over the primary figures protects them all. A rectangle of corners already withheld costs
        # nothing and is always chosen first.

    def shown(self, r: int, c: int) -> int | None:
        return None if self.withheld[r][c] else self.values[r][c]


def suppress(cells: list[list[int]], with_row_totals: bool = True) -> SuppressedTable:
    """The table with row totals (if additive), column totals and grand total, small numbers withheld and
    every withheld one protected against recomputation (see the module)."""
    grid = _Grid(cells, with_row_totals)
    grid.protect()
    rows, columns = grid.rows, grid.columns
    return SuppressedTable(
        cells=[[grid.shown(r, c) for c in range(columns)] for r in range(rows)],
        row_totals=[grid.shown(r, columns) for r in range(rows)] if with_row_totals else [],
        column_totals=[grid.shown(rows, c) for c in range(columns)],
        total=grid.shown(rows, columns) if with_row_totals else None,
    )


def side_by_side(
    first: list[int], second: list[int], first_shown: list[int | None], second_shown: list[int | None]
) -> list[tuple[int | None, int | None, int | None]]:
    """Two periods' figures per line as each period's own table publishes them, and their sum.

    The sum is withheld wherever either period is: then every rectangle that protects a figure in one
    period moves the sum along with it (the sum never falls below the period's count, so it stays a
    count), and the three columns together give nothing away that each period alone does not. Each
    period keeps the pattern of its own page, so reading the year beside another year changes nothing."""
    return [
        (one, two, None if one is None or two is None else a + b)
        for a, b, one, two in zip(first, second, first_shown, second_shown)
    ]

"""An intruder's attack on published, partly withheld tables: every withheld figure is an unknown, every
published figure and every sum the tables imply is a linear equation, every count is a non-negative
integer. ``determined`` answers, for each unknown, whether all solutions agree on it (exact search:
bound propagation plus branching, so nothing a linear-programming intruder could find is missed).

Written apart from ``workflow.counselling.suppression`` on purpose: the attack knows only what is shown."""

from __future__ import annotations

CAP = 10**6  # a withheld count bounded by no published total is "any number"; the cap only ends the search


class System:
    def __init__(self):
        self.unknowns: list[str] = []
        self.equations: list[tuple[list[tuple[str, int]], int]] = []
        self.truth: dict[str, int] = {}

    def term(self, name: str, shown: int | None, true_value: int) -> tuple[str | None, int]:
        """A published figure is a constant; a withheld one a new unknown (its true value kept for reports)."""
        if shown is not None:
            return None, shown
        self.unknowns.append(name)
        self.truth[name] = true_value
        return name, 0

    def equal(self, left: list[tuple[str | None, int]], right: list[tuple[str | None, int]]):
        """sum(left) == sum(right)."""
        coefficients: dict[str, int] = {}
        constant = 0
        for sign, side in ((1, left), (-1, right)):
            for name, value in side:
                if name is None:
                    constant -= sign * value
                else:
                    coefficients[name] = coefficients.get(name, 0) + sign
        terms = [(name, c) for name, c in coefficients.items() if c]
        if terms:
            self.equations.append((terms, constant))
        else:
            assert constant == 0, "the published tables contradict themselves"


def _propagate(equations, bounds) -> bool:
    changed = True
    while changed:
        changed = False
        for terms, rhs in equations:
            low = sum(c * bounds[n][0] if c > 0 else c * bounds[n][1] for n, c in terms)
            high = sum(c * bounds[n][1] if c > 0 else c * bounds[n][0] for n, c in terms)
            for name, c in terms:
                lo, hi = bounds[name]
                rest_low = low - (c * lo if c > 0 else c * hi)
                rest_high = high - (c * hi if c > 0 else c * lo)
                # c * x = rhs - rest, c is +-1
                candidates = sorted(((rhs - rest_high) * c, (rhs - rest_low) * c))
                new = (max(lo, candidates[0]), min(hi, candidates[1]))
                if new[0] > new[1]:
                    return False
                if new != (lo, hi):
                    bounds[name] = new
                    changed = True
                    low = sum(k * bounds[m][0] if k > 0 else k * bounds[m][1] for m, k in terms)
                    high = sum(k * bounds[m][1] if k > 0 else k * bounds[m][0] for m, k in terms)
    return True


def _solve(equations, bounds):
    bounds = dict(bounds)
    if not _propagate(equations, bounds):
        return None
    open_ = [n for n, (lo, hi) in bounds.items() if lo < hi]
    if not open_:
        return {n: lo for n, (lo, _) in bounds.items()}
    name = min(open_, key=lambda n: bounds[n][1] - bounds[n][0])
    lo, hi = bounds[name]
    middle = (lo + hi) // 2
    for part in ((lo, middle), (middle + 1, hi)):
        found = _solve(equations, {**bounds, name: part})
        if found is not None:
            return found
    return None


def determined(system: System) -> dict[str, int]:
    """The withheld figures the intruder computes exactly, with their value."""
    start = {name: (0, CAP) for name in system.unknowns}
    solution = _solve(system.equations, start)
    assert solution is not None, "the true table is a solution, so one exists"
    exact = {}
    for name in system.unknowns:
        other = [(0, solution[name] - 1), (solution[name] + 1, CAP)]
        if all(lo > hi or _solve(system.equations, {**start, name: (lo, hi)}) is None for lo, hi in other):
            exact[name] = solution[name]
    return exact


def add_table(system: System, label: str, table, cells: list[list[int]], with_row_totals: bool = True):
    """A published table with its sums: each column adds up to its total, each row (if additive) too."""
    rows, columns = len(cells), len(cells[0])
    grid = [
        [system.term(f"{label}[{r}][{c}]", table.cells[r][c], cells[r][c]) for c in range(columns)] for r in range(rows)
    ]
    column_totals = [
        system.term(f"{label}[Summe][{c}]", table.column_totals[c], sum(row[c] for row in cells))
        for c in range(columns)
    ]
    for c in range(columns):
        system.equal([grid[r][c] for r in range(rows)], [column_totals[c]])
    if not with_row_totals:
        return None, None
    row_totals = [system.term(f"{label}[{r}][Summe]", table.row_totals[r], sum(cells[r])) for r in range(rows)]
    total = system.term(f"{label}[Summe][Summe]", table.total, sum(map(sum, cells)))
    for r in range(rows):
        system.equal(grid[r], [row_totals[r]])
    system.equal(column_totals, [total])
    system.equal(row_totals, [total])
    return row_totals, total

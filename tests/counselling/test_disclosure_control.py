"""Statistical disclosure control of the Integrationsplan figures, tried as an intruder would: every table the
authority's page publishes (two years side by side with their sum included) is turned into equations, and no
withheld figure may follow from them exactly: not by a row or column difference, not because withheld
figures sum to zero, not across the two periods."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

from disclosure_attack import System, add_table, determined
from workflow.counselling.suppression import MINIMUM, side_by_side, suppress

# The tables: Stuttgart's 3 recognition goals were computed from the totals; a column of 15 = 8 + 7
# with two withheld zeros gave the zeros away.
# Columns: Sprache, Arbeit, Anerkennung, Wohnen; Stuttgart is the first row.
STUTTGART = [[21, 40, 3, 11], [30, 34, 20, 9], [25, 13, 6, 29], [8, 23, 27, 6], [33, 25, 5, 39]]
ZEROS = [[8, 20, 30], [7, 25, 40], [0, 12, 18], [0, 16, 22]]
SINGLE_IN_ROW_AND_COLUMN = [[2, 30, 40], [25, 35, 45], [30, 40, 50]]
ONE_ROW = [[3, 12, 0]]
SPARSE = [[0, 0, 6], [1, 0, 0], [0, 9, 0], [4, 0, 0]]
LAND = [
    [0, 0, 12, 1, 9, 0, 4],
    [12, 0, 0, 2, 12, 5, 1],
    [20, 3, 4, 12, 4, 7, 0],
    [0, 7, 7, 7, 7, 3, 0],
    [1, 0, 35, 4, 35, 3, 7],
    [35, 1, 9, 0, 2, 9, 4],
    [1, 35, 9, 0, 9, 3, 20],
    [0, 35, 3, 9, 4, 1, 4],
    [2, 9, 9, 9, 4, 20, 2],
    [12, 2, 2, 5, 35, 2, 2],
]


def attack(cells, with_row_totals=True):
    system = System()
    add_table(system, "T", suppress(cells, with_row_totals), cells, with_row_totals)
    return determined(system)


def test_the_intruder_finds_what_primary_suppression_alone_leaves_open():
    """The attack is real: withholding only the small cells gives Stuttgart's 3 away by difference."""
    from workflow.counselling.suppression import SuppressedTable

    small = SuppressedTable(
        cells=[[v if v >= MINIMUM else None for v in row] for row in STUTTGART],
        row_totals=[sum(row) for row in STUTTGART],
        column_totals=[sum(c) for c in zip(*STUTTGART)],
        total=sum(map(sum, STUTTGART)),
    )
    system = System()
    add_table(system, "T", small, STUTTGART)
    assert determined(system) == {"T[0][2]": 3}


@pytest.mark.parametrize(
    "cells",
    [STUTTGART, ZEROS, SINGLE_IN_ROW_AND_COLUMN, ONE_ROW, SPARSE, LAND],
    ids=[
        "stuttgart-anerkennung-3",
        "zeros-summing-to-nothing",
        "single-in-row-and-column",
        "one-row",
        "sparse",
        "ten-places-seven-areas",
    ],
)
@pytest.mark.parametrize("with_row_totals", [True, False], ids=["rows-additive", "columns-only"])
def test_no_withheld_figure_follows_from_the_published_table(cells, with_row_totals):
    table = suppress(cells, with_row_totals)
    assert all(value is None or value >= MINIMUM for row in table.cells for value in row)
    assert attack(cells, with_row_totals) == {}


def test_stuttgarts_recognition_goals_are_withheld_and_the_land_total_still_shown():
    table = suppress(STUTTGART)
    assert table.cells[0][2] is None and table.total == sum(map(sum, STUTTGART))
    shown = sum(value is not None for row in table.cells for value in row)
    assert shown >= 12, "complementary suppression withholds a few cells, not the table"


def _two_periods(first, second, sum_withheld=True):
    """Both years' tables and the comparison of their goals per organisation (row totals), as the page shows;
    ``sum_withheld=False`` publishes the sum of both years in full, as a page without care would."""
    system = System()
    one, two = suppress(first), suppress(second)
    rows_one, total_one = add_table(system, "Vorjahr", one, first)
    rows_two, total_two = add_table(system, "Jahr", two, second)
    compared = side_by_side(
        [sum(r) for r in first] + [sum(map(sum, first))],
        [sum(r) for r in second] + [sum(map(sum, second))],
        one.row_totals + [one.total],
        two.row_totals + [two.total],
    )
    for r, (shown_one, shown_two, both) in enumerate(compared):
        # The comparison repeats each year's total as published there, and adds their sum.
        assert (shown_one, shown_two) == ((one.row_totals + [one.total])[r], (two.row_totals + [two.total])[r])
        true_both = ([sum(x) for x in first] + [sum(map(sum, first))])[r] + (
            [sum(x) for x in second] + [sum(map(sum, second))]
        )[r]
        left = (rows_one + [total_one])[r], (rows_two + [total_two])[r]
        system.equal(list(left), [system.term(f"zusammen[{r}]", both if sum_withheld else true_both, true_both)])
    return system


def test_two_years_side_by_side_with_their_sum_give_nothing_away():
    """Stuttgart's 3 is withheld in the first year and its neighbour figures are large in the second: the sum of
    both years may not give the first year's row back."""
    second = [[22, 41, 30, 12], [31, 35, 21, 10], [26, 14, 7, 30], [9, 24, 28, 7], [34, 26, 6, 40]]
    assert determined(_two_periods(STUTTGART, second)) == {}
    small_first_year = [[2, 1, 0], [20, 25, 30], [15, 18, 22]], [[6, 7, 8], [21, 26, 31], [16, 19, 23]]
    assert determined(_two_periods(*small_first_year)) == {}
    # The attack across periods is real: with the sum shown in full, the first year's 3 is 24 - 21.
    assert determined(_two_periods(*small_first_year, sum_withheld=False))["Vorjahr[0][Summe]"] == 3
    assert determined(_two_periods(ZEROS, [[9, 20, 30], [8, 25, 40], [6, 12, 18], [5, 16, 22]])) == {}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.integers(1, 4).flatmap(
        lambda columns: st.lists(
            st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 13, 21]), min_size=columns, max_size=columns),
            min_size=1,
            max_size=5,
        )
    ),
    st.booleans(),
)
def test_no_small_table_leaks_a_withheld_figure(cells, with_row_totals):
    assert attack(cells, with_row_totals) == {}, cells


def test_no_pair_of_years_leaks_a_withheld_figure():
    chance = random.Random(24)
    for _ in range(15):
        rows, columns = chance.randint(2, 4), chance.randint(2, 4)
        first, second = (
            [[chance.choice([0, 1, 3, 5, 7, 12, 20]) for _ in range(columns)] for _ in range(rows)] for _ in range(2)
        )
        assert determined(_two_periods(first, second)) == {}, (first, second)

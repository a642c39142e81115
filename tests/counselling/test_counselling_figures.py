"""Anonymous key figures: counted from the plans, per organisation, manager and period; for the authority
aggregated with small numbers suppressed so that none can be computed by difference either."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings, strategies as st

from factories import user
from workflow.counselling import operations
from workflow.counselling.figures import key_figures
from workflow.counselling.suppression import MINIMUM, suppress
from workflow.db import db
from workflow.models import Organisation
from sqlalchemy import select

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
CONSENT = ["purpose", "data", "access", "retention", "rights", "voluntary"]


def _organisation_id(ags: str) -> int:
    return db.session.scalar(select(Organisation.id).where(Organisation.ags == ags))


def test_key_figures_count_the_demo_plans_of_meersburg(app):
    with app.app_context():
        meersburg = _organisation_id("08435036")
        figures = key_figures(db.session, meersburg, *YEAR)
        assert (figures.persons_counselled, figures.plans_written, figures.plans_updated) == (2, 2, 1)
        assert figures.goals_by_area == {
            "language": 1,
            "work": 2,
            "recognition": 1,
            "housing": 1,
            "education": 1,
            "health": 0,
            "social": 0,
        }
        assert figures.reached_by_area["language"] == 1 and figures.goals_reached == 1
        by_colleague = key_figures(db.session, meersburg, *YEAR, manager_id=user("im.meersburg2").id)
        assert by_colleague.persons_counselled == 0 and by_colleague.goals == 0
        assert key_figures(db.session, meersburg, date(2025, 1, 1), date(2025, 12, 31)).persons_counselled == 0


def _line_values(table):
    """Every additive line of a suppressed table (rows with totals, columns with totals, the total lines)."""
    lines = [[row[c] for row in table.cells] + [table.column_totals[c]] for c in range(len(table.column_totals))]
    if table.row_totals:
        lines += [row + [total] for row, total in zip(table.cells, table.row_totals)]
        lines.append(table.column_totals + [table.total])
        lines.append(table.row_totals + [table.total])
    return lines


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(0, 30), min_size=columns, max_size=columns), min_size=1, max_size=6
        )
    ),
    st.booleans(),
)
def test_no_shown_cell_is_small_and_none_can_be_computed_by_difference(cells, with_row_totals):
    table = suppress(cells, with_row_totals)
    for line in _line_values(table):
        assert all(value is None or value >= MINIMUM for value in line)
        assert sum(value is None for value in line) != 1, (cells, line)
    for r, row in enumerate(table.cells):
        for c, value in enumerate(row):
            assert value in (None, cells[r][c])


def test_a_table_of_large_numbers_is_shown_whole():
    table = suppress([[10, 7], [12, 30]])
    assert table.cells == [[10, 7], [12, 30]] and table.row_totals == [17, 42] and table.total == 59


def test_the_ministry_sees_the_figures_with_small_numbers_withheld(app, client, auth):
    with app.app_context():
        manager = user("im.tettnang")
        for number in range(6):
            person = operations.create_client(
                db.session,
                manager,
                {"name": f"Person {number}", "consent_explained": CONSENT},
                date(2026, 11, 1),
                None,
                date(2026, 11, 1),
                None,
            )
            operations.save_plan(
                db.session,
                manager,
                person,
                {
                    "situation": {},
                    "review_on": "",
                    "goals": [
                        {
                            "area": "language",
                            "goal": "Deutsch",
                            "steps": "",
                            "who": "person",
                            "service": "",
                            "due_on": "",
                            "status": "open",
                        }
                    ],
                },
            )
    auth.login("ministerium")
    page = client.get("/uebersicht/integrationsplaene?jahr=2026").get_data(as_text=True)
    assert "Tettnang" in page and "Meersburg" in page
    # Tettnang: 7 persons (6 + the demo's); Meersburg's 2 are withheld, and so is Tettnang's 7, which the
    # Land total of 9 would otherwise reveal them by.
    persons = page.split('data-label="Personen beraten">')[1:3]
    assert all(cell.startswith("<abbr") for cell in persons), persons
    assert '<tfoot><tr><th scope="row">Land insgesamt</th><td class="num">9</td>' in page
    assert "gesperrt" in page and "Person 1" not in page
    overview = client.get("/uebersicht").get_data(as_text=True)
    assert "Integrationspläne (anonym)" in overview
    assert client.get("/uebersicht/integrationsplaene?jahr=abc").status_code == 404


def test_managers_see_their_organisations_figures_but_not_the_lands(client, auth):
    auth.login("im.meersburg")
    page = client.get("/beratung/kennzahlen?jahr=2026").get_data(as_text=True)
    assert "Samir Haddad" in page and "Tesfaye" not in page
    assert client.get("/uebersicht/integrationsplaene").status_code == 403


def test_the_ministry_sees_two_years_side_by_side_with_the_sum_withheld_where_a_year_is(client, auth):
    auth.login("ministerium")
    page = client.get("/uebersicht/integrationsplaene?jahr=2027").get_data(as_text=True)
    compared = page.split('id="vergleich-titel"')[1]
    assert "Ziele 2026 und 2027 im Vergleich" in page and "zusammen" in compared
    # Meersburg's goals are all in 2026 and small; its persons are still counselled in 2027, with no goals
    # there: a 0, withheld like any small number, and so is the sum of both years.
    meersburg = compared.split("Meersburg</th>")[1].split("</tr>")[0]
    assert meersburg.count("<abbr") == 6 and ">–<" not in meersburg, meersburg

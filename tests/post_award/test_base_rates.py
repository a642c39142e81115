"""The Basiszinssatz history: shipped table, idempotent loading, and ``foerderweg basiszinssatz add``."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from workflow import seed
from workflow.db import db
from workflow.money.interest import interest_table, next_half_year, total_interest
from workflow.models import BaseRate
from workflow.operations.base_rates import load_shipped_rates, parse_rate, rate_history, shipped_rates

D = Decimal


def test_the_shipped_table_has_every_half_year_since_2002():
    rows = shipped_rates()
    assert rows[0][0] == date(2002, 1, 1)  # § 247 BGB in force since 1 January 2002
    for (earlier, _, _), (later, _, _) in zip(rows, rows[1:]):
        assert later == next_half_year(earlier)
    assert all(source.startswith("Deutsche Bundesbank") for _, _, source in rows)
    published = {valid_from: rate for valid_from, rate, _ in rows}
    assert published[date(2002, 1, 1)] == D("2.57")
    assert published[date(2013, 1, 1)] == D("-0.13")
    assert published[date(2016, 7, 1)] == D("-0.88")
    assert published[date(2022, 7, 1)] == D("-0.88")
    assert [
        published[date(year, month, 1)]
        for year, month in [(2023, 1), (2023, 7), (2024, 1), (2024, 7), (2025, 1), (2025, 7), (2026, 1)]
    ] == [D("1.62"), D("3.12"), D("3.62"), D("3.37"), D("2.27"), D("1.27"), D("1.27")]


def test_rates_are_read_as_the_bundesbank_writes_them():
    assert parse_rate("1,27") == D("1.27")
    assert parse_rate("-0,88") == D("-0.88")
    assert parse_rate("−0,88 %") == D("-0.88")
    assert parse_rate("3.62") == D("3.62")
    assert parse_rate("1,275") is None
    assert parse_rate("1,2x") is None
    assert parse_rate("") is None


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(BaseRate))


def test_the_reference_data_holds_the_shipped_rates_and_loading_again_changes_nothing(app):
    with app.app_context():
        assert _count() == len(shipped_rates())
        assert seed.initialise_reference_data(db.session) == []
        assert _count() == len(shipped_rates())
        # A rate the operator corrected stays; loading only says that the table differs.
        row = db.session.scalars(select(BaseRate).where(BaseRate.valid_from == date(2024, 7, 1))).one()
        row.basis_points = 338
        db.session.commit()
        assert load_shipped_rates(db.session) == [
            "Hinweis: Basiszinssatz ab 01.07.2024 ist mit 3,38\u00a0% eingetragen, die mitgelieferte Tabelle "
            "nennt 3,37\u00a0%; der eingetragene Satz bleibt."
        ]
        assert row.basis_points == 338


def test_the_history_from_the_database_feeds_the_interest_table(app):
    # The hand-computed case of test_interest (15.05.–15.08.2024, 50.000 €): 553,47 + 514,55 €.
    with app.app_context():
        periods = interest_table(D("50000.00"), date(2024, 5, 15), date(2024, 8, 15), rate_history(db.session))
    assert [p.interest for p in periods] == [D("553.47"), D("514.55")]
    assert total_interest(periods) == D("1068.02")


def test_an_administrator_adds_the_next_rate(app, runner):
    result = runner.invoke(
        args=[
            "basiszinssatz",
            "add",
            "01.01.2027",
            "1,52",
            "--quelle",
            "Deutsche Bundesbank, Pressenotiz vom 22.12.2026",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Basiszinssatz ab 01.01.2027: 1,52\u00a0% eingetragen" in result.output
    assert "Erstattungszinsen ab diesem Tag: 6,52\u00a0%" in result.output
    with app.app_context():
        row = db.session.scalars(select(BaseRate).where(BaseRate.valid_from == date(2027, 1, 1))).one()
        assert (row.rate, row.source) == (D("1.52"), "Deutsche Bundesbank, Pressenotiz vom 22.12.2026")
        assert row.imported_by.startswith("Kommandozeile")
        # Interest may now run into January 2027: 1.000 × 6,52 % × 31 / 365 = 65,20 × 31 / 365 = 5,5375… → 5,54 €.
        periods = interest_table(D("1000.00"), date(2027, 1, 1), date(2027, 2, 1), rate_history(db.session))
    assert [(p.rate, p.interest) for p in periods] == [(D("6.52"), D("5.54"))]
    listing = runner.invoke(args=["basiszinssatz", "list"])
    assert re.search(
        r"ab 01\.01\.2027 +1,52\u00a0%  Deutsche Bundesbank, Pressenotiz vom 22\.12\.2026\n", listing.output
    )
    assert "Der nächste Satz (ab 01.07.2027) ist noch nicht eingetragen." in listing.output


def test_a_negative_rate_needs_no_special_syntax(app, runner):
    result = runner.invoke(args=["basiszinssatz", "add", "01.01.2027", "-0,13", "--quelle", "Deutsche Bundesbank"])
    assert result.exit_code == 0, result.output
    assert "-0,13\u00a0% eingetragen" in result.output and "4,87\u00a0%" in result.output


@pytest.mark.parametrize(
    "valid_from, rate, message",
    [
        (
            "15.03.2027",
            "1,52",
            "nur zum 1. Januar und zum 1. Juli (§ 247 Abs. 1 BGB); der 15.03.2027 ist keiner dieser Tage",
        ),
        ("01.07.2026", "1,52", "Für den 01.07.2026 ist bereits ein Basiszinssatz eingetragen: 1,52\u00a0%"),
        ("01.07.2027", "1,52", "Zuerst den Basiszinssatz ab 01.01.2027 eintragen"),
        ("01.07.2001", "3,62", "ältere Sätze werden nicht nachgetragen"),
        ("01.01.2027", "25", "25,00\u00a0% ist als Basiszinssatz nicht plausibel"),
        ("01.01.2027", "-12,5", "-12,50\u00a0% ist als Basiszinssatz nicht plausibel"),
        ("01.01.2027", "1,275", "„1,275“ ist kein Zinssatz"),
        ("01.01.2027", "eins", "„eins“ ist kein Zinssatz"),
        ("31.02.2027", "1,52", "„31.02.2027“ ist kein Datum"),
    ],
)
def test_implausible_entries_are_refused_in_german(app, runner, valid_from, rate, message):
    result = runner.invoke(args=["basiszinssatz", "add", valid_from, rate, "--quelle", "Deutsche Bundesbank"])
    assert result.exit_code == 1
    assert message in result.output
    assert "Es wurde nichts eingetragen." in result.output
    with app.app_context():
        assert _count() == len(shipped_rates())


def test_a_source_is_required(app, runner):
    result = runner.invoke(args=["basiszinssatz", "add", "01.01.2027", "1,52", "--quelle", "  "])
    assert result.exit_code == 1
    assert "Bitte die Quelle angeben" in result.output

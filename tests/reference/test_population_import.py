"""Importing Einwohnerzahlen: a new current version from the whole table, or nothing at all; the reader; the CLI."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import select

from factories import user
from population_files import EMMENDINGEN, TETTNANG, demo_rows, import_file, line_of, published_table, snapshot
from workflow.db import db
from workflow.models import Organisation, PopulationVersion
from workflow.operations.population_import import ImportRefused, import_population
from workflow.reference.population import inhabitants_by_organisation


def organisation_ids(*keys: str) -> list[int]:
    return list(
        db.session.scalars(select(Organisation.id).where(Organisation.ags.in_(keys)).order_by(Organisation.ags))
    )


def test_the_demo_brings_version_1_with_every_demo_gemeinde(app):
    with app.app_context():
        version = db.session.scalars(select(PopulationVersion)).one()
        assert (version.number, version.is_current, version.reference_date) == (1, True, date(2019, 12, 31))
        assert version.total_inhabitants == sum(int(row[2]) for row in demo_rows())
        emmendingen, tettnang = organisation_ids(EMMENDINGEN, TETTNANG)
        assert inhabitants_by_organisation(db.session, [emmendingen, tettnang]) == {
            emmendingen: (27977, date(2019, 12, 31)),
            tettnang: (19437, date(2019, 12, 31)),
        }


def test_an_import_adds_a_current_version_and_keeps_the_old_one(app):
    content = published_table({TETTNANG: "19.999"})
    with app.app_context():
        admin = user("admin")
        version = import_population(db.session, admin, "einwohner_2024.csv", content, date(2024, 12, 31))
        assert (version.number, version.is_current, version.imported_by_id) == (2, True, admin.id)
        assert version.source_sha256 == hashlib.sha256(content).hexdigest()
        assert version.source_name == "einwohner_2024.csv"
        versions = db.session.scalars(select(PopulationVersion).order_by(PopulationVersion.number)).all()
        assert [(v.number, v.is_current) for v in versions] == [(1, False), (2, True)]
        (tettnang,) = organisation_ids(TETTNANG)
        assert inhabitants_by_organisation(db.session, [tettnang]) == {tettnang: (19999, date(2024, 12, 31))}


def test_an_organisation_without_population_is_absent_from_the_reader(app):
    with app.app_context():
        kreis = db.session.scalars(select(Organisation.id).where(Organisation.ags == "08435")).one()
        assert inhabitants_by_organisation(db.session, [kreis]) == {}
        assert inhabitants_by_organisation(db.session, []) == {}


def test_a_table_with_one_bad_row_changes_nothing(app):
    before = snapshot(app)
    with app.app_context():
        with pytest.raises(ImportRefused) as refused:
            import_population(db.session, None, "x.csv", published_table({EMMENDINGEN: "-1"}), date(2024, 12, 31))
        assert refused.value.message == "Die Tabelle enthält 1 Fehler."
        assert [str(p) for p in refused.value.checked.problems] == [
            f"Zeile {line_of(EMMENDINGEN)}: Die Einwohnerzahl „-1“ ist negativ."
        ]
    assert snapshot(app) == before


def test_an_unknown_gemeinde_is_refused_and_not_created(app):
    before = snapshot(app)
    with app.app_context():
        with pytest.raises(ImportRefused) as refused:
            import_population(
                db.session, None, "x.csv", published_table(extra=["08435099;Neuort;1.000"]), date(2024, 12, 31)
            )
        assert "08435099 ist nicht bekannt" in str(refused.value.checked.problems[0])
    assert snapshot(app) == before


@pytest.mark.parametrize(
    "stichtag,message",
    [
        (None, "Bitte geben Sie den Stichtag"),
        (date(2026, 11, 26), "liegt in der Zukunft"),
        (date(1900, 1, 1), "unplausibel früh"),
    ],
)
def test_the_stichtag_is_required_and_plausible(app, stichtag, message):
    before = snapshot(app)
    with app.app_context():
        with pytest.raises(ImportRefused) as refused:
            import_population(db.session, None, "x.csv", published_table(), stichtag)
        assert message in refused.value.message
    assert snapshot(app) == before


def test_only_administrators_import(app):
    before = snapshot(app)
    with app.app_context():
        with pytest.raises(ImportRefused) as refused:
            import_population(db.session, user("kommune.stuttgart"), "x.csv", published_table(), date(2024, 12, 31))
        assert refused.value.status == 403
    assert snapshot(app) == before


def test_the_command_imports_and_reports_in_german(app, tmp_path):
    result = import_file(app, tmp_path, published_table(), "31.12.2024")
    assert result.exit_code == 0, result.output
    assert "Gelesen als CSV-Datei, Trennzeichen Semikolon, Zeichenkodierung UTF-8." in result.output
    assert f"Zeile {3 + len(demo_rows())} ist eine Summenzeile" in result.output
    assert "Einwohnerzahlen importiert: Fassung 2 mit 95 Gemeinden, Stichtag 31.12.2024." in result.output
    with app.app_context():
        version = db.session.scalars(select(PopulationVersion).where(PopulationVersion.is_current.is_(True))).one()
        assert (version.number, version.imported_by_id, version.source_name) == (2, None, "einwohner.csv")


def test_the_command_refuses_a_bad_table_with_line_numbers_and_changes_nothing(app, tmp_path):
    before = snapshot(app)
    result = import_file(app, tmp_path, published_table({TETTNANG: "19.437,3"}))
    assert result.exit_code == 1
    assert f"Zeile {line_of(TETTNANG)}: Die Einwohnerzahl „19.437,3“ ist keine ganze Zahl." in result.output
    assert "Es wurde nichts importiert; die Datenbank ist unverändert." in result.output
    assert snapshot(app) == before


@pytest.mark.parametrize(
    "stichtag,message",
    [
        ("31.13.2024", "„31.13.2024“ ist kein Datum"),
        ("31.12.2030", "liegt in der Zukunft"),
    ],
)
def test_the_command_refuses_a_wrong_stichtag(app, tmp_path, stichtag, message):
    before = snapshot(app)
    result = import_file(app, tmp_path, published_table(), stichtag)
    assert result.exit_code == 1 and message in result.output, result.output
    assert snapshot(app) == before


def test_the_command_needs_a_stichtag_and_an_existing_file(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["import-population", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "--stichtag" in result.output
    missing = app.test_cli_runner().invoke(
        args=["import-population", str(tmp_path / "fehlt.csv"), "--stichtag", "31.12.2024"]
    )
    assert missing.exit_code == 1 and "Die Datei „" in missing.output and "gibt es nicht" in missing.output

"""Migration 0008 on a database that holds Integrationsmanagement cases written at revision 0007.

The programme's setting columns and Festbeträge become version 1 with the
package's templates, every case is pinned to it, and each position's programme
fields move into ``details``; the evidence stays intact (``foerderweg verify``).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, inspect, text

from conftest import make_test_app
from legacy_data import IM, POSITIONS, PROVIDER, build_0007_cases
from workflow import schema
from workflow.db import db
from workflow.engine.settings import parse_settings
from workflow.models import Application


@pytest.fixture
def migrated(empty_database_url):
    """The 0007 database with cases, upgraded to the newest migration; (engine, case ids)."""
    engine = create_engine(empty_database_url)
    schema.upgrade(engine, "0007")
    with engine.begin() as connection:
        cases = build_0007_cases(connection)
    with make_test_app(
        empty_database_url
    ).app_context():  # as `foerderweg init` migrates: the application seals the anchors
        schema.upgrade(engine)
    yield engine, cases
    engine.dispose()


def _rows(engine, sql: str, **params) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(text(sql), params).mappings()]


def _json(value):
    """A JSON column's value (SQLite drivers may hand it back as text)."""
    return json.loads(value) if isinstance(value, str) else value


def test_the_old_settings_and_festbetraege_become_version_1(migrated):
    engine, _ = migrated
    assert schema.current_revision(engine) == schema.head_revision()
    versions = _rows(engine, "SELECT id, number, is_active, settings FROM programme_version")
    assert len(versions) == 1 and versions[0]["number"] == 1 and versions[0]["is_active"]
    stored = _json(versions[0]["settings"])
    assert stored["threshold"] == "51000.00" and stored["min_fte"] == "0.25" and stored["funding_months"] == 24
    assert stored["positions_start_earliest"] == "2027-01-01" and stored["positions_start_latest"] == "2027-12-31"
    assert [(rate["category"], rate["amount"]) for rate in stored["rates"]] == [
        ("a", "58000.00"),
        ("b", "52000.00"),
        ("c", "46000.00"),
    ]
    parsed = parse_settings(IM.all_settings, stored)
    assert parsed.errors == [], "the rules of today cannot read the migrated settings"
    assert parsed.settings.threshold == Decimal("51000.00")
    columns = {column["name"] for column in inspect(engine).get_columns("programme")}
    assert "threshold" not in columns and "programme_rate" not in inspect(engine).get_table_names()


def test_version_1_holds_the_templates_the_package_ships(migrated):
    engine, _ = migrated
    rows = _rows(engine, "SELECT kind, filename, sha256 FROM programme_template ORDER BY kind")
    assert {row["kind"] for row in rows} == set(IM.templates.files)
    for row in rows:
        assert row["filename"] == f"integrationsmanagement/{IM.templates.files[row['kind']]}"
        assert row["sha256"] == hashlib.sha256(IM.templates.read(row["kind"])).hexdigest()


def test_every_case_is_pinned_to_version_1_and_keeps_its_figures(migrated):
    engine, cases = migrated
    version_id = _rows(engine, "SELECT id FROM programme_version")[0]["id"]
    applications = _rows(
        engine, "SELECT id, state, programme_version_id, details, requested_amount FROM application ORDER BY id"
    )
    assert [(row["id"], row["state"]) for row in applications] == [
        (cases["submitted"], "submitted"),
        (cases["draft"], "draft"),
    ]
    assert {row["programme_version_id"] for row in applications} == {version_id}
    assert all(_json(row["details"]) == {} for row in applications)
    assert applications[0]["requested_amount"] == 16200000


def test_positions_carry_their_programme_fields_in_details_and_funding_starts_with_the_employment(migrated):
    engine, cases = migrated
    rows = _rows(
        engine,
        "SELECT id, person_name, fte, employment_start, funding_start, funding_end, amount, details "
        "FROM position WHERE application_id = :id ORDER BY sort_order",
        id=cases["submitted"],
    )
    assert [_json(row["details"]) for row in rows] == [
        {"category": "a", "employer_kind": "own", "provider_name": None},
        {"category": "b", "employer_kind": "provider", "provider_name": PROVIDER},
    ]
    for row, (_, person, _, fte, start, end, _, _, amount) in zip(rows, POSITIONS):
        assert (row["person_name"], row["fte"], row["amount"]) == (person, fte, amount)
        assert str(row["funding_start"])[:10] == str(row["employment_start"])[:10] == start.isoformat()
        assert str(row["funding_end"])[:10] == end.isoformat()
    columns = {column["name"] for column in inspect(engine).get_columns("position")}
    assert not columns & {"category", "employer_kind", "provider_name"}


def test_verify_passes_and_init_keeps_the_migrated_version(migrated, empty_database_url):
    engine, cases = migrated
    app = make_test_app(empty_database_url)
    runner = app.test_cli_runner()
    verified = runner.invoke(args=["verify"])
    assert verified.exit_code == 0, verified.output
    assert (
        "Geprüft: 2 Dokumente, 0 Anlagen, 1 Verlaufseinträge." in verified.output
        and "Alles unverändert." in verified.output
    )
    initialised = runner.invoke(args=["init"])
    assert initialised.exit_code == 0, initialised.output
    versions = _rows(
        engine,
        "SELECT v.number FROM programme_version v JOIN programme p ON p.id = v.programme_id "
        "WHERE p.code = 'integrationsmanagement'",
    )
    assert versions == [{"number": 1}], "init made a new version although the package's templates are unchanged"
    with app.app_context():
        application = db.session.get(Application, cases["submitted"])
        assert application.programme_version.number == 1
        assert [p.details["category"] for p in application.positions] == ["a", "b"]
        assert application.positions[1].funding_start == date(2027, 5, 15)
        db.engine.dispose()

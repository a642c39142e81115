"""The Allgemeine Nebenbestimmungen as determinate, versioned texts: read as published, loaded as versions, and
annexed to a Bescheid in the version in force on the day it is signed, with the programme's deviations."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import create_engine

from factories import in_state
from post_award_steps import documents_of, letter_text
from workflow import schema
from workflow.db import db
from workflow.models import ConditionsText
from workflow.operations import conditions
from workflow.reference.conditions import TextRefused, read_text, shipped_versions

OFFICIAL = """Allgemeine Nebenbestimmungen (Test)
1. Anforderung und Verwendung der Zuwendung
1.1 Die Zuwendung darf nur zur Erfüllung des Zwecks verwendet werden.
Sie ist wirtschaftlich zu verwenden; 2019 trat keine Änderung ein.
2. Nachträgliche Ermäßigung
2.1 Ermäßigen sich die Ausgaben, ermäßigt sich die Zuwendung.
3 Vergabe von Aufträgen
Die Vergabevorschriften sind anzuwenden.
""".encode()


def test_a_published_text_is_read_into_its_nummern():
    entries = read_text(OFFICIAL)
    assert [(e.number, e.heading) for e in entries] == [
        ("0", ""),
        ("1", "Anforderung und Verwendung der Zuwendung"),
        ("1.1", None),
        ("2", "Nachträgliche Ermäßigung"),
        ("2.1", None),
        ("3", "Vergabe von Aufträgen"),
    ]
    # A number inside a paragraph („2019 …“) continues it; it is no heading.
    assert entries[2].text.endswith("2019 trat keine Änderung ein.")
    assert entries[5].text == "Die Vergabevorschriften sind anzuwenden."


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "keine Nummer"),
        (b"Nur Fliesstext ohne Nummern.", "keine Nummer"),
        (b"\x00\x01PK", "keine Textdatei"),
    ],
)
def test_a_file_without_nummern_is_refused_in_german(raw, says):
    with pytest.raises(TextRefused) as refused:
        read_text(raw)
    assert says in refused.value.message


def test_the_shipped_structure_names_every_nummer_as_missing():
    anbest_k = next(v for v in shipped_versions() if v.code == "ANBest-K")
    assert anbest_k.missing == tuple(str(n) for n in range(1, 9)) and not anbest_k.complete


def test_the_version_in_force_on_a_day_is_the_newest_loaded_that_applies(app):
    with app.app_context():
        assert conditions.in_force(db.session, "ANBest-K", date(2027, 1, 1)).missing  # shipped at init
        conditions.import_text(
            db.session, "ANBest-K", OFFICIAL, "Stand: 01.01.2019", date(2019, 1, 1), "Testquelle", "Test"
        )
        later = OFFICIAL.replace(b"wirtschaftlich", b"sparsam")
        conditions.import_text(
            db.session, "ANBest-K", later, "Stand: 01.07.2027", date(2027, 7, 1), "Testquelle", "Test"
        )
        before = conditions.in_force(db.session, "ANBest-K", date(2027, 6, 30))
        after = conditions.in_force(db.session, "ANBest-K", date(2027, 7, 1))
        assert before.stand == "Stand: 01.01.2019" and before.complete and "wirtschaftlich" in before.entries[2].text
        assert after.stand == "Stand: 01.07.2027" and "sparsam" in after.entries[2].text
        assert conditions.in_force(db.session, "ANBest-P", date(2027, 7, 1)).missing


@pytest.mark.parametrize(
    ("stand", "valid_from", "source", "says"),
    [
        ("", date(2027, 1, 1), "GABl.", "Stand"),
        ("Stand: 1.1.2027", None, "GABl.", "ab wann"),
        ("Stand: 1.1.2027", date(2027, 1, 1), " ", "Quelle"),
    ],
)
def test_an_import_without_stand_start_or_source_stores_nothing(app, stand, valid_from, source, says):
    with app.app_context():
        count = db.session.query(ConditionsText).count()
        with pytest.raises(TextRefused) as refused:
            conditions.import_text(db.session, "ANBest-K", OFFICIAL, stand, valid_from, source, "Test")
        assert says in refused.value.message and db.session.query(ConditionsText).count() == count


def test_the_command_line_loads_a_text_and_refuses_in_german(app, tmp_path):
    path = tmp_path / "anbest-k.txt"
    path.write_bytes(OFFICIAL)
    runner = app.test_cli_runner()
    loaded = runner.invoke(
        args=[
            "nebenbestimmungen",
            "import",
            str(path),
            "--art",
            "ANBest-K",
            "--stand",
            "Stand: 01.01.2019",
            "--gilt-ab",
            "01.01.2019",
            "--quelle",
            "GABl. 2019 S. 1",
        ]
    )
    assert loaded.exit_code == 0 and "6 Nummern" in loaded.output
    refused = runner.invoke(
        args=[
            "nebenbestimmungen",
            "import",
            str(path),
            "--art",
            "ANBest-K",
            "--stand",
            "x",
            "--gilt-ab",
            "31.02.2019",
            "--quelle",
            "GABl.",
        ]
    )
    assert refused.exit_code == 1 and "ab wann" in refused.output
    listed = runner.invoke(args=["nebenbestimmungen", "list"])
    assert "Stand: 01.01.2019" in listed.output and "Wortlaut fehlt zu Nr. 1, 2, 3" in listed.output


def test_a_signed_bescheid_annexes_the_loaded_wording_with_the_programmes_deviations(app):
    with app.app_context():
        conditions.import_text(
            db.session, "ANBest-K", OFFICIAL, "Stand: 01.01.2019", date(2019, 1, 1), "GABl. 2019 S. 1", "Test"
        )
    application_id, _ = in_state(app, "granted")
    with app.app_context():
        annex = letter_text(documents_of(application_id, "conditions_annex")[0])
        notice = letter_text(documents_of(application_id, "grant_notice")[0])
    assert "1.1 Die Zuwendung darf nur zur Erfüllung des Zwecks verwendet werden." in annex
    assert "Fassung: Stand: 01.01.2019; anzuwenden ab 01.01.2019. Quelle: GABl. 2019 S. 1." in annex
    assert "nicht aus der amtlichen Fassung geladen" not in annex and "jeweils geltenden Fassung" not in annex
    # The Festbetrag clause and Nr. 2 now say the same: lower expenses reduce the grant only below the Festbetrag.
    assert "Nr. 2 gilt für diesen Bescheid mit folgender Maßgabe: Die Zuwendung ist ein Festbetrag je Stelle." in annex
    assert "solange sie den Festbetrag einer Stelle nicht unterschreiten" in notice
    assert "in der als Anlage Teil A abgedruckten Fassung (Stand: 01.01.2019)" in notice


def test_migration_0032_creates_the_texts_and_gives_an_upgraded_database_the_shipped_structure(app, database_url):
    with app.app_context():
        conditions.import_text(db.session, "ANBest-K", OFFICIAL, "Stand: 01.01.2019", date(2019, 1, 1), "GABl.", "Test")
        db.session.close()
        engine = create_engine(database_url)
        with engine.connect() as connection, connection.begin():
            command.downgrade(schema.alembic_config(connection), "0031")
        schema.upgrade(engine)
        engine.dispose()
        assert schema.current_revision(db.engine) == schema.head_revision()
        rows = db.session.query(ConditionsText).order_by(ConditionsText.code).all()
        assert [row.code for row in rows] == ["ANBest-K", "ANBest-P"]
        assert conditions.in_force(db.session, "ANBest-K", date(2027, 1, 1)).missing

"""Evidence cannot be changed quietly: the database refuses it, and `foerderweg verify` finds it."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from conftest import ON_POSTGRES
from factories import in_state
from workflow.db import db


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET comment = 'geändert'",
        "DELETE FROM audit_entry",
        "UPDATE document SET content = X'00'" if not ON_POSTGRES else "UPDATE document SET content = '\\x00'",
        "DELETE FROM document",
    ],
)
def test_the_database_refuses_to_change_or_delete_evidence(app, statement):
    in_state(app, "information_requested")
    with app.app_context():
        with pytest.raises(DatabaseError) as refusal:
            with db.engine.begin() as connection:
                connection.execute(text(statement))
        assert "unveränderlich" in str(refusal.value)


@contextmanager
def tampering(app):
    """A connection without the append-only protection: the test plays an attacker with database access.

    On PostgreSQL the triggers are switched back on afterwards (the database outlives the test);
    a SQLite test database is a copy that is thrown away.
    """
    with app.app_context(), db.engine.begin() as connection:
        for table in ("audit_entry", "document"):
            if ON_POSTGRES:
                connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
            else:
                for event in ("update", "delete"):
                    connection.execute(text(f"DROP TRIGGER {table}_no_{event}"))
        yield connection
        if ON_POSTGRES:
            for table in ("audit_entry", "document"):
                connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only"))


def test_verify_passes_on_untouched_evidence(app, runner):
    in_state(app, "granted")
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 0, result.output
    assert "Alles unverändert." in result.output and "Dokumente" in result.output


def test_verify_finds_a_changed_document_and_a_changed_history_entry(app, runner):
    application_id, _ = in_state(app, "granted")
    with tampering(app) as connection:
        connection.execute(
            text("UPDATE document SET content = :content WHERE kind = 'grant_notice'"), {"content": b"PK gefaelscht"}
        )
        connection.execute(
            text("UPDATE audit_entry SET comment = 'nachträglich' WHERE transition = 'take' AND application_id = :id"),
            {"id": application_id},
        )
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 1
    assert "passt nicht zur gespeicherten SHA-256" in result.output
    assert "(take): Eintrag oder seine Dokumente wurden nachträglich verändert." in result.output


def test_verify_finds_a_deleted_history_entry(app, runner):
    application_id, _ = in_state(app, "answered")
    with tampering(app) as connection:
        connection.execute(
            text("DELETE FROM audit_entry WHERE transition = 'take' AND application_id = :id"),
            {"id": application_id},
        )
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 1 and "Verkettung unterbrochen" in result.output

"""Evidence cannot be changed quietly: the database refuses it, and `foerderweg verify` finds it."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from conftest import ON_POSTGRES
from factories import in_state
from tampering import tampering
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

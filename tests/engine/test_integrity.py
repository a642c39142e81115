"""Evidence cannot be changed quietly: the database refuses it, and `foerderweg verify` finds it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from conftest import ON_POSTGRES
from factories import in_state
from tampering import delete_newest_entries, recompute_chain, tampering
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
        taken = "SELECT id FROM audit_entry WHERE transition = 'take' AND application_id = :id"
        connection.execute(text(f"DELETE FROM event WHERE audit_entry_id IN ({taken})"), {"id": application_id})
        connection.execute(text(f"DELETE FROM audit_entry WHERE id IN ({taken})"), {"id": application_id})
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 1 and "Verkettung unterbrochen" in result.output


def test_verify_names_a_deleted_tail_of_a_history(app, runner):
    application_id, _ = in_state(app, "granted")
    with tampering(app) as connection:
        delete_newest_entries(connection, application_id)  # the proof of use the grant opened
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 1
    assert (
        f"Antrag {application_id}: Verlaufskette endet nach 4 Einträgen, verankert sind 5: der letzte Eintrag fehlt."
        in result.output
    )


def test_verify_names_a_chain_recomputed_with_the_public_code_and_an_anchor_set_without_the_key(app, runner):
    application_id, _ = in_state(app, "granted")
    with tampering(app) as connection:
        connection.execute(
            text("UPDATE audit_entry SET comment = 'nachträglich' WHERE transition = 'take' AND application_id = :id"),
            {"id": application_id},
        )
        recompute_chain(connection, application_id)
    recomputed = runner.invoke(args=["verify"])
    assert recomputed.exit_code == 1 and "Eintrag oder seine Dokumente" not in recomputed.output, (
        "the chain itself closes"
    )
    assert (
        f"Antrag {application_id}: Verlaufskette wurde neu berechnet: der 5. Eintrag passt nicht zum verankerten Hash."
        in recomputed.output
    )
    with app.app_context(), db.engine.begin() as connection:  # the anchor moved along, sealed without the key
        head = connection.scalar(
            text("SELECT entry_hash FROM audit_entry WHERE application_id = :id ORDER BY id DESC LIMIT 1"),
            {"id": application_id},
        )
        connection.execute(
            text("UPDATE chain_anchor SET head_hash = :head, seal = :seal WHERE application_id = :id"),
            {"head": head, "seal": "0" * 64, "id": application_id},
        )
    forged = runner.invoke(args=["verify"])
    assert f"Antrag {application_id}: Verlaufskette: der Anker ist nicht mit dem Schlüssel gesiegelt" in forged.output


def test_a_backup_keeps_the_anchors_and_verify_names_a_history_deleted_with_its_anchor(app, runner, tmp_path):
    application_id, _ = in_state(app, "granted")
    target = tmp_path / "sicherung.db"
    saved = runner.invoke(args=["backup", str(target)])
    assert saved.exit_code == 0, saved.output
    manifest = tmp_path / "sicherung.db.anker.json"
    assert runner.invoke(args=["verify", "--anker", str(manifest)]).exit_code == 0
    with tampering(app) as connection:
        delete_newest_entries(connection, application_id, 5)
        connection.execute(text("DELETE FROM chain_anchor WHERE application_id = :id"), {"id": application_id})
    assert runner.invoke(args=["verify"]).exit_code == 0, "without the backup's anchors nothing is left to compare"
    result = runner.invoke(args=["verify", "--anker", str(manifest)])
    assert result.exit_code == 1
    assert (
        f"Antrag {application_id}: Verlaufskette endet nach 0 Einträgen, verankert in der Sicherung sind 5: "
        "die letzten 5 Einträge fehlen."
    ) in result.output

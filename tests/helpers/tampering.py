"""Changing evidence behind the application's back, for the tests that prove `foerderweg verify` notices."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from conftest import ON_POSTGRES
from workflow.db import db
from workflow.models import AuditEntry
from workflow.models.audit import GENESIS_HASH


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


def recompute_chain(connection, application_id: int) -> None:
    """Every entry of the case hashed anew with the public code, as an attacker would after changing one
    (read through ``connection``, so a change made on it counts)."""
    previous = GENESIS_HASH
    with Session(bind=connection) as reader:
        for entry in reader.scalars(
            select(AuditEntry).where(AuditEntry.application_id == application_id).order_by(AuditEntry.id)
        ):
            entry.previous_hash = previous
            previous = entry.computed_hash([document.sha256 for document in entry.documents])
            connection.execute(
                text("UPDATE audit_entry SET previous_hash = :previous, entry_hash = :hash WHERE id = :id"),
                {"previous": entry.previous_hash, "hash": previous, "id": entry.id},
            )


def delete_newest_entries(connection, application_id: int, count: int = 1) -> None:
    """The case's newest history entries gone, with their documents and what points at them (mails, notifications,
    deadlines, events): what is left looks like a shorter history."""
    for _ in range(count):
        entry = {
            "entry": connection.scalar(
                text("SELECT MAX(id) FROM audit_entry WHERE application_id = :id"), {"id": application_id}
            )
        }
        documents = "SELECT id FROM document WHERE audit_entry_id = :entry"
        connection.execute(text(f"DELETE FROM outgoing_mail_document WHERE document_id IN ({documents})"), entry)
        connection.execute(text(f"DELETE FROM letter_dispatch WHERE document_id IN ({documents})"), entry)
        connection.execute(text("DELETE FROM notification WHERE audit_entry_id = :entry"), entry)
        connection.execute(
            text("DELETE FROM webhook_delivery WHERE event_id IN (SELECT id FROM event WHERE audit_entry_id = :entry)"),
            entry,
        )
        connection.execute(text("DELETE FROM event WHERE audit_entry_id = :entry"), entry)
        connection.execute(
            text("UPDATE deadline SET closed_by_entry_id = NULL WHERE closed_by_entry_id = :entry"), entry
        )
        connection.execute(text("DELETE FROM deadline WHERE opened_by_entry_id = :entry"), entry)
        connection.execute(text("DELETE FROM document WHERE audit_entry_id = :entry"), entry)
        connection.execute(text("DELETE FROM audit_entry WHERE id = :entry"), entry)

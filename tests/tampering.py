"""Changing evidence behind the application's back, for the tests that prove `foerderweg verify` notices."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import text

from conftest import ON_POSTGRES
from workflow.db import db


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

"""Engine and request-scoped session; the row lock both databases understand."""

from __future__ import annotations

import os
import stat

from sqlalchemy import create_engine, event, make_url, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from flask import current_app, g

ENGINE_KEY = "foerderweg.engine"
OWNER_ONLY = 0o600


def restrict_to_owner(path: str) -> None:
    """Create ``path`` if missing, readable and writable by its owner only; tighten it if others could read it.

    The database and its backups hold everything (hashes, ciphertext, the history): nobody else on the host reads them.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, OWNER_ONLY))
    if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
        os.chmod(path, OWNER_ONLY)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # A generous busy timeout lets writers queue behind each other instead of
        # failing with "database is locked".
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})
        path = make_url(url).database
        files = [f"{path}{suffix}" for suffix in ("", "-wal", "-shm")] if path and path != ":memory:" else []

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # Before the WAL exists: SQLite gives the WAL and shared-memory files the database file's mode.
            for existing in filter(os.path.exists, files):
                restrict_to_owner(existing)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            # Deleted rows (an erased person's data key) are overwritten with zeros, not left in free pages.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
            # SQLite's own lower() folds ASCII only; PostgreSQL's folds „Ä“ too. Searches (ilike) rely on it.
            dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

        return engine
    return create_engine(url, pool_pre_ping=True)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


class Database:
    """``db.session`` is one SQLAlchemy session per application context."""

    def init_app(self, app) -> None:
        app.extensions[ENGINE_KEY] = make_engine(app.config["DATABASE_URL"])
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> Engine:
        return current_app.extensions[ENGINE_KEY]

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = Session(bind=self.engine)
        return g.db_session

    @staticmethod
    def _close_session(_exc) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


db = Database()


def lock_row(session: Session, model, row_id: int):
    """Load one row for update, serialising concurrent writers on it.

    PostgreSQL takes a row lock with SELECT … FOR UPDATE. SQLite ignores FOR
    UPDATE; there a no-op UPDATE as the first statement takes the database's
    write lock (waiting behind other writers), so the SELECT after it sees the
    latest committed data and nobody else can write until we commit.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(model).where(model.id == row_id).values(id=model.id))
        statement = select(model).where(model.id == row_id)
    else:
        statement = select(model).where(model.id == row_id).with_for_update(of=model)
    return session.execute(statement.execution_options(populate_existing=True)).scalar_one_or_none()


def forget_deleted_pages(session: Session) -> None:
    """After a deletion that must not linger (a person's data key): SQLite copies the WAL into the database,
    where ``secure_delete`` zeroed the rows, and empties the WAL. PostgreSQL keeps dead tuples and WAL until its
    vacuum and checkpoints; the deleted key is wrapped by the installation's key there, which a rotation replaces."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))

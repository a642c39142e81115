"""Backups of the whole database: SQLite through its online backup API, PostgreSQL through pg_dump."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess  # runs pg_dump/pg_restore with an argument list, never a shell  # nosec B404
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

from workflow.db import restrict_to_owner


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why, in German."""


def _libpq_url(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} ist nicht installiert (Debian-Paket postgresql-client).")
    return path


def backup(engine: Engine, target: Path) -> None:
    """Write a consistent copy of the database to ``target`` (readable by its owner only) while the application
    keeps running."""
    restrict_to_owner(str(target))  # before anything is in it; sqlite3 and pg_dump write into the file as it is
    if engine.dialect.name == "sqlite":
        destination = sqlite3.connect(target)
        with engine.connect() as connection:
            connection.connection.driver_connection.backup(destination)
        destination.close()
        return
    result = subprocess.run(  # fixed executable, no shell  # nosec B603
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", _libpq_url(engine)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump ist fehlgeschlagen: {result.stderr.strip()}")


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's content with the backup in ``source`` (stop the web processes first)."""
    if not source.is_file():
        raise BackupError(f"Die Sicherung {source} gibt es nicht.")
    if engine.dialect.name == "sqlite":
        engine.dispose()
        database = Path(make_url(str(engine.url)).database)
        with sqlite3.connect(source) as origin, sqlite3.connect(database) as destination:
            origin.backup(destination)
        return
    engine.dispose()
    result = subprocess.run(  # fixed executable, no shell  # nosec B603
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_libpq_url(engine)}",
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore ist fehlgeschlagen: {result.stderr.strip()}")

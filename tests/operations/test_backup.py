"""A backup taken while the application runs restores to the same, intact data."""

from __future__ import annotations

from sqlalchemy import func, select

from factories import in_state
from workflow.db import db
from workflow.models import Application, AuditEntry, Document


def _counts(app):
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model)) for model in (Application, AuditEntry, Document)
        )


def test_backup_and_restore_round_trip(app, runner, tmp_path):
    in_state(app, "granted")
    before = _counts(app)
    target = tmp_path / "sicherung.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0 and "Gesichert nach" in result.output

    in_state(app, "answered")
    assert _counts(app) != before

    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert _counts(app) == before
    assert runner.invoke(args=["verify"]).exit_code == 0


def test_restore_refuses_a_missing_file_in_german(runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path / "gibtsnicht.dump"), "--yes"])
    assert result.exit_code != 0 and "gibt es nicht" in result.output


def test_restore_asks_before_overwriting(runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path / "x.dump")], input="n\n")
    assert result.exit_code != 0 and "Fortfahren?" in result.output

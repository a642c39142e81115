"""Onboarding from nothing: ``foerderweg init`` brings the Land's 1,101 Gemeinden under their Kreise, and a
newer official Gemeindeverzeichnis is shown first and taken over only when confirmed."""

from __future__ import annotations

from sqlalchemy import func, select

from conftest import make_test_app
from workflow.db import db
from workflow.models import AdminAuditEntry, Organisation, OrganisationKind

# Two GV100AD records of Satzart 60 (Gemeinde): Tettnang renamed, a Gemeinde of Bavaria passed over.
GV100AD = (
    "6020241231084350570000Tettnang (Montfortstadt)                          " + " " * 60 + "\n"
    "6020241231091620000000München, Landeshauptstadt                         " + " " * 60 + "\n"
)


def test_init_without_demo_creates_every_gemeinde_under_its_kreis(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0 and "1101 Gemeinden aus dem Gemeindeverzeichnis" in result.output, result.output
    with app.app_context():
        gemeinden = db.session.scalars(select(Organisation).where(Organisation.kind == OrganisationKind.GEMEINDE)).all()
        assert len(gemeinden) == 1101
        by_key = {g.ags: g for g in gemeinden}
        assert by_key["08436081"].name == "Wangen im Allgäu" and by_key["08436081"].kreis.ags == "08436"
        assert by_key["08111000"].kreis.kind == OrganisationKind.STADTKREIS
        assert by_key["08435057"].regierungsbezirk.name.endswith("Tübingen")
    again = app.test_cli_runner().invoke(args=["init"])
    assert again.exit_code == 0 and "Gemeinden aus dem" not in again.output
    with app.app_context():
        db.engine.dispose()


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Organisation).where(func.length(Organisation.ags) == 8)
        )


def test_the_official_file_is_previewed_and_taken_over_only_when_confirmed(app, runner, tmp_path):
    path = tmp_path / "GV100AD_311224.txt"
    path.write_text(GV100AD, encoding="utf-8")
    before = _count(app)
    declined = runner.invoke(args=["import-gemeinden", str(path)], input="n\n")
    assert declined.exit_code == 1 and "„Tettnang“ → „Tettnang (Montfortstadt)“" in declined.output
    assert "Abgebrochen; die Datenbank ist unverändert." in declined.output and "München" not in declined.output
    confirmed = runner.invoke(args=["import-gemeinden", str(path)], input="y\n")
    assert confirmed.exit_code == 0 and "0 Gemeinden angelegt, 1 umbenannt" in confirmed.output, confirmed.output
    with app.app_context():
        assert (
            db.session.scalar(select(Organisation.name).where(Organisation.ags == "08435057"))
            == "Tettnang (Montfortstadt)"
        )
        assert db.session.scalar(select(AdminAuditEntry.summary).where(AdminAuditEntry.action == "gemeinden_imported"))
    assert _count(app) == before


def test_a_table_with_a_wrong_key_changes_nothing_and_names_the_line(app, runner, tmp_path):
    path = tmp_path / "gemeinden.csv"
    path.write_text("AGS;Gemeindename\n08435057;Tettnang\n08999001;Nirgendwo\n0843;Kurz\n", encoding="utf-8")
    result = runner.invoke(args=["import-gemeinden", str(path), "--ja"])
    assert result.exit_code == 1
    assert "Zeile 3: Einen Kreis mit dem Schlüssel 08999 gibt es nicht" in result.output
    assert "Zeile 4: „0843“ ist kein gültiger Amtlicher Gemeindeschlüssel" in result.output
    assert "Es wurde nichts übernommen" in result.output

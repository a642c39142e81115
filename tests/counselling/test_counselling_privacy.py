"""Personal data at rest and over time: encrypted in the database, key rotation, the sweep's reminders and
deletion after the retention period, and the person's rights (Art. 15 export, Art. 17 deletion)."""

from __future__ import annotations

import base64
import json
import os
from datetime import datetime, timezone

import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import func, select, text

from conftest import TEST_COUNSELLING_KEY, csrf_token_of, make_test_app, migrate_down, raw_dump
from counselling_steps import MARKER, add_person, client_id_of, person_form, planted_person
from workflow import schema
from workflow.security.crypto import KEY_FILE, KeyMissing, decode_key, key_id, open_with
from workflow.counselling.models import (
    AccessLogEntry,
    CaseFigure,
    Client,
    GoalFigure,
    PersonKey,
    PlanFigure,
    PlanVersion,
    Reminder,
)
from workflow.db import db
from workflow.operations.sweep import run_sweep


def _stored(app, table: str, column: str, client_id: int, key: str = "id"):
    """A column as the database holds it (ciphertext), of the row(s) of one person."""
    with app.app_context(), db.engine.connect() as connection:
        return (
            connection.execute(
                text(f'SELECT "{column}" FROM "{table}" WHERE "{key}" = :id ORDER BY 1'), {"id": client_id}
            )
            .scalars()
            .all()
        )


def test_no_personal_text_is_in_the_database_in_clear(app, client, auth, database_url):
    planted_person(client, auth)
    dump = raw_dump(app)
    assert MARKER not in dump and "Deutsch B1" not in dump and "Amal" not in dump
    if database_url.startswith("sqlite:///"):
        with app.app_context():
            db.engine.dispose()
        with open(database_url.removeprefix("sqlite:///"), "rb") as handle:
            raw = handle.read()
        assert MARKER.encode() not in raw and "Tochter".encode() not in raw


def test_a_rotated_key_reencrypts_everything_and_the_old_key_no_longer_reads(app, client, auth, database_url, tmp_path):
    client_id = planted_person(client, auth)
    with open(tmp_path / KEY_FILE, "w", encoding="ascii") as handle:
        handle.write(TEST_COUNSELLING_KEY)
    from_file = make_test_app(database_url, COUNSELLING_KEY=None, COUNSELLING_KEY_DIR=str(tmp_path))
    before = raw_dump(app)
    stored_before = _stored(app, "counselling_client", "personal", client_id)
    result = from_file.test_cli_runner().invoke(args=["counselling-rotate-key"])
    assert result.exit_code == 0, result.output
    assert "Datensätze mit dem neuen Schlüssel" in result.output
    assert not os.path.exists(tmp_path / "counselling.key.new")
    new_key = decode_key((tmp_path / KEY_FILE).read_text())
    assert key_id(new_key) != key_id(decode_key(TEST_COUNSELLING_KEY))
    after = raw_dump(app)
    assert before != after and MARKER not in after
    assert _stored(app, "counselling_client", "personal", client_id) == stored_before  # re-wrapped, not re-encrypted
    fresh = make_test_app(database_url, COUNSELLING_KEY=None, COUNSELLING_KEY_DIR=str(tmp_path))
    with fresh.app_context():
        assert MARKER in db.session.get(Client, client_id).personal["name"]
        assert (
            MARKER
            in db.session.scalars(select(PlanVersion).where(PlanVersion.client_id == client_id))
            .one()
            .content["situation"]["schooling"]
        )
    with app.app_context():  # the suite's app still holds only the old key
        with pytest.raises(KeyMissing):
            db.session.get(Client, client_id).personal


def test_the_sweep_reminds_the_responsible_manager_once_per_review_date(app, client, auth, clock):
    client_id = planted_person(client, auth)  # review on 15.12.2026, reminded 7 days before
    with app.app_context():
        run_sweep(db.session)
        assert db.session.scalar(select(func.count()).select_from(Reminder)) == 0
    clock.set(datetime(2026, 12, 8, 8, tzinfo=timezone.utc))
    with app.app_context():
        report = run_sweep(db.session)
        run_sweep(db.session)
        reminders = db.session.scalars(select(Reminder)).all()
        assert "1 Wiedervorlage(n) erinnert" in report.summary() and MARKER not in report.summary()
    assert [(r.client_id, r.review_on.isoformat()) for r in reminders] == [(client_id, "2026-12-15")]
    auth.login("im.meersburg")
    assert "Integrationsplan am 15.12.2026 fortschreiben" in client.get("/beratung").get_data(as_text=True)


def _end_counselling(client, client_id: int, end: str) -> None:
    url = f"/beratung/personen/{client_id}/stammdaten"
    page = client.get(url).get_data(as_text=True)
    response = client.post(url, data={**person_form(counselling_end=end), "csrf_token": csrf_token_of(page)})
    assert response.status_code == 302


def test_the_sweep_deletes_a_person_after_the_retention_period_and_keeps_the_counts(app, client, auth, clock):
    client_id = planted_person(client, auth)
    auth.login("im.meersburg")
    _end_counselling(client, client_id, "24.11.2026")
    app.config["COUNSELLING_RETENTION_DAYS"] = 30
    with app.app_context():
        run_sweep(db.session)
        assert db.session.get(Client, client_id) is not None
    clock.set(datetime(2026, 12, 26, 8, tzinfo=timezone.utc))
    with app.app_context():
        report = run_sweep(db.session)
        assert "1 Person(en) nach Ablauf der Aufbewahrungsfrist gelöscht" in report.summary()
        assert db.session.get(Client, client_id) is None
        assert (
            db.session.scalar(select(func.count()).select_from(PlanVersion).where(PlanVersion.client_id == client_id))
            == 0
        )
        assert db.session.scalar(select(func.count()).select_from(GoalFigure)) >= 3
        assert db.session.scalar(select(func.count()).select_from(CaseFigure)) >= 1
        assert (
            "retention_erased"
            in db.session.scalars(select(AccessLogEntry.action).where(AccessLogEntry.client_number == client_id)).all()
        )
    assert MARKER not in raw_dump(app)


def test_art_15_exports_everything_held_and_art_17_erases_it(app, client, auth):
    client_id = planted_person(client, auth)
    auth.login("im.meersburg")
    export = client.get(f"/beratung/personen/{client_id}/auskunft")
    data = json.loads(export.data)
    assert export.headers["Content-Disposition"].startswith("attachment")
    assert data["Person"]["name"] == f"Amal {MARKER}" and len(data["Fassungen des Integrationsplans"]) == 1
    assert any(entry["Vorgang"] == "Person angelegt" for entry in data["Protokoll der Zugriffe"])
    url = f"/beratung/personen/{client_id}/loeschen"
    page = client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"csrf_token": csrf_token_of(page), "confirm": "falsch"})
    assert refused.status_code == 422
    with app.app_context():
        figures_before = db.session.scalar(select(func.count()).select_from(PlanFigure))
    erased = client.post(url, data={"csrf_token": csrf_token_of(page), "confirm": f"Amal {MARKER}"})
    assert erased.status_code == 302
    assert client.get(f"/beratung/personen/{client_id}").status_code == 404
    with app.app_context():
        assert db.session.get(Client, client_id) is None
        assert db.session.scalar(select(func.count()).select_from(PlanFigure)) == figures_before
        actions = db.session.scalars(
            select(AccessLogEntry.action).where(AccessLogEntry.client_number == client_id)
        ).all()
    assert actions[-1] == "art17_erased" and "art15_export" in actions
    assert MARKER not in raw_dump(app)


def _erase(client, client_id: int) -> None:
    url = f"/beratung/personen/{client_id}/loeschen"
    page = client.get(url).get_data(as_text=True)
    assert client.post(url, data={"csrf_token": csrf_token_of(page), "confirm": f"Amal {MARKER}"}).status_code == 302


def _logged_actions(client, client_id: int) -> list[str]:
    export = json.loads(client.get(f"/beratung/personen/{client_id}/auskunft").data)
    return [entry["Vorgang"] for entry in export["Protokoll der Zugriffe"]]


def test_an_erased_persons_number_never_comes_back_so_its_log_stays_its_own(app, client, auth):
    erased = planted_person(client, auth)  # the highest number so far
    auth.login("im.meersburg")
    _erase(client, erased)
    newcomer = client_id_of(add_person(client, person_form(name="Neu Angelegt")))
    assert newcomer > erased
    assert _logged_actions(client, newcomer) == ["Person angelegt"]


def test_the_migration_keeps_the_numbers_of_persons_erased_before_it(app, client, auth):
    erased = planted_person(client, auth)
    auth.login("im.meersburg")
    _erase(client, erased)
    with app.app_context():
        migrate_down(db.engine, "0024")  # the numbering before 0025: the highest free number came back
        schema.upgrade(db.engine)
        db.engine.dispose()
    assert client_id_of(add_person(client, person_form(name="Neu Angelegt"))) > erased


def test_an_erasure_destroys_the_persons_key_so_no_copy_of_its_data_can_be_read(app, client, auth, database_url):
    erased = planted_person(client, auth)
    # What an erasure cannot reach: copies of the ciphertext in the WAL, dead tuples or a backup.
    copies = [
        *_stored(app, "counselling_client", "personal", erased),
        *_stored(app, "counselling_plan_version", "content", erased, key="client_id"),
    ]
    [wrapped] = _stored(app, "counselling_person_key", "key", erased, key="client_id")
    auth.login("im.meersburg")
    _erase(client, erased)
    with app.app_context():
        assert db.session.get(PersonKey, erased) is None
        for person_key in db.session.scalars(select(PersonKey)):  # the installation's key opens no one else's
            for copy in copies:
                with pytest.raises(InvalidTag):
                    open_with(person_key.key, base64.b64decode(copy))
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        for name in (path, f"{path}-wal"):
            if os.path.exists(name):
                with open(name, "rb") as handle:
                    assert bytes(wrapped) not in handle.read(), name

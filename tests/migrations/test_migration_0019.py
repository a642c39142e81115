"""Migration 0019 (accounts) on a database with users written at revision 0015: they keep their passwords and can log in;
mail may belong to no case; the administration's audit is append-only."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError

from conftest import PASSWORD, AuthActions, make_test_app
from workflow import schema
from workflow.security.auth import hash_password

WHEN = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def migrated(empty_database_url):
    engine = create_engine(empty_database_url)
    schema.upgrade(engine, "0015")
    app = make_test_app(empty_database_url)
    with app.app_context():
        password_hash = hash_password(PASSWORD)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO organisation (id, kind, name, ags) VALUES (1, 'land', 'Land', '08')"))
        connection.execute(
            text(
                "INSERT INTO user_account (id, username, full_name, email, password_hash, organisation_id, active, created_at) "
                "VALUES (1, 'alt.admin', 'Alte Administratorin', 'alt@example.org', :hash, 1, :yes, :when)"
            ),
            {"hash": password_hash, "yes": True, "when": WHEN},
        )
        connection.execute(text("INSERT INTO user_role (user_id, role) VALUES (1, 'admin')"))
    schema.upgrade(engine)
    yield engine, empty_database_url
    engine.dispose()


def test_users_of_before_keep_their_password_and_get_the_new_columns_empty(migrated):
    engine, url = migrated
    assert schema.current_revision(engine) == schema.head_revision()
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT last_login_at, password_set_at, totp_secret, job_title FROM user_account")
        ).one()
    assert tuple(row) == (None, None, None, None)
    app = make_test_app(url)
    client = app.test_client()
    assert AuthActions(client).login("alt.admin").status_code == 302
    assert client.get("/verwaltung/benutzer").status_code == 200


def test_mail_may_belong_to_no_case_and_the_audit_refuses_changes(migrated):
    engine, _ = migrated
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO outgoing_mail (user_id, application_id, to_address, subject, body, status, attempts, "
                "next_attempt_at, created_at) VALUES (1, NULL, 'alt@example.org', 'Einladung', 'x', 'queued', 0, :w, :w)"
            ),
            {"w": WHEN},
        )
        connection.execute(
            text(
                "INSERT INTO admin_audit_entry (actor_id, created_at, action, summary) VALUES (1, :w, 'user_changed', 'x')"
            ),
            {"w": WHEN},
        )
    for statement in ("UPDATE admin_audit_entry SET summary = 'y'", "DELETE FROM admin_audit_entry"):
        with pytest.raises(DatabaseError), engine.begin() as connection:
            connection.execute(text(statement))

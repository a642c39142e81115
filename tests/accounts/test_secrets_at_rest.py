"""No usable secret in the database or its files: one-time links only inside the mail that went out, TOTP secrets
encrypted with the installation's key, database and backup files readable by their owner only."""

from __future__ import annotations

import os
import stat

import pyotp
import pytest
from sqlalchemy import create_engine, select, text

from account_steps import CLERK_FORM, create_user, delivered_links, enrol_second_factor, post_code, set_password
from conftest import AuthActions, ON_POSTGRES, make_test_app, migrate_down, raw_dump
from factories import user
from workflow import schema
from workflow.db import db
from workflow.models import OutgoingMail
from workflow.operations.account_links import request_password_reset

OWNER_ONLY = 0o600


def _token(path: str) -> str:
    return path.rsplit("/", 1)[1]


def _invite(app, auth) -> None:
    auth.login("admin")
    assert create_user(auth).status_code == 302
    auth.logout()


def _ask_for_a_reset(app, auth) -> None:
    with app.app_context():
        request_password_reset(db.session, user("kommune.tettnang").email)


@pytest.mark.parametrize("queue", [_invite, _ask_for_a_reset], ids=["Einladung", "Passwort vergessen"])
def test_a_one_time_link_is_in_the_mail_sent_and_nowhere_in_the_database(app, client, auth, queue):
    queue(app, auth)
    queued = raw_dump(app)
    address = CLERK_FORM["email"] if queue is _invite else None
    with app.app_context():
        address = address or user("kommune.tettnang").email
    [path] = delivered_links(app, address)
    token = _token(path)
    assert token not in queued and token not in raw_dump(app)
    with app.app_context():
        mail = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc())).first()
        assert mail.status == OutgoingMail.SENT and "nur in der versandten E-Mail" in mail.body
    assert set_password(client, path).status_code == 302


def test_a_totp_secret_is_stored_encrypted_and_still_checks_codes(app, client, clock):
    AuthActions(client).login("pruefung.sued")
    secret, _ = enrol_second_factor(client, clock)
    assert secret not in raw_dump(app)
    AuthActions(client).logout()
    clock.advance(seconds=60)
    AuthActions(client).login("pruefung.sued")
    assert post_code(client, "/anmelden/code", pyotp.TOTP(secret).at(clock.now())).status_code == 302


PLAIN_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
OLD_LINK = "http://127.0.0.1:5000/passwort-setzen/AltesGeheimnisAusDemPostausgang0123456789ab"


def test_the_migration_encrypts_secrets_of_before_and_takes_the_links_out_of_sent_mail(app, client, clock):
    with app.app_context():
        engine, reviewer_id = db.engine, user("pruefung.sued").id
        db.session.close()  # no open transaction may hold the tables the migration alters (PostgreSQL waits)
        migrate_down(engine, "0025")
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE user_account SET totp_secret = :secret, totp_enabled_at = :now WHERE id = :id"),
                {"secret": PLAIN_SECRET, "now": clock.now(), "id": reviewer_id},
            )
            for status in ("sent", "queued"):
                connection.execute(
                    text(
                        "INSERT INTO outgoing_mail (user_id, to_address, subject, body, status, attempts, next_attempt_at, "
                        "created_at) VALUES (:user, 'x@example.org', 'Einladung zu Förderweg', :body, :status, 0, :now, :now)"
                    ),
                    {
                        "user": reviewer_id,
                        "body": f"Bitte legen Sie über diesen Link Ihr Passwort fest:\n{OLD_LINK}\n",
                        "status": status,
                        "now": clock.now(),
                    },
                )
        schema.upgrade(engine)
        engine.dispose()
    dump = raw_dump(app)
    assert PLAIN_SECRET not in dump and _token(OLD_LINK) not in dump
    delivered = delivered_links(app, "x@example.org")
    assert [path.endswith(_token(OLD_LINK)) for path in delivered] == [True]  # the queued one still carries it
    AuthActions(client).login("pruefung.sued")
    assert post_code(client, "/anmelden/code", pyotp.TOTP(PLAIN_SECRET).at(clock.now())).status_code == 302


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(ON_POSTGRES, reason="die Datei einer SQLite-Datenbank")
def test_a_new_sqlite_database_and_its_wal_are_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "neu.sqlite"
    app = make_test_app(f"sqlite:///{path}")
    with app.app_context():
        schema.upgrade(db.engine)
        assert {_mode(path), _mode(f"{path}-wal")} == {OWNER_ONLY}
        db.engine.dispose()


@pytest.mark.skipif(ON_POSTGRES, reason="die Datei einer SQLite-Datenbank")
def test_an_existing_world_readable_database_is_closed_on_start(tmp_path):
    path = tmp_path / "alt.sqlite"
    create_engine(f"sqlite:///{path}").dispose()
    path.touch()
    os.chmod(path, 0o644)
    app = make_test_app(f"sqlite:///{path}")
    with app.app_context():
        db.engine.connect().close()
        assert _mode(path) == OWNER_ONLY
        db.engine.dispose()


def test_a_backup_is_readable_by_the_owner_only(runner, tmp_path):
    target = tmp_path / "sicherung.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert _mode(target) == OWNER_ONLY

"""The second factor: required per role by a setting, TOTP verified (each code once), recovery codes single use,
reset by the administration (audited)."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select

from account_steps import enrol_second_factor, logged_in, post_code
from conftest import AuthActions, csrf_token_of
from factories import user
from workflow.db import db
from workflow.models import AdminAuditEntry


@pytest.fixture
def required(app):
    app.config["SECOND_FACTOR_ROLES"] = ("reviewer", "approver", "ministry", "admin")


def test_a_required_role_must_enrol_before_anything_else_and_then_use_the_code(app, client, clock, required):
    response = AuthActions(client).login("pruefung.sued")
    assert response.headers["Location"].startswith("/anmelden/code")
    assert not logged_in(client)
    assert client.get("/anmelden/code").headers["Location"].startswith("/konto/zweiter-faktor")
    secret, codes = enrol_second_factor(client, clock)
    assert len(codes) == 10 and logged_in(client)
    AuthActions(client).logout()
    AuthActions(client).login("pruefung.sued")
    assert not logged_in(client)
    assert post_code(client, "/anmelden/code", "000000").status_code == 401
    assert post_code(client, "/anmelden/code", "").status_code == 422
    clock.advance(seconds=30)
    assert post_code(client, "/anmelden/code", pyotp.TOTP(secret).at(clock.now())).status_code == 302
    assert logged_in(client)


def test_each_code_counts_once(app, client, clock, required):
    AuthActions(client).login("zeichnung")
    secret, _ = enrol_second_factor(client, clock)
    clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(clock.now())
    other = app.test_client()
    AuthActions(other).login("zeichnung")
    assert post_code(other, "/anmelden/code", code).status_code == 302
    AuthActions(client).logout()
    AuthActions(client).login("zeichnung")
    assert post_code(client, "/anmelden/code", code).status_code == 401  # replayed


def test_a_recovery_code_works_once(app, client, clock, required):
    AuthActions(client).login("ministerium")
    _, codes = enrol_second_factor(client, clock)
    for expected in (302, 401):
        AuthActions(client).logout()
        AuthActions(client).login("ministerium")
        assert post_code(client, "/anmelden/code", codes[0].upper()).status_code == expected
    assert post_code(client, "/anmelden/code", codes[1]).status_code == 302


def test_whoever_enrolled_is_asked_even_where_no_role_requires_it(app, client, clock):
    AuthActions(client).login("kommune.tettnang")
    assert logged_in(client)  # the demo's setting: no second factor required
    secret, _ = enrol_second_factor(client, clock)
    AuthActions(client).logout()
    AuthActions(client).login("kommune.tettnang")
    assert not logged_in(client)
    # The password alone does not open the enrolment again (it would replace the factor).
    assert client.get("/konto/zweiter-faktor").headers["Location"].startswith("/anmelden/code")
    clock.advance(minutes=6)  # SECOND_FACTOR_WINDOW has passed: the password must be given again
    assert client.get("/anmelden/code").headers["Location"] == "/anmelden"
    assert not logged_in(client)
    AuthActions(client).login("kommune.tettnang")
    assert post_code(client, "/anmelden/code", pyotp.TOTP(secret).at(clock.now())).status_code == 302
    assert logged_in(client)


def test_the_administration_resets_a_lost_factor_and_the_reset_is_audited(app, client, clock, required):
    AuthActions(client).login("pruefung.nord")
    enrol_second_factor(client, clock)
    with app.app_context():
        user_id = user("pruefung.nord").id
    admin = app.test_client()
    AuthActions(admin).login("admin")
    enrol_second_factor(admin, clock)
    page = admin.get(f"/verwaltung/benutzer/{user_id}").get_data(as_text=True)
    response = admin.post(
        f"/verwaltung/benutzer/{user_id}/zweiter-faktor/zuruecksetzen", data={"csrf_token": csrf_token_of(page)}
    )
    assert response.status_code == 302
    assert not logged_in(client)  # the sessions of the person ended
    with app.app_context():
        assert user("pruefung.nord").totp_secret is None
        [entry] = db.session.scalars(
            select(AdminAuditEntry).where(AdminAuditEntry.action == "second_factor_reset")
        ).all()
        assert entry.actor.username == "admin"
    AuthActions(client).login("pruefung.nord")
    assert client.get("/anmelden/code").headers["Location"].startswith("/konto/zweiter-faktor")

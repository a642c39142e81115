"""The second factor: required per role by a setting, TOTP verified (each code once), recovery codes single use,
reset by the administration (audited)."""
from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from account_steps import logged_in
from conftest import AuthActions, csrf_token_of
from factories import user
from workflow.db import db
from workflow.models import AdminAuditEntry

SECRET = re.compile(r'data-secret="([A-Z2-7]{32})"')
RECOVERY = re.compile(r'<code class="hash">([a-z2-9]{5}-[a-z2-9]{5})</code>')


@pytest.fixture
def required(app):
    app.config["SECOND_FACTOR_ROLES"] = ("reviewer", "approver", "ministry", "admin")


def _code(client, url: str, code: str):
    page = client.get(url)
    return client.post(url, data={"code": code, "csrf_token": csrf_token_of(page.get_data(as_text=True))})


def _enrol(client, clock) -> tuple[str, list[str]]:
    page = client.get("/konto/zweiter-faktor").get_data(as_text=True)
    secret = SECRET.search(page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code
    done = _code(client, "/konto/zweiter-faktor", pyotp.TOTP(secret).at(clock.now()))
    assert done.status_code == 200, done.get_data(as_text=True)[:2000]
    return secret, RECOVERY.findall(done.get_data(as_text=True))


def test_a_required_role_must_enrol_before_anything_else_and_then_use_the_code(app, client, clock, required):
    response = AuthActions(client).login("pruefung.sued")
    assert response.headers["Location"].startswith("/anmelden/code")
    assert not logged_in(client)
    assert client.get("/anmelden/code").headers["Location"].startswith("/konto/zweiter-faktor")
    secret, codes = _enrol(client, clock)
    assert len(codes) == 10 and logged_in(client)
    AuthActions(client).logout()
    AuthActions(client).login("pruefung.sued")
    assert not logged_in(client)
    assert _code(client, "/anmelden/code", "000000").status_code == 401
    assert _code(client, "/anmelden/code", "").status_code == 422
    clock.advance(seconds=30)
    assert _code(client, "/anmelden/code", pyotp.TOTP(secret).at(clock.now())).status_code == 302
    assert logged_in(client)


def test_each_code_counts_once(app, client, clock, required):
    AuthActions(client).login("zeichnung")
    secret, _ = _enrol(client, clock)
    clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(clock.now())
    other = app.test_client()
    AuthActions(other).login("zeichnung")
    assert _code(other, "/anmelden/code", code).status_code == 302
    AuthActions(client).logout()
    AuthActions(client).login("zeichnung")
    assert _code(client, "/anmelden/code", code).status_code == 401  # replayed


def test_a_recovery_code_works_once(app, client, clock, required):
    AuthActions(client).login("ministerium")
    _, codes = _enrol(client, clock)
    for expected in (302, 401):
        AuthActions(client).logout()
        AuthActions(client).login("ministerium")
        assert _code(client, "/anmelden/code", codes[0].upper()).status_code == expected
    assert _code(client, "/anmelden/code", codes[1]).status_code == 302


def test_whoever_enrolled_is_asked_even_where_no_role_requires_it(app, client, clock):
    AuthActions(client).login("kommune.tettnang")
    assert logged_in(client)  # the demo's setting: no second factor required
    secret, _ = _enrol(client, clock)
    AuthActions(client).logout()
    AuthActions(client).login("kommune.tettnang")
    assert not logged_in(client)
    # The password alone does not open the enrolment again (it would replace the factor).
    assert client.get("/konto/zweiter-faktor").headers["Location"].startswith("/anmelden/code")
    clock.advance(minutes=6)  # SECOND_FACTOR_WINDOW has passed: the password must be given again
    assert client.get("/anmelden/code").headers["Location"] == "/anmelden"
    assert not logged_in(client)
    AuthActions(client).login("kommune.tettnang")
    assert _code(client, "/anmelden/code", pyotp.TOTP(secret).at(clock.now())).status_code == 302
    assert logged_in(client)


def test_the_administration_resets_a_lost_factor_and_the_reset_is_audited(app, client, clock, required):
    AuthActions(client).login("pruefung.nord")
    _enrol(client, clock)
    with app.app_context():
        user_id = user("pruefung.nord").id
    admin = app.test_client()
    AuthActions(admin).login("admin")
    _enrol(admin, clock)
    page = admin.get(f"/verwaltung/benutzer/{user_id}").get_data(as_text=True)
    response = admin.post(f"/verwaltung/benutzer/{user_id}/zweiter-faktor/zuruecksetzen",
                          data={"csrf_token": csrf_token_of(page)})
    assert response.status_code == 302
    assert not logged_in(client)  # the sessions of the person ended
    with app.app_context():
        assert user("pruefung.nord").totp_secret is None
        [entry] = db.session.scalars(select(AdminAuditEntry).where(AdminAuditEntry.action == "second_factor_reset")).all()
        assert entry.actor.username == "admin"
    AuthActions(client).login("pruefung.nord")
    assert client.get("/anmelden/code").headers["Location"].startswith("/konto/zweiter-faktor")

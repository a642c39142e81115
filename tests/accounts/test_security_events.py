"""Security events of the accounts are in the administration's log (logins, failures, passwords, second factor,
access tokens), and a long-lived token that may act needs the second factor again."""

from __future__ import annotations

import re

import pyotp
from sqlalchemy import select

from account_steps import GOOD_PASSWORD, delivered_links, enrol_second_factor, set_password
from conftest import PASSWORD, AuthActions, csrf_token_of
from factories import user
from workflow.db import db
from workflow.models import AdminAuditEntry, ApiToken


def _events(app, username: str) -> list[tuple[str, str]]:
    """(action, who) of the log entries about ``username``, oldest first."""
    with app.app_context():
        subject = user(username)
        entries = db.session.scalars(
            select(AdminAuditEntry).where(AdminAuditEntry.subject_user_id == subject.id).order_by(AdminAuditEntry.id)
        ).all()
        return [(entry.action, entry.actor.username if entry.actor else "") for entry in entries]


def test_logins_failures_and_a_password_change_are_in_the_administrations_log(app, client, auth):
    assert auth.login("kommune.tettnang", "falsch").status_code == 401
    auth.login("kommune.tettnang")
    form = {"current": PASSWORD, "password": GOOD_PASSWORD, "repeated": GOOD_PASSWORD}
    assert auth.post("/konto/passwort", form).status_code == 302
    assert _events(app, "kommune.tettnang") == [
        ("login_failed", ""),
        ("login", "kommune.tettnang"),
        ("password_changed", "kommune.tettnang"),
        ("login", "kommune.tettnang"),
    ]  # the browser that changed it goes on in a fresh session
    auth.logout()
    auth.login("admin")
    page = client.get("/verwaltung/protokoll?aktion=login_failed").get_data(as_text=True)
    assert "Anmeldung fehlgeschlagen" in page and "Passwort falsch eingegeben (Adresse 127.0.0.1)" in page
    assert "nicht angemeldet" in page


def test_a_reset_and_the_password_set_through_it_are_logged(app, client):
    address = "pruefung.sued@demo.foerderweg.invalid"
    page = client.get("/passwort-vergessen").get_data(as_text=True)
    client.post("/passwort-vergessen", data={"email": address, "csrf_token": csrf_token_of(page)})
    [path] = delivered_links(app, address)
    assert set_password(client, path).status_code == 302
    assert _events(app, "pruefung.sued") == [("password_reset_requested", ""), ("password_set", "pruefung.sued")]


def test_enrolling_the_second_factor_and_a_wrong_code_are_logged(app, client, clock):
    AuthActions(client).login("zeichnung")
    enrol_second_factor(client, clock)
    AuthActions(client).logout()
    AuthActions(client).login("zeichnung")
    page = client.get("/anmelden/code").get_data(as_text=True)
    client.post("/anmelden/code", data={"code": "000000", "csrf_token": csrf_token_of(page)})
    assert [action for action, _ in _events(app, "zeichnung")] == ["login", "second_factor_enrolled", "login_failed"]
    with app.app_context():
        failed = db.session.scalars(select(AdminAuditEntry).where(AdminAuditEntry.action == "login_failed")).one()
    assert failed.summary.startswith("Code des zweiten Faktors falsch")


def _new_token(client, **fields):
    page = client.get("/zugangsschluessel").get_data(as_text=True)
    data = {"name": "Kämmerei", "scope": "write", "valid_days": "365", "code": "", **fields}
    return client.post("/zugangsschluessel", data={**data, "csrf_token": csrf_token_of(page)})


def test_a_long_lived_token_that_may_act_needs_the_second_factor_again_and_is_logged(app, client, auth, clock):
    auth.login("kommune.tettnang")
    without_factor = _new_token(client)
    assert without_factor.status_code == 403
    assert "braucht Ihren zweiten Faktor" in without_factor.get_data(as_text=True)
    secret, _ = enrol_second_factor(client, clock)
    clock.advance(seconds=60)
    missing = _new_token(client)
    assert missing.status_code == 422 and "Code Ihres zweiten Faktors" in missing.get_data(as_text=True)
    wrong = _new_token(client, code="000000")
    assert wrong.status_code == 422 and "falsch oder abgelaufen" in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).all() == []
    made = _new_token(client, code=pyotp.TOTP(secret).at(clock.now()))
    assert made.status_code == 201 and re.search(r"fw_[\w-]{20,}", made.get_data(as_text=True))
    assert _new_token(client, scope="read").status_code == 201  # reading only: no second factor needed
    assert _new_token(client, valid_days="30").status_code == 201  # acting, but short-lived
    with app.app_context():
        token_id = db.session.scalars(select(ApiToken.id).order_by(ApiToken.id)).first()
    token = csrf_token_of(client.get("/zugangsschluessel").get_data(as_text=True))
    assert client.post(f"/zugangsschluessel/{token_id}/widerrufen", data={"csrf_token": token}).status_code == 302
    actions = [action for action, _ in _events(app, "kommune.tettnang")]
    assert actions.count("token_created") == 3 and actions[-1] == "token_revoked"

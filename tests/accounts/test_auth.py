"""Login and logout: German pages, argon2id hashes, sessions that really end."""

from __future__ import annotations


from conftest import csrf_token_of
from workflow import create_app
from workflow.db import db
from workflow.models import LoginSession, User
from sqlalchemy import select


def test_the_login_page_is_german_and_refuses_wrong_passwords_with_401(client, auth):
    page = client.get("/anmelden").get_data(as_text=True)
    assert '<html lang="de">' in page and "Benutzername" in page and "Passwort" in page
    response = auth.login("kommune.tettnang", "falsch")
    assert response.status_code == 401
    assert "Benutzername oder Passwort ist falsch." in response.get_data(as_text=True)
    assert auth.login("niemand", "demo").status_code == 401


def test_empty_fields_are_named(client, auth):
    page = client.get("/anmelden").get_data(as_text=True)
    response = client.post("/anmelden", data={"username": "", "password": "", "csrf_token": csrf_token_of(page)})
    assert response.status_code == 422
    assert "Bitte geben Sie Ihren Benutzernamen ein." in response.get_data(as_text=True)


def test_login_leads_to_the_role_start_page(client, auth):
    for username, start in (
        ("kommune.tettnang", "/kommune"),
        ("pruefung.sued", "/aufgaben"),
        ("zeichnung", "/aufgaben"),
        ("ministerium", "/uebersicht"),
        ("admin", "/verwaltung"),
    ):
        auth.login(username)
        assert client.get("/").headers["Location"] == start, username
        auth.logout()


def test_after_logout_the_old_cookie_is_dead(app, client, auth):
    auth.login("kommune.tettnang")
    cookie = client.get_cookie("foerderweg_session").value
    auth.logout()
    replay = app.test_client()
    replay.set_cookie("foerderweg_session", cookie)
    response = replay.get("/kommune")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalars(select(LoginSession)).one().ended_at is not None


def test_passwords_are_stored_as_argon2id_with_production_cost():
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
    with app.app_context():
        from workflow.security.auth import hash_password

        stored = hash_password("geheim")
    assert stored.startswith("$argon2id$")
    assert "m=65536,t=3" in stored


def test_no_user_is_stored_with_a_plain_password(app):
    with app.app_context():
        for user in db.session.scalars(select(User)):
            assert user.password_hash.startswith("$argon2id$") or user.password_hash == "!"

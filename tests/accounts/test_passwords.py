"""Passwords: forgotten (same answer for every address, one-time link, short validity, all sessions end),
changed (current one required), and chosen after ASVS (length, breached list, no composition rules)."""

from __future__ import annotations

import pytest

from account_steps import GOOD_PASSWORD, delivered_links, logged_in, set_password
from conftest import PASSWORD, AuthActions
from factories import user
from sweeping import outbox_messages
from workflow.db import db
from workflow.security.passwords import breached_passwords, password_problem

ADDRESS = "pruefung.sued@demo.foerderweg.invalid"


def _ask_for_reset(client, address: str):
    from conftest import csrf_token_of

    page = client.get("/passwort-vergessen").get_data(as_text=True)
    return client.post("/passwort-vergessen", data={"email": address, "csrf_token": csrf_token_of(page)})


def test_a_forgotten_password_gets_the_same_answer_whether_the_address_exists_or_not(app, client):
    known = _ask_for_reset(client, ADDRESS)
    unknown = _ask_for_reset(client, "niemand@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert len(delivered_links(app, ADDRESS)) == 1
    assert [m["To"] for m in outbox_messages(app)] == [f"Daniel Maier <{ADDRESS}>"]


def test_a_reset_ends_every_session_and_the_link_works_once(app, client):
    browsers = [app.test_client() for _ in range(2)]
    for browser in browsers:
        AuthActions(browser).login("pruefung.sued")
        assert logged_in(browser)
    _ask_for_reset(client, ADDRESS)
    [path] = delivered_links(app, ADDRESS)
    assert set_password(client, path).status_code == 302
    assert not any(logged_in(browser) for browser in browsers)
    assert set_password(client, path, "Ein ganz anderes Passwort").status_code == 404  # used up
    assert AuthActions(client).login("pruefung.sued", PASSWORD).status_code == 401
    assert AuthActions(client).login("pruefung.sued", GOOD_PASSWORD).status_code == 302


def test_a_reset_link_expires_after_its_short_validity(app, client, clock):
    _ask_for_reset(client, ADDRESS)
    [path] = delivered_links(app, ADDRESS)
    clock.advance(seconds=app.config["PASSWORD_RESET_VALID_FOR"].total_seconds())
    response = client.get(path)
    assert response.status_code == 404 and "abgelaufen" in response.get_data(as_text=True)
    assert AuthActions(client).login("pruefung.sued", PASSWORD).status_code == 302


def test_a_newer_link_replaces_the_older_one_and_requests_in_quick_succession_send_one(app, client, clock):
    for _ in range(3):
        _ask_for_reset(client, ADDRESS)
    assert len(delivered_links(app, ADDRESS)) == 1
    clock.advance(seconds=app.config["PASSWORD_RESET_INTERVAL"].total_seconds() + 1)
    _ask_for_reset(client, ADDRESS)
    older, newer = delivered_links(app, ADDRESS)
    assert client.get(older).status_code == 404
    assert client.get(newer).status_code == 200


def test_only_the_hash_of_a_link_is_stored(app, client):
    _ask_for_reset(client, ADDRESS)
    [path] = delivered_links(app, ADDRESS)
    token = path.rsplit("/", 1)[1]
    with app.app_context():
        from sqlalchemy import select

        from workflow.models import AccountToken

        stored = db.session.scalars(select(AccountToken.token_hash)).all()
    assert stored and token not in stored and all(len(value) == 64 for value in stored)


@pytest.mark.parametrize(
    "password,problem",
    [
        ("kurz", "mindestens 12 Zeichen"),
        ("qwerty123456", "unsicherer Passwörter"),
        ("PasswordPassword", "unsicherer Passwörter"),  # case and repetition do not help
        ("password1234567!", "unsicherer Passwörter"),  # nor digits and marks appended
        ("pruefung.sued@demo.foerderweg.invalid", "E-Mail-Adresse"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(app, client, password, problem):
    _ask_for_reset(client, ADDRESS)
    [path] = delivered_links(app, ADDRESS)
    response = set_password(client, path, password)
    assert response.status_code == 422
    assert problem in response.get_data(as_text=True)
    assert client.get(path).status_code == 200  # a refused password leaves the link usable


@pytest.mark.parametrize(
    "password,reason",
    [
        ("123456789012", "Zeichenfolge"),  # the digits rule stripped it to nothing
        ("qwertzuiopü1", "Tastatur"),
        ("abcdefghijkl", "Zeichenfolge"),
        ("Foerderweg2026", "Namen dieses Dienstes"),
        ("Willkommen2026", "häufiges deutsches Wort"),
        ("Regierungspraesidium", "Namen dieses Dienstes"),
        ("Sigmaringen-Tübingen", "Namen dieses Dienstes"),
    ],
)
def test_guessable_passwords_are_refused_and_the_refusal_says_why_in_german(password, reason):
    problem = password_problem(password)
    assert problem is not None and reason in problem, problem
    assert "leicht zu erraten" in problem


@pytest.mark.parametrize("password", [GOOD_PASSWORD, "Ein ganz anderes Passwort", "Lastenrad fährt Trompete"])
def test_phrases_of_unrelated_words_pass_the_estimator(password):
    assert password_problem(password) is None


def test_no_composition_rules_a_long_lowercase_phrase_is_fine():
    assert password_problem("nur kleine buchstaben und lang") is None
    assert len(breached_passwords()) > 10_000


def test_changing_ones_password_needs_the_current_one_and_ends_other_sessions(app, client, auth):
    other = app.test_client()
    AuthActions(other).login("zeichnung")
    auth.login("zeichnung")
    form = {"current": "falsch", "password": GOOD_PASSWORD, "repeated": GOOD_PASSWORD}
    wrong = auth.post("/konto/passwort", form)
    assert wrong.status_code == 422 and "bisherige Passwort ist falsch" in wrong.get_data(as_text=True)
    assert logged_in(other)
    assert auth.post("/konto/passwort", {**form, "current": PASSWORD}).status_code == 302
    assert logged_in(client) and not logged_in(other)
    with app.app_context():
        assert user("zeichnung").password_set_at is not None
    assert AuthActions(other).login("zeichnung", GOOD_PASSWORD).status_code == 302

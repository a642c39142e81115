"""After login and after extending a session, a user is sent only to pages of this application."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from conftest import PASSWORD, csrf_token_of

HOSTILE_TARGETS = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/ /evil.example",
    "/gibt-es-nicht",
]


def _login_with_next(client, target: str):
    page = client.get("/anmelden").get_data(as_text=True)
    return client.post(
        f"/anmelden?next={quote(target, safe='')}",
        data={"username": "kommune.tettnang", "password": PASSWORD, "csrf_token": csrf_token_of(page)},
    )


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_login_never_redirects_off_the_application(client, target):
    response = _login_with_next(client, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_returns_to_the_page_that_asked_for_it(client):
    response = _login_with_next(client, "/benachrichtigungen?seite=2")
    assert response.headers["Location"] == "/benachrichtigungen?seite=2"


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_extending_the_session_never_redirects_off_the_application(client, auth, target):
    auth.login("kommune.tettnang")
    response = auth.post("/sitzung/verlaengern", {"next": target}, page="/barrierefreiheit")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

"""Security controls, each proven to catch its own absence (a negative control per check)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.routing import BaseConverter, IntegerConverter

from conftest import PASSWORD, _test_config, csrf_token_of
from workflow import create_app
from workflow.db import db
from workflow.models import LoginAttempt


# --- checks -------------------------------------------------------------------------------------


def check_security_headers(response, authenticated: bool) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    if authenticated:
        assert "no-store" in headers.get("Cache-Control", ""), headers.get("Cache-Control")


def check_session_cookie(set_cookie: str, secure: bool) -> None:
    lowered = set_cookie.lower()
    assert "httponly" in lowered, set_cookie
    assert "samesite=lax" in lowered or "samesite=strict" in lowered, set_cookie
    if secure:
        assert "; secure" in lowered, set_cookie


def login(client, username="kommune.tettnang", password=PASSWORD, address="127.0.0.1"):
    """A login from ``address`` (the TCP peer the server sees)."""
    peer = {"REMOTE_ADDR": address}
    page = client.get("/anmelden", environ_base=peer).get_data(as_text=True)
    return client.post(
        "/anmelden",
        environ_base=peer,
        data={"username": username, "password": password, "csrf_token": csrf_token_of(page)},
    )


# --- headers --------------------------------------------------------------------------------------

PUBLIC_PAGES = ("/anmelden", "/barrierefreiheit", "/impressum")
PRIVATE_PAGES = ("/kommune", "/ablauf", "/programme/integrationsmanagement/antraege/neu")


def test_every_page_sends_the_security_headers(client):
    for url in PUBLIC_PAGES:
        check_security_headers(client.get(url), authenticated=False)
    login(client)
    for url in PRIVATE_PAGES:
        check_security_headers(client.get(url), authenticated=True)


def test_the_header_check_catches_a_missing_policy(client):
    login(client)
    response = client.get("/kommune")
    del response.headers["Content-Security-Policy"]
    with pytest.raises(AssertionError):
        check_security_headers(response, authenticated=True)
    response = client.get("/kommune")
    response.headers["Cache-Control"] = "private"
    with pytest.raises(AssertionError):
        check_security_headers(response, authenticated=True)


# --- cookies and sessions -----------------------------------------------------------------------


def test_the_session_cookie_is_httponly_samesite_and_secure_outside_development(database_url):
    production = create_app(_test_config(database_url, SESSION_COOKIE_SECURE=True))
    response = login(production.test_client())
    cookie = response.headers["Set-Cookie"]
    check_session_cookie(cookie, secure=True)
    development = create_app(_test_config(database_url))
    with pytest.raises(AssertionError):
        check_session_cookie(login(development.test_client()).headers["Set-Cookie"], secure=True)


def test_production_defaults_are_secure():
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.debug is False


def test_login_starts_a_new_session(app):
    attacker = app.test_client()
    attacker.get("/anmelden")
    planted = attacker.get_cookie("foerderweg_session").value
    victim = app.test_client()
    victim.set_cookie("foerderweg_session", planted)
    login(victim)
    assert victim.get_cookie("foerderweg_session").value != planted
    assert attacker.get("/kommune").status_code == 302, "the planted cookie did not become a login"


def test_idle_sessions_end_and_warn_before(client, clock):
    login(client)
    page = client.get("/kommune").get_data(as_text=True)
    assert "ohne Aktivität um <strong>09:30 Uhr</strong> automatisch abgemeldet" in page
    assert 'data-warn-seconds="300"' in page
    clock.advance(minutes=29)
    assert client.get("/kommune").status_code == 200
    clock.advance(minutes=31)
    expired = client.get("/kommune")
    assert expired.status_code == 302
    assert "Ihre Sitzung ist abgelaufen" in client.get(expired.headers["Location"]).get_data(as_text=True)


def test_sessions_end_after_the_absolute_timeout_even_when_active(client, clock):
    login(client)
    for _ in range(int(timedelta(hours=10) / timedelta(minutes=20))):
        clock.advance(minutes=20)
        assert client.get("/kommune").status_code == 200
    clock.advance(minutes=20)
    assert client.get("/kommune").status_code == 302


def test_a_session_can_be_extended(client, clock):
    login(client)
    clock.advance(minutes=25)
    token = csrf_token_of(client.get("/kommune").get_data(as_text=True))
    response = client.post("/sitzung/verlaengern", data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json["expires_at"]
    clock.advance(minutes=25)
    assert client.get("/kommune").status_code == 200


# --- login rate limit -----------------------------------------------------------------------------


def test_failed_logins_are_limited_across_processes(app, database_url):
    other_process = create_app(_test_config(database_url))
    for attempt in range(5):
        client = (app if attempt % 2 else other_process).test_client()
        assert login(client, password="falsch").status_code == 401
    for instance in (app, other_process):
        throttled = login(instance.test_client())  # even the right password waits now
        assert throttled.status_code == 429
        assert "Zu viele fehlgeschlagene Anmeldeversuche" in throttled.get_data(as_text=True)
    assert login(app.test_client(), username="kommune.meersburg").status_code == 302, "other users are not affected"


def test_the_limit_ends_after_the_window(app, clock):
    for _ in range(5):
        login(app.test_client(), password="falsch")
    assert login(app.test_client()).status_code == 429
    clock.advance(minutes=16)
    assert login(app.test_client()).status_code == 302


def test_without_the_limit_the_rate_test_would_fail(database_url):
    unlimited = create_app(_test_config(database_url, LOGIN_FREE_FAILURES_PER_SOURCE=10**6))
    for _ in range(5):
        login(unlimited.test_client(), password="falsch")
    assert login(unlimited.test_client()).status_code != 429


def test_each_further_failure_from_the_same_place_doubles_the_wait(app, clock):
    for _ in range(5):
        assert login(app.test_client(), password="falsch", address="10.0.0.9").status_code == 401
    first = login(app.test_client(), address="10.0.0.9")
    assert first.status_code == 429 and "noch 1 Minute" in first.get_data(as_text=True)
    clock.advance(seconds=61)
    assert login(app.test_client(), password="falsch", address="10.0.0.9").status_code == 401
    assert "noch 2 Minuten" in login(app.test_client(), address="10.0.0.9").get_data(as_text=True)
    clock.advance(seconds=121)
    assert login(app.test_client(), address="10.0.0.9").status_code == 302


def test_failures_from_elsewhere_do_not_lock_the_owner_out_of_their_usual_place(app, client, auth, clock):
    assert login(app.test_client(), address="10.1.2.3").status_code == 302  # the owner's office
    clock.advance(hours=2)
    for attempt in range(app.config["LOGIN_FREE_FAILURES_PER_ACCOUNT"] + 1):  # from many addresses, none slowed alone
        assert login(app.test_client(), password="falsch", address=f"203.0.113.{attempt}").status_code == 401
    assert login(app.test_client(), address="198.51.100.1").status_code == 429  # a new place waits
    assert login(app.test_client(), address="10.1.2.3").status_code == 302  # the owner does not
    auth.login("admin")
    page = client.get("/verwaltung/protokoll?aktion=login_locked").get_data(as_text=True)
    assert "Anmeldung gebremst" in page and "Sabine Gröner" in page


# --- CSRF on every POST route -----------------------------------------------------------------------


def _sample_url(app, rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        values[name] = "1" if isinstance(converter, IntegerConverter) else "submit"
        assert isinstance(converter, BaseConverter)
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _post_routes(app):
    return [rule for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())]


def test_every_post_route_refuses_a_request_without_csrf_token(app, client):
    routes = _post_routes(app)
    assert len(routes) >= 6
    login(client, username="referatsleitung")
    for rule in routes:
        url = _sample_url(app, rule)
        response = client.post(url, data={})
        if rule.rule.startswith("/api/"):
            # The API takes no cookie: the logged-in browser is nobody there, so a forged cross-site POST is too.
            assert response.status_code == 401, (rule.rule, response.status_code)
            continue
        assert response.status_code == 400, (rule.rule, response.status_code)
        assert "Sicherheitsprüfung" in response.get_data(as_text=True)


def test_with_csrf_disabled_the_walk_would_fail(database_url):
    unprotected = create_app(_test_config(database_url, WTF_CSRF_ENABLED=False))
    client = unprotected.test_client()
    assert client.post("/abmelden", data={}).status_code != 400


# --- no debug pages -------------------------------------------------------------------------------------


def test_errors_show_a_german_page_without_internals(database_url):
    app = create_app(_test_config(database_url, TESTING=False, PROPAGATE_EXCEPTIONS=False))

    @app.get("/kaputt")
    def broken():
        raise RuntimeError("geheime Interna")

    response = app.test_client().get("/kaputt")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "unerwarteter Fehler" in text
    assert "Traceback" not in text and "geheime Interna" not in text and "RuntimeError" not in text


def test_unknown_urls_and_methods_answer_in_german(client):
    assert "existiert nicht" in client.get("/gibt-es-nicht").get_data(as_text=True)
    response = client.put("/anmelden")
    assert response.status_code == 405 and "nicht erlaubt" in response.get_data(as_text=True)


def test_forwarded_addresses_count_only_behind_a_configured_proxy(database_url):
    def recorded_address(app, forwarded_for):
        client = app.test_client()
        page = client.get("/anmelden").get_data(as_text=True)
        client.post(
            "/anmelden",
            headers={"X-Forwarded-For": forwarded_for},
            data={"username": "niemand", "password": "falsch", "csrf_token": csrf_token_of(page)},
        )
        with app.app_context():
            return db.session.scalars(select(LoginAttempt.remote_address).order_by(LoginAttempt.id.desc())).first()

    behind_proxy = create_app(_test_config(database_url, PROXY_COUNT=1))
    assert recorded_address(behind_proxy, "203.0.113.7") == "203.0.113.7"
    direct = create_app(_test_config(database_url))
    assert recorded_address(direct, "198.51.100.9") == "127.0.0.1", "without a proxy a client cannot forge its address"


def _replay_after_logout(app) -> int:
    client = app.test_client()
    login(client)
    cookie = client.get_cookie("foerderweg_session").value
    token = csrf_token_of(client.get("/kommune").get_data(as_text=True))
    client.post("/abmelden", data={"csrf_token": token})
    replay = app.test_client()
    replay.set_cookie("foerderweg_session", cookie)
    return replay.get("/kommune").status_code


def test_a_replayed_cookie_is_refused_and_would_not_be_without_the_server_side_logout(app, monkeypatch):
    assert _replay_after_logout(app) == 302
    from flask import session

    monkeypatch.setattr("workflow.security.auth.logout", lambda: session.clear())  # a cookie-only logout
    assert _replay_after_logout(app) == 200, "the replay check would catch a logout that only clears the cookie"


def test_without_an_idle_timeout_the_idle_test_would_fail(database_url):
    lenient = create_app(_test_config(database_url, SESSION_IDLE_TIMEOUT=timedelta(days=30)))
    client = lenient.test_client()
    login(client)
    lenient.extensions["foerderweg.clock"].advance(minutes=61)
    assert client.get("/kommune").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/antraege/9999999999999999999999999",
        "/antraege/2147483648/aktionen/take",
        "/dokumente/99999999999999999999",
        "/pruefung?seite=100000000000000000000",
        "/benachrichtigungen?seite=100000000000000000000",
    ],
)
def test_numbers_out_of_range_in_urls_are_refused_not_crashed_on(client, auth, url):
    auth.login("referatsleitung")
    response = client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)
    if response.status_code == 400:
        assert "Die Seitenzahl ist ungültig" in response.get_data(as_text=True)

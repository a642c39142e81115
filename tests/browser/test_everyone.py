"""For everyone: the current navigation item is marked, status tags say whose move it is, the session
warning appears only near the timeout, and the login page says who runs the service and where to get help."""

from __future__ import annotations

import re

from factories import in_state


def _nav(html: str) -> str:
    return re.search(r'<nav aria-label="Hauptnavigation".*?</nav>', html, re.S).group(0)


def test_the_current_navigation_item_is_marked(client, auth):
    auth.login("pruefung.sued")
    nav = _nav(client.get("/pruefung").get_data(as_text=True))
    assert re.search(r'<a href="/pruefung" aria-current="page">Prüfung</a>', nav)
    assert nav.count("aria-current") == 1
    nav = _nav(client.get("/ablauf").get_data(as_text=True))
    assert re.search(r'<a href="/ablauf" aria-current="page">Verfahrensablauf</a>', nav)
    assert 'href="/pruefung" aria-current' not in nav


def test_status_tags_say_whose_move_it_is(app, client, auth):
    expected = {"information_requested": "waiting-clerk", "in_review": "waiting-authority", "granted": "waiting-nobody"}
    for state, css in expected.items():
        application_id, clerk = in_state(app, state)
        auth.login(clerk)
        html = client.get(f"/antraege/{application_id}").get_data(as_text=True)
        assert re.search(rf'<span class="state {css}">', html), state
        listing = client.get("/kommune").get_data(as_text=True)
        assert f'class="state {css}"' in listing, state
        auth.logout()


def test_the_session_warning_is_hidden_until_the_timeout_is_near(client, auth):
    auth.login("kommune.tettnang")
    html = client.get("/kommune").get_data(as_text=True)
    bar = re.search(r'<section class="wrap session-bar" id="sitzung"[^>]*>', html).group(0)
    assert bar.endswith(" hidden>"), "the warning is shown before the timeout is near"
    assert 'data-warn-seconds="300"' in bar
    # Without JavaScript the time is still stated, quietly.
    assert re.search(r"<noscript>.*automatisch abgemeldet.*</noscript>", html, re.S)


def test_the_session_warning_appears_in_the_browser_only_near_the_timeout(app, browser_page):
    from browser_steps import log_in
    from playwright.sync_api import expect

    page = browser_page
    log_in(page, "kommune.tettnang")
    page.goto("/kommune")
    expect(page.locator("#sitzung")).to_be_hidden()
    app.config["SESSION_WARNING_BEFORE"] = app.config["SESSION_IDLE_TIMEOUT"]  # every moment is „near“
    page.goto("/kommune")
    expect(page.locator("#sitzung-warnung")).to_be_visible()
    expect(page.locator("#sitzung-warnung")).to_contain_text("Ihre Sitzung läuft in")
    page.get_by_role("button", name="Sitzung verlängern").click()
    expect(page.locator("#sitzung-warnung")).to_have_text("Ihre Sitzung wurde verlängert.")


def test_the_login_page_says_who_runs_the_service_and_where_to_get_help(app, client):
    html = client.get("/anmelden").get_data(as_text=True)
    assert "Regierungspräsidium Stuttgart für das Land Baden-Württemberg" in html
    assert "Telefon 0711 904-0" in html
    app.config["SUPPORT_CONTACT"] = "Servicestelle Förderweg, Telefon 0711 123456"
    assert "Servicestelle Förderweg, Telefon 0711 123456" in client.get("/anmelden").get_data(as_text=True)

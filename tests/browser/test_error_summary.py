"""Errors you see: the summary comes first in the page, links each error to its field, the title says „Fehler:“
and a small script moves the focus to it; a cut without its reason is shown on the reason's field."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from factories import in_state


def _first_in_main(html: str) -> str:
    main = html[html.index('<main id="inhalt"') :]
    return main[main.index(">") + 1 :].lstrip()


def test_a_cut_without_reason_is_shown_on_its_field_and_the_summary_comes_first(app, client, auth):
    application_id, _ = in_state(app, "in_review")
    auth.login("pruefung.sued")
    response = auth.post(
        f"/antraege/{application_id}/aktionen/propose_decision",
        {"rulings-0-outcome": "reduced", "rulings-0-fte": "0,25", "rulings-0-reason": "", "reasons": ""},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r"<title>Fehler: ", html)
    assert _first_in_main(html).startswith(
        '<div class="error-summary" role="alert" tabindex="-1" id="fehleruebersicht">'
    )
    assert '<a href="#rulings-0-reason">' in html
    field_error = re.search(r'<p class="field-error" id="rulings-0-reason-fehler">(.*?)</p>', html, re.S)
    assert field_error and "Bitte begründen Sie die Kürzung" in field_error.group(1)
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert summary.count("Bitte begründen Sie die Kürzung") == 1  # once, linked to its field
    assert "error_summary.js" in html
    # What was typed stays.
    assert 'value="0,25"' in html


def test_a_page_without_errors_has_no_summary_prefix_or_script(client):
    html = client.get("/anmelden").get_data(as_text=True)
    assert "<title>Anmelden" in html and "error_summary.js" not in html


def test_the_focus_moves_to_the_summary(browser_page):
    page = browser_page
    page.goto("/anmelden")
    page.get_by_role("button", name="Anmelden").click()
    summary = page.locator("#fehleruebersicht")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Fehler: Anmelden"))
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Benutzername")).to_be_focused()

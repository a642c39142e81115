"""In Chromium: „Ändern“ on the summary puts the cursor in the field it names, and a draft is deleted after its
confirmation page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from application_data import single_application
from browser import log_in
from factories import draft

pytestmark = pytest.mark.browser


def test_change_on_the_summary_puts_the_cursor_in_the_field(app, browser_page):
    with app.app_context():
        application_id = draft("kommune.tettnang", single_application(contact_name="Petra Vogt"))
    page = browser_page
    log_in(page, "kommune.tettnang")
    page.goto(f"/antraege/{application_id}/aktionen/submit")
    page.get_by_role("link", name="Ändern Ansprechperson").click()
    expect(page.get_by_label("Name der Ansprechperson")).to_be_focused()
    expect(page.get_by_label("Name der Ansprechperson")).to_have_value("Petra Vogt")
    page.go_back()
    page.get_by_role("link", name="Ändern Stelle 1").click()
    expect(page.get_by_label("Name der Integrationsmanagerin")).to_be_focused()


def test_a_draft_is_deleted_after_its_confirmation_page(app, browser_page):
    with app.app_context():
        application_id = draft("kommune.tettnang", single_application(**{"positions-0-person_name": "Jonas Ebert"}))
    page = browser_page
    log_in(page, "kommune.tettnang")
    page.goto(f"/antraege/{application_id}/bearbeiten")
    page.get_by_role("link", name="Diesen Entwurf löschen").click()
    expect(page.get_by_role("heading", name="Entwurf löschen?")).to_be_visible()
    expect(page.get_by_text("Sie löschen den Entwurf „Jonas Ebert“")).to_be_visible()
    page.get_by_role("button", name="Entwurf endgültig löschen").click()
    expect(page.get_by_text("Der Entwurf „Jonas Ebert“")).to_contain_text("ist gelöscht")
    expect(page.get_by_role("table").get_by_text("„Jonas Ebert“")).to_have_count(0)

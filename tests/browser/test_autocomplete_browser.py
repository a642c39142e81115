"""The member autocomplete in a real Chromium: with JavaScript a listbox of candidates chosen by keyboard,
without it the server's candidates as buttons."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser_steps import log_in

pytestmark = pytest.mark.browser


def _joint_form(page):
    log_in(page, "kommune.meersburg")
    page.goto("/programme/integrationsmanagement/antraege/neu")
    page.get_by_label("Gemeinsamer Antrag").check()
    page.get_by_role("button", name="Mitgliedskommune hinzufügen").click()


def test_typing_hagnau_offers_the_member_with_its_kreis_and_the_keyboard_chooses_it(browser_page):
    page = browser_page
    _joint_form(page)
    field = page.get_by_role("combobox", name="Mitgliedskommune 1")
    # The field is parsed before the script at the end of the page enhances it: type only once it listens.
    expect(field).to_have_attribute("aria-autocomplete", "list")
    field.press_sequentially("hagnau")
    option = page.get_by_role("option", name="Hagnau am Bodensee – Bodenseekreis")
    # Waits for the answer, not a speed limit: two test workers and browsers share the machine.
    expect(option).to_be_visible(timeout=20_000)
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status").filter(has_text="1 Vorschlag")).to_have_count(1)
    field.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    field.press("Enter")
    expect(field).to_have_value("Hagnau am Bodensee (08435018)")
    expect(field).to_have_attribute("aria-expanded", "false")


def test_without_javascript_the_server_offers_the_candidates_as_buttons(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server, locale="de-DE", java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        _joint_form(page)
        field = page.get_by_role("combobox", name="Mitgliedskommune 1")  # the plain input with its datalist
        field.fill("schwaebisch")
        page.get_by_role("button", name="Entwurf speichern").first.click()
        choices = page.get_by_role("group", name="Meinten Sie für Mitgliedskommune 1:")
        choices.get_by_role("button", name="Schwäbisch Gmünd – Ostalbkreis").click()
        expect(page.get_by_label("Mitgliedskommune 1", exact=True)).to_have_value("Schwäbisch Gmünd (08136065)")
    finally:
        context.close()


def test_the_consortium_part_shows_only_when_joint_is_chosen(browser_page):
    page = browser_page
    log_in(page, "kommune.tettnang")  # above the threshold: the form starts as a single application
    page.goto("/programme/integrationsmanagement/antraege/neu")
    expect(page.get_by_label("Name des Zusammenschlusses")).to_be_hidden()
    page.get_by_label("Gemeinsamer Antrag").check()
    expect(page.get_by_label("Name des Zusammenschlusses")).to_be_visible()

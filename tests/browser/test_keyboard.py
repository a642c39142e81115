"""The path can be taken with the keyboard alone, and the focus is always visible."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from conftest import PASSWORD
from factories import consent_of_every_member
from workflow.db import db
from workflow.models import Application

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    name: (el.getAttribute("aria-label") || label || el.innerText || el.value || "").trim(),
    tag: el.tagName,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def tab_to(page: Page, name: str, presses: int = 120) -> None:
    """Press Tab until the element whose accessible name starts with ``name`` has the focus."""
    pattern = re.compile(re.escape(name))
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["outline"], f"focus on {focused['tag']} „{focused['name']}“ is not visible"
        if pattern.match(focused["name"]):
            return
    raise AssertionError(f"„{name}“ is not reachable with the Tab key")


def type_into(page: Page, name: str, text: str) -> None:
    tab_to(page, name)
    page.keyboard.type(text)


def press(page: Page, name: str, key: str = "Enter") -> None:
    """Focus ``name`` by keyboard and press ``key``; Enter on a link or button loads the next page."""
    tab_to(page, name)
    if key == "Enter":
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def log_in_by_keyboard(page: Page, username: str) -> None:
    page.goto("/anmelden")
    type_into(page, "Benutzername", username)
    type_into(page, "Passwort", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def log_out_by_keyboard(page: Page) -> None:
    page.goto("/barrierefreiheit")
    press(page, "Abmelden")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()


def test_a_clerk_applies_and_the_authority_decides_by_keyboard_alone(app, browser_page):
    page = browser_page
    log_in_by_keyboard(page, "kommune.meersburg")
    press(page, "Antrag stellen: VwV Integrationsmanagement")
    # Meersburg is below the threshold: the form starts as a joint application with one member row.
    tab_to(page, "Gemeinsamer Antrag")
    type_into(page, "Name des Zusammenschlusses", "Integrationsmanagement GVV Meersburg")
    for number, member in enumerate(("08435018", "08435010", "08435054"), start=1):
        if number > 1:
            press(page, "Mitgliedskommune hinzufügen")
        type_into(page, f"Mitgliedskommune {number}", member)
    type_into(page, "Name der Ansprechperson", "Miriam Keller")
    type_into(page, "Telefon", "07532 440-0")
    type_into(page, "E-Mail", "keller@meersburg.example")
    type_into(page, "Kontoinhaber", "Stadt Meersburg")
    type_into(page, "IBAN", "DE02600501010002034304")
    type_into(page, "Name der Integrationsmanagerin", "Anna Beispiel")
    tab_to(page, "Qualifikation")
    page.keyboard.type("a")
    type_into(page, "Stellenanteil in VZÄ", "0,5")
    type_into(page, "Beschäftigungsbeginn", "01.03.2027")
    for declaration in (
        "Die Angaben in diesem Antrag",
        "Für die beantragten Stellen",
        "Uns ist bekannt",
        "Die in den Stellen genannten",
    ):
        press(page, declaration, " ")
    press(page, "Weiter zur Zusammenfassung")
    expect(page.get_by_text("Noch nicht einreichbar")).to_be_visible()
    with app.app_context():  # the members' clerks confirm (their own path in the browser: test_consent_browser)
        consent_of_every_member(db.session.scalars(select(Application.id).order_by(Application.id.desc())).first())
    page.reload()
    expect(page.get_by_text("75.160,70 €")).to_be_visible()
    press(page, "Ich habe die Zusammenfassung geprüft", " ")
    press(page, "Antrag verbindlich einreichen")
    expect(page.get_by_text("Aktenzeichen: RPS-IM-2026-0001")).to_be_visible()
    log_out_by_keyboard(page)

    log_in_by_keyboard(page, "pruefung.sued")
    press(page, "RPS-IM-2026-0001")
    press(page, "Antrag zur Prüfung übernehmen")
    press(page, "Entscheidung vorschlagen")
    tab_to(page, "Bewilligen wie beantragt")
    page.keyboard.press("Space")
    press(page, "Entscheidung vorschlagen")
    expect(page.get_by_text("Der Antrag ist jetzt „Zur Zeichnung vorgelegt“")).to_be_visible()
    log_out_by_keyboard(page)

    log_in_by_keyboard(page, "zeichnung")
    press(page, "RPS-IM-2026-0001")
    press(page, "Zeichnen und Bescheid erlassen")
    press(page, "Zeichnen und Bescheid erlassen")
    expect(page.get_by_text("Bewilligt", exact=True).first).to_be_visible()


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(browser_page):
    page = browser_page
    page.goto("/anmelden")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["name"] == "Zum Inhalt springen" and focused["outline"]
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'inhalt'")
    assert page.evaluate("document.activeElement.id") == "inhalt"

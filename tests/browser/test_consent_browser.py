"""The consent of a consortium member in a real Chromium: the lead names it, the member's clerk confirms
from the request on its start page, the lead sees the answer and submits (with the signed agreement for the
members without a clerk)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser_steps import fill_consortium_application, log_in, log_out, upload_signed_agreement

pytestmark = pytest.mark.browser


def test_the_lead_submits_once_the_member_confirmed_and_the_agreement_covers_the_rest(browser_page):
    page = browser_page
    log_in(page, "kommune.meersburg")
    fill_consortium_application(page)
    page.get_by_role("button", name="Weiter zur Zusammenfassung").click()
    alert = page.get_by_role("alert").filter(has_text="Noch nicht einreichbar")
    expect(alert).to_contain_text("Noch nicht zugestimmt haben: Daisendorf, Hagnau am Bodensee, Stetten.")
    expect(page.get_by_role("button", name="Antrag verbindlich einreichen")).to_have_count(0)
    log_out(page)

    log_in(page, "kommune.hagnau")
    page.get_by_role(
        "link", name="Meersburg möchte Ihre Kommune in „Integrationsmanagement GVV Meersburg“ aufnehmen"
    ).click()
    expect(page.get_by_role("heading", name="Anfrage zum Beitritt")).to_be_visible()
    expect(page.get_by_role("row", name="Hagnau am Bodensee")).to_contain_text("Ihre Kommune")
    page.get_by_role("button", name="Beitritt zustimmen").click()
    expect(page.get_by_text("Ihre Antwort ist gespeichert: zugestimmt.")).to_be_visible()
    log_out(page)

    log_in(page, "kommune.meersburg")
    page.get_by_role("link", name="Benachrichtigungen").click()
    expect(
        page.get_by_text("Hagnau am Bodensee stimmt dem Beitritt zu: Integrationsmanagement GVV Meersburg")
    ).to_be_visible()
    page.get_by_role("link", name="Zustimmungen im Entwurf ansehen").click()
    expect(page.get_by_label("Antworten der Mitgliedskommunen")).to_contain_text("Hagnau am Bodensee: zugestimmt")
    upload_signed_agreement(page)
    page.get_by_role("button", name="Weiter zur Zusammenfassung").click()
    page.get_by_label("Ich habe die Zusammenfassung geprüft").check()
    page.get_by_role("button", name="Antrag verbindlich einreichen").click()
    expect(page.get_by_text("Aktenzeichen: RPS-IM-2026-0001")).to_be_visible()

"""In the browser: a reviewer proposes a Ratenzahlung, the approver signs it, the recipient sees what is owed by
when; the cash office's list shows an ordered payment overdue for handing over (desktop and phone)."""

from __future__ import annotations

import os

from playwright.sync_api import expect

from browser import log_in, log_out
from post_award_steps import claim_of, on, ordered, paid_case, proposed_revocation, step

SHOTS = os.environ.get("FOERDERWEG_SCREENSHOTS")  # a folder: where to keep screenshots to look at


def _shot(page, name: str, full_page: bool = True) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=full_page)


def _owing_case(app, clock) -> tuple[int, int, str]:
    application_id, clerk = paid_case(app, clock)
    with app.app_context():
        on(clock, "2027-07-01")
        revocation = proposed_revocation(application_id, revoked="54000.00", effective_from="01.03.2027")
        step(application_id, revocation, "sign_revocation", "zeichnung")
        on(clock, "2027-07-20")
        return application_id, claim_of(application_id), clerk


def test_instalments_are_proposed_signed_and_shown_to_the_recipient(app, clock, browser_page):
    """1.024,48 € open on 20.07.2027 (see test_instalments.py) in three monthly instalments from 01.10.2027."""
    application_id, claim, clerk = _owing_case(app, clock)
    page = browser_page
    log_in(page, "pruefung.sued")
    page.goto(f"/antraege/{application_id}/vorgaenge/{claim}/propose_instalments")
    page.get_by_label("Zahl der Raten").fill("drei")
    page.get_by_label("Erste Rate fällig am").fill("01.10.2027")
    page.get_by_label("Gründe").fill("Die Gemeinde zahlt aus den Schlüsselzuweisungen des Herbstes.")
    page.get_by_role("button", name="Ratenzahlung vorschlagen").click()
    expect(page.get_by_text("Bitte geben Sie die Zahl der Raten an (2 bis 36).").first).to_be_visible()
    expect(page.get_by_label("Gründe")).to_have_value("Die Gemeinde zahlt aus den Schlüsselzuweisungen des Herbstes.")
    page.get_by_label("Zahl der Raten").fill("3")
    _shot(page, "ratenzahlung-vorschlag-1280")
    page.get_by_role("button", name="Ratenzahlung vorschlagen").click()
    expect(page.get_by_text("Vorgeschlagen").first).to_be_visible()
    log_out(page)
    log_in(page, "zeichnung")
    page.goto(f"/antraege/{application_id}/vorgaenge/{claim}/sign_instalments")
    expect(page.get_by_text("Ratenzahlung: 3 Raten alle 1 Monat(e), die erste am 01.10.2027")).to_be_visible()
    page.get_by_role("button", name="Ratenzahlung zeichnen").click()
    log_out(page)
    log_in(page, clerk)
    page.goto(f"/antraege/{application_id}")
    task = page.get_by_text("In Raten: 1. Rate 341,49\u00a0€ bis 01.10.2027; 2. Rate 341,49\u00a0€ bis 02.11.2027;")
    expect(task).to_be_visible()
    _shot(page, "ratenzahlung-kommune-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(task).to_be_visible()
    _shot(page, "ratenzahlung-kommune-390", full_page=False)


def test_the_cash_office_sees_a_payment_overdue_for_handing_over(app, clock, browser_page):
    application_id, clerk = paid_case(app, clock)
    with app.app_context():
        on(clock, "2027-03-25")
        ordered(application_id, clerk, amount="1000.00")
    on(clock, "2027-04-06")
    page = browser_page
    log_in(page, "referatsleitung")
    page.goto("/kasse/?programm=integrationsmanagement")
    expect(page.get_by_role("cell", name="05.04.2027 (überfällig)")).to_be_visible()
    _shot(page, "kasse-ueberfaellig-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    overdue = page.get_by_text("05.04.2027 (überfällig)")
    expect(overdue).to_be_visible()
    overdue.scroll_into_view_if_needed()
    _shot(page, "kasse-ueberfaellig-390", full_page=False)

"""The Änderungsanzeige of a cost plan in the browser: the recipient finds its plan prefilled, changes what changed
and sends it; the reviewer sees the plan before and after and the grant it leads to. At 1280 and 390 px."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from browser import log_in, log_out
from conftest import VIEWPORTS
from post_award_steps import on
from sweeping import sweep
from teilhabe_steps import CLERK, REVIEWER, granted_project

# Where to keep screenshots of the two pages for a person to look at (unset: none are taken).
SHOTS = os.environ.get("FOERDERWEG_SCREENSHOTS")


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_a_changed_financing_plan_is_reported_and_weighed_on_the_page(
    app, clock, client, auth, chromium, live_server, viewport
):
    application_id = granted_project(client, auth)  # 60 % of 40.000 € = 24.000 €
    on(clock, "2027-01-04")
    sweep(app)
    on(clock, "2027-06-15")
    context = chromium.new_context(base_url=live_server, locale="de-DE", **VIEWPORTS[viewport])
    context.set_default_timeout(10_000)
    page = context.new_page()

    log_in(page, CLERK)
    page.goto(f"/antraege/{application_id}/vorgaenge/neu/change/report_change")
    honorare = page.get_by_label("Erwartete Ausgaben: Honorare und Aufwandsentschädigungen (z. B. Elternmentorinnen)")
    expect(honorare).to_have_value("24.000,00")
    honorare.fill("20.000,00")
    page.get_by_label("Die Änderung besteht seit").fill("01.06.2027")
    page.get_by_label("Was hat sich geändert, und warum?").fill("Zwei Mentorinnen sind ausgeschieden.")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/aenderungsanzeige-{viewport}.png", full_page=True)
    page.get_by_role("button", name="Änderung anzeigen").click()
    expect(page.get_by_role("table", name="Vorgänge")).to_contain_text("Angezeigt")
    log_out(page)

    log_in(page, REVIEWER)
    page.goto(f"/antraege/{application_id}")
    page.get_by_role("link", name="Änderungsbescheid vorschlagen").first.click()
    expect(page.get_by_text("bisher 40.000,00 €, erwartet 36.000,00 €")).to_be_visible()
    table = page.get_by_role("table", name="Kostengruppen: anerkannt, angezeigt, ohne Zustimmung zulässig")
    expect(table).to_contain_text("20.000,00 €")
    # 60 % × 36.000 € = 21.600 €.
    expect(page.get_by_text("nach der Änderung")).to_be_visible()
    expect(page.get_by_text("21.600,00 €")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/aenderung-pruefung-{viewport}.png", full_page=True)
    context.close()

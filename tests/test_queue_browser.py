"""The reviewer finds a case by its file number among many, in a real Chromium, and sorts by a column header."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import log_in
from application_data import consortium_application
from factories import in_state

pytestmark = pytest.mark.browser


def test_a_reviewer_finds_one_case_by_its_file_number_and_sorts_by_amount(app, browser_page):
    for _ in range(6):
        in_state(app, "submitted")
    page = browser_page
    log_in(page, "pruefung.sued")
    page.get_by_role("link", name="Prüfung", exact=True).first.click()
    table = page.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(6)
    page.get_by_role("searchbox", name="Suche").fill("rps-im-2026-0004")
    page.get_by_role("button", name="Anwenden").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.get_by_role("link", name="RPS-IM-2026-0004")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Suche")).to_have_value("rps-im-2026-0004")
    page.get_by_role("searchbox", name="Suche").fill("")
    page.get_by_role("button", name="Anwenden").click()
    page.get_by_role("link", name="Beantragt").click()
    expect(page.get_by_role("columnheader", name="Beantragt")).to_have_attribute("aria-sort", "descending")
    expect(table.locator("tbody tr")).to_have_count(6)


def test_a_search_under_my_work_finds_a_granted_joint_case_by_a_member(app, browser_page):
    in_state(app, "submitted")
    in_state(app, "granted", clerk="kommune.meersburg", data=consortium_application())
    page = browser_page
    log_in(page, "pruefung.sued")
    page.goto("/pruefung")
    expect(page.get_by_label("Status", exact=True)).to_have_value("")
    page.get_by_role("searchbox", name="Suche").fill("Hagnau")
    page.get_by_role("button", name="Anwenden").click()
    expect(page.get_by_role("heading", name="Suche „Hagnau“: 1 Treffer in allen Status und Programmen")).to_be_visible()
    row = page.get_by_role("table").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Bewilligt")
    expect(row).to_contain_text("VwV Integrationsmanagement")

"""The reviewer finds a case by its file number among many, in a real Chromium, and sorts by a column header."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import log_in
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

"""List tables become stacked rows on narrow screens: every cell carries its column header (data-label),
the CSS shows it before the value at 600 px and below, and the table stays a table for screen readers."""

from __future__ import annotations

import re

from factories import in_state


def test_every_cell_of_the_reviewer_queue_names_its_column(app, client, auth):
    in_state(app, "in_review")
    auth.login("pruefung.sued")
    html = client.get("/pruefung").get_data(as_text=True)
    table = re.search(r'<table class="list stacked">.*?</table>', html, re.S).group(0)
    headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)]
    row = re.search(r"<tbody>.*?<tr[^>]*>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r'<td data-label="([^"]+)"', row) == headers


def test_on_a_narrow_screen_rows_are_cards_with_labels_and_still_a_table(app, chromium, live_server):
    from browser_steps import log_in
    from conftest import VIEWPORTS

    in_state(app, "in_review")
    for viewport, stacked in (("mobile", True), ("desktop", False)):
        context = chromium.new_context(base_url=live_server, locale="de-DE", **VIEWPORTS[viewport])
        page = context.new_page()
        log_in(page, "pruefung.sued")
        page.goto("/pruefung")
        cell = page.locator("table.stacked tbody td").nth(3)
        display = cell.evaluate("cell => getComputedStyle(cell).display")
        before = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
        assert (display == "block") is stacked, viewport
        assert (before == '"Status"') is stacked, viewport
        amount = page.locator("table.stacked tbody td.num").first
        assert (amount.evaluate("cell => getComputedStyle(cell).textAlign") == "left") is stacked, viewport
        # Screen readers still meet a table with column headers and cells.
        assert page.get_by_role("table").count() == 1
        assert page.get_by_role("columnheader", name="Status").count() == 1
        assert page.get_by_role("cell").count() >= 6
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
        context.close()

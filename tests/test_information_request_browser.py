"""In Chromium, the reviewer sees the last day of the period change as they type „Frist in Tagen“, and the clerk
answering sees what was asked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import log_in, log_out
from factories import in_state

pytestmark = pytest.mark.browser


def test_the_last_day_follows_the_days_typed_and_the_answer_page_shows_the_request(app, browser_page):
    application_id, clerk = in_state(app, "in_review")
    page = browser_page
    log_in(page, "pruefung.sued")
    page.goto(f"/antraege/{application_id}/aktionen/request_information")
    end = page.locator("#fristende")
    expect(end).to_contain_text("09.12.2026")  # 14 days from Wednesday 25.11.2026
    page.get_by_label("Frist in Tagen").fill("30")  # Friday 25.12. and Saturday 26.12. are holidays
    expect(end).to_contain_text("28.12.2026")
    page.get_by_label("Frist in Tagen").fill("0")
    expect(end).to_have_text("Das Fristende steht hier, sobald Sie 1 bis 90 Tage angeben.")
    page.get_by_label("Frist in Tagen").fill("30")
    page.get_by_label("Was soll die Kommune nachreichen?").fill("Bitte belegen Sie die Qualifikation.")
    page.get_by_label("Angeforderte Unterlagen (freiwillig)").fill("Arbeitsvertrag\nZeugnis")
    page.get_by_role("button", name="Unterlagen nachfordern").click()
    expect(page.get_by_text("Frist zur Beantwortung der Nachforderung: bis 28.12.2026.").first).to_be_visible()
    log_out(page)
    log_in(page, clerk)
    page.goto(f"/antraege/{application_id}/aktionen/answer")
    asked = page.get_by_role("region", name="Was das Regierungspräsidium am 25.11.2026 nachfordert")
    expect(asked).to_contain_text("Bitte belegen Sie die Qualifikation.")
    expect(asked.get_by_role("listitem")).to_have_text(["Arbeitsvertrag", "Zeugnis"])

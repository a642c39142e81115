"""The hearing in the browser: the reviewer records a Stellungnahme that came by post, with its scan, and finds it
where the Änderungsbescheid is decided."""

from __future__ import annotations

from playwright.sync_api import expect

from browser_steps import log_in
from post_award_steps import final_case, on, start, step
from sample_files import PDF


def test_the_reviewer_records_an_answer_by_post_with_its_scan(app, clock, browser_page):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-06")
        change = start(application_id, "change", "report_change", clerk, position="1", kind="end", start="31.03.2027")
        step(application_id, change, "start_change_hearing", "pruefung.sued")
        on(clock, "2027-09-13")
    page = browser_page
    log_in(page, "pruefung.sued")
    page.goto(f"/antraege/{application_id}#nach-dem-bescheid")
    page.get_by_role("link", name="Schriftliche Stellungnahme erfassen").first.click()
    page.get_by_label("per Post").check()
    page.get_by_label("Tag des Eingangs").fill("10.09.2027")
    page.get_by_label("Inhalt der Stellungnahme").fill("Die Stelle ist ab Mai wieder besetzt.")
    page.get_by_label("Scan des Schreibens").set_input_files(
        {"name": "Brief Gemeinde.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Schriftliche Stellungnahme erfassen").click()
    expect(page.get_by_text("Änderungsanzeige 1 ist jetzt „Stellungnahme eingegangen“")).to_be_visible()
    page.goto(f"/antraege/{application_id}/vorgaenge/{change}/propose_change_after_hearing")
    expect(page.get_by_text("Stellungnahme, eingegangen am 10.09.2027 per Post")).to_be_visible()
    expect(page.get_by_text("Die Stelle ist ab Mai wieder besetzt. (Scan: Brief_Gemeinde.pdf)")).to_be_visible()

"""The whole path of a consortium application in a real Chromium, by visible German labels."""

from __future__ import annotations

import docx
import pytest
from playwright.sync_api import Page, expect

from browser_steps import fill_consortium_application, log_in, log_out, upload_signed_agreement
from conftest import VIEWPORTS

pytestmark = pytest.mark.browser


def _open_case(page: Page) -> None:
    page.get_by_role("link", name="RPS-IM-2026-0001").first.click()
    expect(page.get_by_role("heading", name="Antrag RPS-IM-2026-0001")).to_be_visible()


def walk_the_consortium_path(page: Page) -> str:
    """Apply, request, answer, propose, sign; returns the text of the downloaded grant notice."""
    log_in(page, "kommune.meersburg")
    fill_consortium_application(page)
    upload_signed_agreement(page)
    page.get_by_role("button", name="Weiter zur Zusammenfassung").click()
    expect(page.get_by_role("heading", name="Zusammenfassung prüfen und einreichen")).to_be_visible()
    expect(page.get_by_text("75.160,70 €")).to_be_visible()
    page.get_by_label("Ich habe die Zusammenfassung geprüft").check()
    page.get_by_role("button", name="Antrag verbindlich einreichen").click()
    expect(page.get_by_text("Aktenzeichen: RPS-IM-2026-0001")).to_be_visible()
    log_out(page)

    log_in(page, "pruefung.sued")
    _open_case(page)
    page.get_by_role("button", name="Antrag zur Prüfung übernehmen").click()
    # The uploaded agreement binds the members who did not confirm only once the reviewer has checked it.
    page.get_by_role("button", name="Vereinbarung über den Zusammenschluss bestätigen").click()
    expect(page.get_by_text("Der Antrag ist jetzt „In Prüfung“")).to_be_visible()
    page.get_by_role("link", name="Unterlagen nachfordern").click()
    page.get_by_label("Was soll die Kommune nachreichen?").fill("Bitte legen Sie den Vertrag mit dem Träger vor.")
    page.get_by_role("button", name="Unterlagen nachfordern").click()
    expect(page.get_by_text("Der Antrag ist jetzt „Nachforderung offen“")).to_be_visible()
    log_out(page)

    log_in(page, "kommune.meersburg")
    _open_case(page)
    page.get_by_role("link", name="Nachforderung beantworten").click()
    page.get_by_label("Ihre Antwort").fill("Der Vertrag mit der Caritas liegt bei.")
    page.get_by_role("button", name="Nachforderung beantworten").click()
    log_out(page)

    log_in(page, "pruefung.sued")
    _open_case(page)
    page.get_by_role("link", name="Entscheidung vorschlagen").click()
    page.get_by_label("Gekürzt bewilligen").check()
    page.get_by_label("Bewilligter Stellenanteil (VZÄ)").fill("0,25")
    page.get_by_label("Begründung für diese Stelle").fill("Nur die Hälfte des Stellenanteils ist vertraglich belegt.")
    page.get_by_role("button", name="Entscheidung vorschlagen").click()
    log_out(page)

    log_in(page, "zeichnung")
    _open_case(page)
    page.get_by_role("link", name="Zeichnen und Bescheid erlassen").click()
    page.get_by_role("button", name="Zeichnen und Bescheid erlassen").click()
    expect(page.get_by_text("Teilweise bewilligt").first).to_be_visible()
    log_out(page)

    log_in(page, "kommune.meersburg")
    _open_case(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Zuwendungsbescheid (Teilbewilligung) (Word").click()
    document = docx.Document(download.value.path())
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_a_consortium_goes_from_login_to_the_grant_notice(chromium, live_server, viewport):
    context = chromium.new_context(base_url=live_server, locale="de-DE", accept_downloads=True, **VIEWPORTS[viewport])
    context.set_default_timeout(10_000)
    try:
        notice = walk_the_consortium_path(context.new_page())
    finally:
        context.close()
    for expected in (
        "Integrationsmanagement GVV Meersburg",
        "Hagnau am Bodensee",
        "Daisendorf",
        "Stetten",
        "29.000,00\u00a0€",
        "Anna Beispiel",
        "Rechtsbehelfsbelehrung",
    ):
        assert expected in notice, expected

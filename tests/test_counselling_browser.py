"""A new integration manager's first session in a real browser, by keyboard-visible labels: a person with
consent, a plan with goals in three areas, the automatic draft, the update with its changes, the Word file."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from browser import log_in
from sample_files import PDF
from workflow.counselling.models import PlanDraft
from workflow.db import db

pytestmark = pytest.mark.browser


def _fill_goal(page, number: int, area: str, goal: str, who: str) -> None:
    block = page.get_by_role("group", name=f"Ziel {number}")
    block.get_by_label("Bereich").select_option(label=area)
    block.get_by_label("Ziel", exact=True).fill(goal)
    block.get_by_label("Wer tut es").select_option(label=who)


def _new_person(page, tmp_path, name: str) -> None:
    page.get_by_role("link", name="Person anlegen").click()
    page.get_by_label("Name (Pflichtangabe)").fill(name)
    page.get_by_label("Sprachen").fill("Arabisch, Englisch")
    for point in page.get_by_role("group", name="Erklärt vor der Einwilligung").get_by_role("checkbox").all():
        point.check()
    consent = tmp_path / "einwilligung.pdf"
    consent.write_bytes(PDF)
    page.get_by_label("Unterschriebene Einwilligung").set_input_files(str(consent))
    page.get_by_role("button", name="Person anlegen").click()
    expect(page.get_by_role("heading", name="Integrationsplan")).to_be_visible()


def test_a_manager_writes_updates_and_exports_a_plan(browser_page, app, tmp_path):
    page = browser_page
    log_in(page, "im.meersburg")
    _new_person(page, tmp_path, "Hana Saleh")

    page.get_by_label("Sprachkenntnisse Deutsch (Niveau)").fill("A1")
    _fill_goal(page, 1, "Sprache", "Integrationskurs beginnen", "die Person selbst")
    page.get_by_role("button", name="Weiteres Ziel hinzufügen").click()
    _fill_goal(page, 2, "Arbeit und Ausbildung", "Beratung beim Jobcenter", "Regeldienst")
    page.get_by_role("group", name="Ziel 2").get_by_label("Regeldienst").fill("Jobcenter Bodenseekreis")
    page.get_by_role("button", name="Weiteres Ziel hinzufügen").click()
    _fill_goal(page, 3, "Wohnen", "Wohnung in Meersburg", "Integrationsmanagement")
    # „um 14:05 Uhr.“ — the time once, with its „Uhr“ once.
    expect(page.get_by_text(re.compile(r"^Entwurf automatisch gespeichert um \d\d:\d\d Uhr\.$"))).to_be_visible(
        timeout=20_000
    )
    with app.app_context():
        assert db.session.scalar(select(PlanDraft.client_id)) is not None
    page.get_by_label("Nächste Wiedervorlage").fill("15.12.2026")
    page.get_by_role("button", name="Als Fassung 1 speichern").click()
    expect(page.get_by_text("Fassung 1 des Integrationsplans ist gespeichert.")).to_be_visible()

    page.get_by_role("link", name="Plan fortschreiben").click()
    # The form of Fassung 2 must have arrived before its goal is changed, or the change lands on the page before.
    expect(page.get_by_role("button", name="Als Fassung 2 speichern")).to_be_visible()
    page.get_by_role("group", name="Ziel 1").get_by_label("Stand").select_option(label="erreicht")
    page.get_by_role("button", name="Als Fassung 2 speichern").click()
    expect(page.get_by_text("„offen“ → „erreicht“")).to_be_visible(timeout=15_000)

    with page.expect_download() as download:
        page.get_by_role("link", name="Word-Datei Deutsch und Українська").click()
    assert download.value.suggested_filename.endswith("Fassung-2.docx")


def test_what_is_typed_before_the_page_script_arrives_is_saved_as_a_draft(browser_page, app, tmp_path):
    page = browser_page
    log_in(page, "im.meersburg")
    _new_person(page, tmp_path, "Samir Haddad")
    held = []
    page.route("**/counselling_draft.js", lambda route: held.append(route))
    page.goto(page.url, wait_until="commit")
    page.get_by_label("Sprachkenntnisse Deutsch (Niveau)").fill("B1")
    _fill_goal(page, 1, "Wohnen", "Eigene Wohnung finden", "die Person selbst")
    assert len(held) == 1, "the script must still be loading while the manager types"
    held[0].continue_()
    expect(page.get_by_text("Entwurf automatisch gespeichert um")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(PlanDraft.client_id)) is not None

"""Steps a person takes in the browser, by visible German labels (shared by the browser tests)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from conftest import PASSWORD
from sample_files import PDF


def log_in(page: Page, username: str) -> None:
    page.goto("/anmelden")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()


def fill_consortium_application(page: Page) -> None:
    """Meersburg leads Hagnau am Bodensee, Daisendorf and Stetten (pooled 75.160,70 €)."""
    page.get_by_role("link", name="Antrag stellen: VwV Integrationsmanagement").click()
    page.get_by_label("Gemeinsamer Antrag").check()
    page.get_by_label("Name des Zusammenschlusses").fill("Integrationsmanagement GVV Meersburg")
    for number, member in enumerate(("Hagnau am Bodensee (08435018)", "Daisendorf (08435010)", "08435054"), start=1):
        page.get_by_role("button", name="Mitgliedskommune hinzufügen").click()
        page.get_by_label(f"Mitgliedskommune {number}", exact=True).fill(member)
    page.get_by_label("Name der Ansprechperson").fill("Miriam Keller")
    page.get_by_label("Telefon").fill("07532 440-0")
    page.get_by_label("E-Mail").fill("keller@meersburg.example")
    page.get_by_label("Kontoinhaber").fill("Stadt Meersburg")
    page.get_by_label("IBAN").fill("DE02 6005 0101 0002 0343 04")
    page.get_by_label("Name der Integrationsmanagerin").fill("Anna Beispiel")
    page.get_by_label("Qualifikation").select_option(label="a – Hochschulabschluss Soziale Arbeit oder vergleichbar")
    page.get_by_role("textbox", name="Stellenanteil in VZÄ").fill("0,5")
    page.get_by_role("textbox", name="Beschäftigungsbeginn").fill("01.03.2027")
    page.get_by_label("Dritter Träger").check()
    page.get_by_label("Name des Trägers").fill("Caritas Bodensee-Oberschwaben")
    for declaration in (
        "Die Angaben in diesem Antrag",
        "Für die beantragten Stellen",
        "Uns ist bekannt",
        "Die in den Stellen genannten",
    ):
        page.get_by_label(declaration).check()


SIGNED_AGREEMENT = {"name": "Vereinbarung unterschrieben.pdf", "mimeType": "application/pdf", "buffer": PDF}


def upload_signed_agreement(page: Page) -> None:
    """The lead uploads the agreement every member signed, in place of their confirmations."""
    page.get_by_label("Unterzeichnete Vereinbarung über den Zusammenschluss").set_input_files(SIGNED_AGREEMENT)
    page.get_by_role("button", name="Vereinbarung hochladen").click()
    expect(page.get_by_text("Unterzeichnete Vereinbarung: Vereinbarung_unterschrieben.pdf")).to_be_visible()

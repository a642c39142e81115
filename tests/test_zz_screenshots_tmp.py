import io, os
import pytest
from browser import log_in
from conftest import VIEWPORTS
from factories import in_state
from workflow.db import db

OUT = "/tmp/shots"


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_shots(chromium, live_server, app, viewport):
    os.makedirs(OUT, exist_ok=True)
    application_id, _ = in_state(app, "in_review")
    context = chromium.new_context(base_url=live_server, locale="de-DE", **VIEWPORTS[viewport])
    page = context.new_page()
    def shot(name):
        page.screenshot(path=f"{OUT}/{name}-{viewport}.png", full_page=True)
    page.goto("/anmelden"); shot("login")
    log_in(page, "admin")
    page.goto("/verwaltung/benutzer/neu")
    page.get_by_label("Benutzername").fill("anna.berger")
    page.get_by_label("Name (Pflichtangabe)", exact=True).fill("Anna Berger")
    page.get_by_label("E-Mail-Adresse").fill("anna.berger@meersburg.example")
    page.get_by_label("Sachbearbeitung Kommune").check()
    page.get_by_label("Gemeindeschlüssel der Kommune").fill("08435036")
    page.get_by_role("button", name="Anlegen und einladen").click()
    shot("user-show")
    page.goto("/verwaltung/benutzer"); shot("users")
    page.goto("/verwaltung/benutzer/neu"); page.get_by_role("button", name="Anlegen und einladen").click(); shot("user-new-errors")
    with app.app_context():
        from workflow.models import Application
        reviewer_id = db.session.get(Application, application_id).reviewer_id
    page.goto(f"/verwaltung/benutzer/{reviewer_id}/deaktivieren"); shot("deactivate")
    page.goto("/verwaltung/benutzer/einspielen")
    page.get_by_label("Tabelle der Kontakte").set_input_files(files=[{"name": "k.csv", "mimeType": "text/csv", "buffer": "AGS;Name;E-Mail\n08999999;X;kein-mail\n08435036;;a@b.example\n".encode()}])
    page.get_by_role("button", name="Datei hochladen und prüfen").click(); shot("import-errors")
    page.goto("/verwaltung/protokoll"); shot("audit")
    page.goto("/verwaltung/e-mails"); shot("mails")
    page.goto("/verwaltung/programme/integrationsmanagement/neue-vorlage"); shot("template")
    page.goto("/konto"); shot("account")
    page.goto("/konto/zweiter-faktor"); shot("enrol")
    page.goto("/konto/passwort"); page.get_by_role("button", name="Passwort ändern").click(); shot("change-password")
    page.get_by_role("button", name="Abmelden").click()
    page.goto("/passwort-vergessen"); shot("forgot")
    context.close()

"""axe-core finds no WCAG 2.1 A/AA violation on any page of any role, nor in error states."""

from __future__ import annotations

from collections import Counter, deque
from urllib.parse import urldefrag, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from browser_steps import log_in, log_out
from factories import consortium_application, draft, in_state, submitted
from workflow.db import db

pytestmark = pytest.mark.browser

AXE = Axe()
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Not pages: downloads and the logout form's target.
NOT_PAGES = ("/dokumente/", "/anlagen/", "/static/", "/abmelden")
# A link to a file by its name (the overview's Excel export leads to the file, or to a page offering a background
# job when the list is long): visited on its own in test_background_jobs, not by the crawl.
FILE_SUFFIXES = (".xlsx", ".csv", ".zip", ".docx", ".pdf", ".xml")
# Authority roles see every case; a clerk sees the cases of their municipality, so
# the clerks of cases in telling states crawl too ("clerk:<state>").
# "referatsleitung" reviews and signs, so it reaches every page of both authority roles.
# The integration managers crawl the demo's persons and plans (filled in); the lead also the log and assignment.
ROLES = (
    "clerk:draft",
    "clerk:information_requested",
    "clerk:granted",
    "kommune.hagnau",
    "referatsleitung",
    "ministerium",
    "admin",
    "im.meersburg",
    "im.leitung.meersburg",
)
# Of one page's links that differ only in their query (sorting, filters, paging, the programme shown), so many are
# visited; the rest repeat what those showed.
QUERY_VARIANTS_PER_PAGE = 3


def violations(page: Page) -> list[str]:
    # A click that navigates returns once the new page starts arriving; axe reads it whole.
    page.wait_for_load_state()
    results = AXE.run(page, options=WCAG_21_AA).response
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


def crawl(page: Page, limit: int = 80) -> tuple[list[str], list[str]]:
    """Visit every page reachable by links from the start page; return (pages, violations)."""
    origin = urlparse(page.url)
    queue, seen, found = deque([page.url]), {page.url}, []
    visited = []
    # Sorting, filters and pages of a list are the same page with other rows: a few of them show its states,
    # the rest would only repeat them (the ministry's crawl spent 55 of 80 visits on them).
    variants = Counter({urlparse(page.url).path: 1})
    while queue and len(visited) < limit:
        url = queue.popleft()
        page.goto(url)
        visited.append(urlparse(page.url).path)
        found.extend(violations(page))
        # Links marked as downloads (the Excel export) lead to files, not pages.
        for href in page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)"):
            target, _ = urldefrag(href)
            parsed = urlparse(target)
            if (
                parsed.netloc != origin.netloc
                or parsed.path.startswith(NOT_PAGES)
                or parsed.path.endswith(FILE_SUFFIXES)
                or target in seen
                or variants[parsed.path] >= QUERY_VARIANTS_PER_PAGE
            ):
                continue
            seen.add(target)
            variants[parsed.path] += 1
            queue.append(target)
    return visited, found


@pytest.fixture
def cases_in_every_state(app):
    """A case in every state (plus a consortium with Hagnau); the clerk of each by state."""
    clerks = {
        state: in_state(app, state)[1]
        for state in (
            "draft",
            "submitted",
            "in_review",
            "information_requested",
            "answered",
            "decision_proposed",
            "granted",
            "withdrawn",
        )
    }
    with app.app_context():
        submitted("kommune.meersburg", consortium_application())
        # An open request to Hagnau to join another consortium: its start page, the request and the list.
        draft(
            "kommune.stuttgart",
            consortium_application(members=["08435018"], consortium_name="Stuttgart und Hagnau"),
            consented=False,
        )
    return clerks


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_can_reach_has_no_violations(browser_page, cases_in_every_state, role):
    username = cases_in_every_state[role.split(":")[1]] if role.startswith("clerk:") else role
    log_in(browser_page, username)
    visited, found = crawl(browser_page)
    assert len(visited) >= 4, visited
    assert found == [], "\n".join(found)


def test_public_pages_and_error_pages_have_no_violations(browser_page):
    page = browser_page
    found = []
    for url in ("/anmelden", "/barrierefreiheit", "/impressum", "/gibt-es-nicht", "/registrieren"):
        page.goto(url)
        found += violations(page)
    page.get_by_role("button", name="Registrieren").click()  # a freier Träger's registration, empty
    expect(page.get_by_text("Bitte geben Sie den Namen des Trägers an.").first).to_be_visible()
    found += violations(page)
    page.goto("/anmelden")
    page.get_by_role("button", name="Anmelden").click()  # empty fields
    found += violations(page)
    assert found == [], "\n".join(found)


def test_forms_with_errors_have_no_violations(browser_page, app):
    page = browser_page
    application_id, clerk = in_state(app, "information_requested")
    log_in(page, clerk)
    page.goto("/zugangsschluessel")
    page.get_by_role("button", name="Schlüssel anlegen").click()
    expect(page.get_by_text("Bitte geben Sie dem Schlüssel einen Namen.").first).to_be_visible()
    found = violations(page)
    page.get_by_label("Name des Schlüssels").fill("Kämmerei")
    page.get_by_role("button", name="Schlüssel anlegen").click()
    expect(page.get_by_text("nur dieses eine Mal")).to_be_visible()
    found += violations(page)
    page.goto("/programme/integrationsmanagement/antraege/neu")
    page.get_by_label("IBAN").fill("DE00 1234")
    page.get_by_role("button", name="Weiter zur Zusammenfassung").click()
    expect(page.get_by_role("heading", name="Der Antrag ist noch nicht vollständig")).to_be_visible()
    found += violations(page)
    page.goto(f"/antraege/{application_id}/aktionen/answer")
    page.get_by_role("button", name="Nachforderung beantworten").click()
    expect(page.get_by_text("Bitte geben Sie Ihre Antwort ein.").first).to_be_visible()
    found += violations(page)
    assert found == [], "\n".join(found)


def test_every_page_declares_german_and_a_title(browser_page):
    page = browser_page
    log_in(page, "pruefung.sued")
    for url in ("/pruefung", "/ablauf", "/barrierefreiheit"):
        page.goto(url)
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.title().endswith("– Förderweg") and len(page.title()) > len("– Förderweg")
        assert page.locator("main").count() == 1 and page.locator("h1").count() == 1
        expect(page.get_by_role("link", name="Erklärung zur Barrierefreiheit")).to_be_visible()


def test_the_checker_reports_a_real_violation(browser_page):
    page = browser_page
    page.goto("/anmelden")
    page.evaluate("document.querySelector('label[for=username]').remove()")
    found = violations(page)
    assert any("label" in line for line in found), found


def test_counselling_forms_with_errors_have_no_violations(browser_page):
    """The Integrationsplan's forms as a manager sees them after a mistake, and the authority's figures page."""
    page = browser_page
    log_in(page, "im.meersburg")
    page.goto("/beratung/personen/neu")
    page.get_by_label("Name (Pflichtangabe)").fill("Test Person")
    page.get_by_label("Geburtsdatum").fill("31.02.1990")
    page.get_by_role("button", name="Person anlegen").click()
    expect(page.get_by_role("heading", name="Bitte prüfen Sie Ihre Eingaben")).to_be_visible()
    found = violations(page)
    page.goto("/beratung/personen/1/plan")
    page.get_by_label("Nächste Wiedervorlage").fill("bald")
    page.get_by_role("button", name="Als Fassung 3 speichern").click()
    expect(page.get_by_text("„bald“ ist kein Datum").first).to_be_visible()
    found += violations(page)
    log_out(page)
    log_in(page, "ministerium")
    page.goto("/uebersicht/integrationsplaene")
    found += violations(page)
    assert found == [], "\n".join(found)


def test_pages_after_the_decision_with_data_and_errors_have_no_violations(browser_page, app, clock):
    from post_award_steps import final_case, on, paid, start, step

    page = browser_page
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        paid(application_id, clerk, "1000.00")
        checked = start(application_id, "payment", "request_payment", clerk, amount="500.00")
        step(application_id, checked, "check_payment", "pruefung.sued")  # offered in the Sammelzeichnung
    log_in(page, clerk)
    found = []
    page.goto(f"/antraege/{application_id}/vorgaenge/neu/payment/request_payment")
    page.get_by_role("button", name="Mittel abrufen").click()
    expect(page.get_by_text("Bitte geben Sie den Betrag an.").first).to_be_visible()
    found += violations(page)
    page.goto(f"/antraege/{application_id}/vorgaenge/neu/change/report_change")
    page.get_by_role("button", name="Änderung anzeigen").click()
    found += violations(page)
    # The proof of use opens once the last funded month has passed (28.02.2029); the session does not outlive the jump.
    log_out(page)
    with app.app_context():
        on(clock, "2029-03-15")
    log_in(page, clerk)
    proof = f"/antraege/{application_id}"
    page.goto(proof)
    found += violations(page)
    page.get_by_role("link", name="Verwendungsnachweis einreichen").click()
    page.get_by_role("button", name="Verwendungsnachweis einreichen").click()
    found += violations(page)
    log_out(page)
    log_in(page, "zeichnung")
    for url in (
        "/kasse/",
        "/vorgaenge/",
        "/sammelzeichnung/",
        "/uebersicht/haushaltsjahre",
        "/ablauf?vorgang=revocation",
    ):
        page.goto(url)
        found += violations(page)
    assert found == [], "\n".join(found)


def test_the_overview_sorted_and_filtered_has_no_violations(browser_page, app):
    """States of the overview no link leads to: the Kreise sorted, the ledger filtered with a Kreis outside the
    chosen Bezirk, the applications of one state, a refused sort."""
    in_state(app, "granted")
    in_state(app, "decision_proposed")
    page = browser_page
    log_in(page, "ministerium")
    found = []
    for url in (
        "/uebersicht?sortierung=gebunden",
        "/uebersicht/haushalt?bezirk=081&kreis=08436",
        "/uebersicht/antraege?status=granted",
        "/uebersicht?sortierung=unbekannt",
    ):
        page.goto(url)
        found += violations(page)
    expect(page.get_by_text("Diese Sortierung der Kreise gibt es nicht")).to_be_visible()
    assert found == [], "\n".join(found)


def test_background_job_pages_waiting_done_and_with_errors_have_no_violations(browser_page, app):
    from workflow.jobs.runner import run_background_jobs

    page = browser_page
    in_state(app, "submitted")
    log_in(page, "referatsleitung")
    page.goto("/auftraege/pruefakten")
    page.get_by_label("Programm").select_option(label="VwV Integrationsmanagement")
    page.get_by_label("Eingangsjahr").fill("1999")
    page.get_by_role("button", name="Zusammenstellen").click()
    found = violations(page)
    page.get_by_label("Eingangsjahr").fill("")
    page.get_by_role("button", name="Zusammenstellen").click()
    page.get_by_text("wartet auf den Start").wait_for()
    found += violations(page)
    with app.app_context():
        run_background_jobs(db.session)
    page.get_by_role("link", name="Pruefakten_").wait_for()  # the page reloads itself once the job is done
    found += violations(page)
    page.goto("/auftraege/")
    found += violations(page)
    app.config["EXPORT_DIRECT_MAX_CASES"] = 0  # a long list is offered as a background job
    page.goto("/uebersicht/export.xlsx?programm=integrationsmanagement")
    found += violations(page)
    assert found == [], "\n".join(found)


def test_account_and_user_administration_pages_have_no_violations(browser_page, app):
    """The pages of accounts and of the users administration, with their error states (the crawl may stop before them)."""
    page = browser_page
    application_id, _ = in_state(app, "in_review")
    log_in(page, "admin")
    found = []

    def check(url=None):
        if url:
            page.goto(url)
        found.extend(violations(page))

    check("/verwaltung/benutzer")
    page.get_by_role("link", name="Benutzer anlegen und einladen").click()
    page.get_by_role("button", name="Anlegen und einladen").click()  # empty: errors
    expect(page.get_by_role("heading", name="Bitte prüfen Sie Ihre Eingaben")).to_be_visible()
    check()
    page.get_by_label("Benutzername").fill("anna.berger")
    page.get_by_label("Name (Pflichtangabe)", exact=True).fill("Anna Berger")
    page.get_by_label("E-Mail-Adresse").fill("anna.berger@meersburg.example")
    page.get_by_label("Sachbearbeitung Kommune").check()
    page.get_by_label("Gemeindeschlüssel der Kommune").fill("08435036")
    page.get_by_role("button", name="Anlegen und einladen").click()
    expect(page.get_by_role("heading", name="Anna Berger")).to_be_visible()
    check()
    page.get_by_role("link", name="Ändern").click()
    check()
    with app.app_context():
        from workflow.models import Application

        reviewer_id = db.session.get(Application, application_id).reviewer_id
    page.goto(f"/verwaltung/benutzer/{reviewer_id}/deaktivieren")
    page.get_by_role("button", name="Deaktivieren").click()  # no successor chosen: error
    check()
    page.goto("/verwaltung/benutzer/einspielen")
    page.get_by_label("Tabelle der Kontakte").set_input_files(
        files=[{"name": "k.csv", "mimeType": "text/csv", "buffer": "AGS;Name;E-Mail\n08999999;X;kein-mail\n".encode()}]
    )
    page.get_by_role("button", name="Datei hochladen und prüfen").click()
    check()
    for url in ("/verwaltung/protokoll", "/verwaltung/e-mails", "/konto", "/konto/zweiter-faktor"):
        check(url)
    page.goto("/konto/passwort")
    page.get_by_role("button", name="Passwort ändern").click()
    check()
    page.get_by_role("button", name="Abmelden").click()
    for url in ("/passwort-vergessen", "/passwort-setzen/gibt-es-nicht"):
        check(url)
    page.goto("/passwort-vergessen")
    page.get_by_label("E-Mail-Adresse").fill("niemand@example.org")
    page.get_by_role("button", name="Link anfordern").click()
    check()
    assert found == [], "\n".join(found)


def test_check_answers_drafts_consent_requests_and_search_have_no_violations(browser_page, app):
    """The pages of issue 26 (items 1, 4–7): „Meine Aufgaben“ of a lead with the team's work, a refused assignment and
    a saved filter; the summary with its „Ändern“ links, a draft's deletion, the consent page with the positions, the
    Nachforderung with its date and errors and its answer page, the queue's search."""
    page = browser_page
    in_state(app, "granted", clerk="kommune.meersburg", data=consortium_application())
    in_review, clerk = in_state(app, "in_review")
    with app.app_context():
        lead_draft = draft(
            "kommune.stuttgart",
            consortium_application(members=["08435018"], consortium_name="Stuttgart und Hagnau"),
            consented=False,
        )
    found = []
    log_in(page, "referatsleitung")
    page.goto("/aufgaben?zustaendig=team")
    found += violations(page)
    page.get_by_role("button", name="Zuweisen", exact=True).click()
    expect(page.get_by_text("Bitte wählen Sie mindestens einen Antrag aus.")).to_be_visible()
    found += violations(page)
    page.get_by_text("Gespeicherte Filter").click()
    page.get_by_label("Aktuellen Filter speichern als").fill("Team")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("link", name="Team", exact=True)).to_be_visible()
    found += violations(page)
    log_out(page)
    log_in(page, "pruefung.sued")
    page.goto("/pruefung?suche=Hagnau")
    found += violations(page)
    page.goto(f"/antraege/{in_review}/aktionen/request_information")
    found += violations(page)
    page.get_by_label("Frist in Tagen").fill("120")
    page.get_by_label("Angeforderte Unterlagen (freiwillig)").fill("Arbeitsvertrag\nZeugnis")
    page.get_by_role("button", name="Unterlagen nachfordern").click()
    expect(page.get_by_text("Die Frist muss zwischen 1 und 90 Tagen liegen.").first).to_be_visible()
    found += violations(page)
    page.get_by_label("Was soll die Kommune nachreichen?").fill("Bitte belegen Sie die Qualifikation.")
    page.get_by_label("Frist in Tagen").fill("14")
    page.get_by_role("button", name="Unterlagen nachfordern").click()
    found += violations(page)
    log_out(page)
    log_in(page, clerk)
    page.goto(f"/antraege/{in_review}/aktionen/answer")
    found += violations(page)
    log_out(page)
    log_in(page, "kommune.hagnau")
    for url in ("/programme", "/programme/integrationsmanagement/antraege/neu", "/beitrittsanfragen"):
        page.goto(url)
        found += violations(page)
    page.get_by_role("link", name="Stuttgart und Hagnau").click()
    expect(page.get_by_role("heading", name="Wozu Sie zustimmen")).to_be_visible()
    found += violations(page)
    log_out(page)
    log_in(page, "kommune.stuttgart")
    for url in (f"/antraege/{lead_draft}/aktionen/submit", f"/antraege/{lead_draft}/loeschen"):
        page.goto(url)
        found += violations(page)
    assert found == [], "\n".join(found)

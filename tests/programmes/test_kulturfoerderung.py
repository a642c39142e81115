"""The test programme Kulturförderung (tests/testprogramme), known to the engine only through EXTRA_PROGRAMMES,
taken through HTTP from the application to the Bescheid: its own field, its own amount rule, its own deadline."""

from __future__ import annotations

from datetime import datetime, timezone

from application_data import kulturfoerderung_application
from http_steps import action, document_text, documents, new_application, submit
from workflow.db import db
from workflow.programmes.check import check_programme
from workflow.engine.programmes import all_definitions, definition_for
from workflow.models import Application

PROGRAMME = "kulturfoerderung"
CLERK = "kommune.tettnang"
REVIEWER = "pruefung.kultur"  # limited to the test programme by its demo users.csv
TITLE = "Klangwerkstatt am See"
DEADLINE_PASSED = "Anträge zur Kulturförderung waren bis zum 31.03.2027 einzureichen; die Antragsfrist ist abgelaufen."


def test_the_test_programme_is_registered_only_through_the_test_configuration(app):
    assert PROGRAMME in {definition.code for definition in all_definitions()}
    assert "testprogramme.kulturfoerderung:DEFINITION" in app.config["EXTRA_PROGRAMMES"]
    assert definition_for(PROGRAMME).templates.package.startswith("testprogramme.")


def test_its_word_templates_pass_the_programme_check():
    assert check_programme(definition_for(PROGRAMME)) == []


def test_a_case_goes_from_application_to_bescheid_with_the_programmes_own_field_and_amount(app, client, auth):
    auth.login(CLERK)
    application_id = new_application(auth, client, kulturfoerderung_application(), PROGRAMME)
    response, summary = submit(auth, client, application_id)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    # 1.234,00 € je VZÄ und Monat × 0,5 VZÄ × 12 Monate
    assert "7.404,00\u00a0€" in summary.get_data(as_text=True)
    auth.logout()

    auth.login(REVIEWER)
    page = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Projekttitel" in page and TITLE in page and "Theater" in page
    action(auth, application_id, "take")
    action(
        auth,
        application_id,
        "request_information",
        {"message": "Bitte reichen Sie den Arbeitsvertrag nach.", "period_days": "14"},
    )
    auth.logout()

    auth.login(CLERK)
    request = document_text(client, documents(app, application_id)["information_request"])
    assert "Bitte reichen Sie den Arbeitsvertrag nach." in request and TITLE in request
    action(auth, application_id, "answer", {"message": "Der Arbeitsvertrag liegt bei."})
    auth.logout()

    auth.login(REVIEWER)
    action(auth, application_id, "propose_decision", {"rulings-0-outcome": "granted", "reasons": ""})
    auth.logout()
    auth.login("zeichnung")
    action(auth, application_id, "sign_grant")
    notice = document_text(client, documents(app, application_id)["grant_notice"])

    assert "Wir bewilligen Ihnen eine Zuwendung von 7.404,00\u00a0€." in notice
    assert "Festbetrag: 1.234,00\u00a0€ je VZÄ und Monat, 12 Monate" in notice
    assert f"Projekttitel: {TITLE}" in notice
    assert "Bewilligungszeitraum 01.05.2027 bis 30.04.2028" in notice
    assert "Mara Lindner" in notice and "Theater" in notice
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.state == "granted"
        assert str(application.granted_amount) == "7404.00"
        assert application.file_number.startswith("RPS-KF-")
        assert application.details == {"project_title": TITLE}
        assert application.positions[0].details == {"art_form": "theater"}


def test_after_its_deadline_submission_is_refused_in_german_and_the_draft_stays_a_draft(app, client, auth, clock):
    clock.set(datetime(2027, 4, 1, 7, 0, tzinfo=timezone.utc))  # 1 April 2027, 09:00 in Stuttgart
    auth.login(CLERK)
    application_id = new_application(auth, client, kulturfoerderung_application(), PROGRAMME)
    with app.app_context():
        revision = db.session.get(Application, application_id).revision
    summary = client.get(f"/antraege/{application_id}/aktionen/submit")
    assert DEADLINE_PASSED in summary.get_data(as_text=True)
    page = f"/antraege/{application_id}/aktionen/submit"
    response = auth.post(page, {"confirm": "y", "revision": str(revision)}, page="/barrierefreiheit")
    assert response.status_code == 409
    assert DEADLINE_PASSED in response.get_data(as_text=True)
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.state == "draft" and application.file_number is None


def test_on_the_day_of_its_deadline_submission_is_still_accepted(app, client, auth, clock):
    clock.set(datetime(2027, 3, 31, 15, 0, tzinfo=timezone.utc))
    auth.login(CLERK)
    application_id = new_application(auth, client, kulturfoerderung_application(), PROGRAMME)
    response, _ = submit(auth, client, application_id)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Application, application_id).state == "submitted"

"""The third programme, VwV-Integration (Teilhabe, Elternbeteiligung): a project's Kosten- und Finanzierungsplan,
60 % Anteilfinanzierung capped by Höchstbetrag and Fehlbetrag, a decision per expense — through HTTP, on the engine
as it is, with figures computed by hand."""

from __future__ import annotations

from application_data import teilhabe_application
from http_steps import action, document_text, documents, new_application, submit
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.models import Application
from workflow.programmes.check import check_programme

PROGRAMME = "teilhabe"
CLERK = "kommune.tettnang"
REVIEWER = "pruefung.teilhabe"


def test_its_letters_pass_the_programme_check():
    assert check_programme(definition_for(PROGRAMME)) == []


def test_a_plan_that_does_not_balance_or_asks_more_than_the_share_cannot_be_submitted(app, client, auth):
    auth.login(CLERK)
    # 40.000 € of costs against 12.000 + 4.000 + 25.000 = 41.000 € of financing.
    unbalanced = new_application(auth, client, teilhabe_application(requested="25.000,00"), PROGRAMME)
    page = client.get(f"/antraege/{unbalanced}/aktionen/submit").get_data(as_text=True)
    assert "Der Finanzierungsplan ist nicht ausgeglichen: den Ausgaben von 40.000,00\u00a0€ stehen" in page
    # Balanced (11.000 + 4.000 + 25.000), but 25.000 € is more than 60 % of 40.000 € = 24.000 €.
    too_much = new_application(
        auth, client, teilhabe_application(requested="25.000,00", own_funds="11.000,00"), PROGRAMME
    )
    page = client.get(f"/antraege/{too_much}/aktionen/submit").get_data(as_text=True)
    assert "übersteigt 60\u00a0% der zuwendungsfähigen Ausgaben von 40.000,00\u00a0€" in page
    with app.app_context():
        assert {db.session.get(Application, case).state for case in (unbalanced, too_much)} == {"draft"}


def test_a_project_is_granted_60_percent_of_what_the_reviewer_recognises_capped_by_the_deficit(app, client, auth):
    auth.login(CLERK)
    application_id = new_application(auth, client, teilhabe_application(), PROGRAMME)
    response, summary = submit(auth, client, application_id)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = summary.get_data(as_text=True)
    # 60 % of 40.000,00 € eligible = 24.000,00 €; deficit 40.000 − 12.000 − 4.000 = 24.000 €; Höchstbetrag 25.000 €.
    assert "Berechnete Zuwendung" in page and "24.000,00\u00a0€" in page and "VZÄ" not in page
    auth.logout()

    auth.login(REVIEWER)
    action(auth, application_id, "take")
    # The reviewer recognises 11.000 of the 16.000 € Sachausgaben: 35.000 € eligible, 60 % = 21.000 €, but the deficit
    # is 35.000 − 12.000 − 4.000 = 19.000 €, so 19.000,00 € are granted.
    action(
        auth,
        application_id,
        "propose_decision",
        {
            "rulings-0-outcome": "granted",
            "rulings-1-outcome": "reduced",
            "rulings-1-amount": "11.000,00",
            "rulings-1-reason": "Dolmetschen wird von der Stadt unentgeltlich gestellt (5.000,00 €).",
            "reasons": "",
        },
    )
    with app.app_context():
        proposal = db.session.get(Application, application_id).proposals[-1]
        assert (proposal.kind, str(proposal.amount)) == ("partial_grant", "19000.00")
    auth.logout()

    auth.login("zeichnung")
    action(auth, application_id, "sign_partial_grant")
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert (application.state, str(application.granted_amount)) == ("partially_granted", "19000.00")
        assert [(p.person_name, str(p.amount), p.fte) for p in application.positions] == [
            ("Honorare der Elternmentorinnen", "24000.00", None),
            ("Raummiete, Material, Dolmetschen", "16000.00", None),
        ]
    notice = document_text(client, documents(app, application_id)["partial_grant_notice"])
    assert "Zuwendung in Höhe von höchstens 19.000,00\u00a0€ bewilligt; beantragt waren 24.000,00\u00a0€" in notice
    assert "Anteilfinanzierung in Höhe von 60\u00a0% der zuwendungsfähigen Ausgaben" in notice
    assert "Ausgabe 2 (Raummiete, Material, Dolmetschen) wird mit 11.000,00\u00a0€ statt 16.000,00\u00a0€" in notice
    # Tettnang is a municipality: the ANBest-K apply (an association would get the ANBest-P).
    assert "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung an kommunale Körperschaften" in notice

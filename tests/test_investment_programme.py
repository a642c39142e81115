"""A grant of a fourth shape — one amount for one investment, no positions, no VZÄ — taken through HTTP from the
application to the Bescheid on the engine as it is: the programme (tests/testprogramme/investitionen) declares its
measure's shape, fields and rule, and nothing else knows it."""

from __future__ import annotations

from application_data import investment_application
from http_steps import action, document_text, documents, new_application, submit
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.models import Application
from workflow.programmes.check import check_programme

PROGRAMME = "investitionsfoerderung"
CLERK = "kommune.tettnang"
REVIEWER = "pruefung.investition"  # limited to the test programme by its demo users.csv


def test_its_word_templates_pass_the_programme_check():
    assert check_programme(definition_for(PROGRAMME)) == []


def test_an_investment_is_applied_for_reduced_by_amount_and_granted_without_any_position(app, client, auth):
    auth.login(CLERK)
    application_id = new_application(auth, client, investment_application(), PROGRAMME)
    response, summary = submit(auth, client, application_id)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = summary.get_data(as_text=True)
    # 80.000,00 € × 0,50 = 40.000,00 €; no VZÄ column, the project's period as its funding period.
    assert "40.000,00\u00a0€" in page and "Barrierefreier Umbau der Stadthalle" in page and "VZÄ" not in page
    assert "01.05.2027 – 31.12.2027" in page
    auth.logout()

    auth.login(REVIEWER)
    action(auth, application_id, "take")
    form = client.get(f"/antraege/{application_id}/aktionen/propose_decision").get_data(as_text=True)
    assert "Bewilligter Betrag in Euro" in form and "Stellenanteil" not in form
    refused = auth.post(
        f"/antraege/{application_id}/aktionen/propose_decision",
        {"rulings-0-outcome": "reduced", "rulings-0-amount": "45.000,00", "rulings-0-reason": "x"},
    )
    assert refused.status_code == 422
    assert "Der bewilligte Betrag muss über 0 und unter 40.000,00\u00a0€ (beantragt) liegen." in refused.get_data(
        as_text=True
    )
    action(
        auth,
        application_id,
        "propose_decision",
        {
            "rulings-0-outcome": "reduced",
            "rulings-0-amount": "32.000,00",
            "rulings-0-reason": "Die Kosten der Außenanlagen (16.000,00 €) sind nicht zuwendungsfähig.",
            "reasons": "",
        },
    )
    auth.logout()

    auth.login("zeichnung")
    action(auth, application_id, "sign_partial_grant")
    with app.app_context():
        application = db.session.get(Application, application_id)
        measure, ruling = application.positions[0], application.signed_proposal.rulings[0]
        assert (application.state, str(application.granted_amount)) == ("partially_granted", "32000.00")
        assert (measure.person_name, measure.fte, measure.employment_start) == (
            "Barrierefreier Umbau der Stadthalle",
            None,
            None,
        )
        assert measure.details == {"total_cost": "80000.00", "project_start": "2027-05-01", "project_end": "2027-12-31"}
        assert (ruling.outcome, ruling.fte, str(ruling.amount)) == ("reduced", None, "32000.00")
    notice = document_text(client, documents(app, application_id)["partial_grant_notice"])
    assert "Wir bewilligen Ihnen eine Zuwendung von 32.000,00\u00a0€; beantragt waren 40.000,00\u00a0€." in notice
    assert "Gekürzt: Barrierefreier Umbau der Stadthalle auf 32.000,00\u00a0€" in notice

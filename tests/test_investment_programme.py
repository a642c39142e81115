"""A grant of a fourth shape — one amount for one investment, no positions, no VZÄ — taken through HTTP from the
application to the Bescheid, the Mittelabruf, the cash office's file and its execution, the Verwendungsnachweis and
its Prüfvermerk, on the engine as it is: the programme (tests/testprogramme/investitionen) declares its measure's
shape, fields and rule, and nothing else knows it."""

from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import select

from application_data import investment_application
from http_steps import action, document_text, documents, new_application, submit
from post_award_steps import on
from sweeping import sweep
from teilhabe_steps import called, executed_by_the_cash_office, message, newest, procedure_step, start_step
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.models import Application, CashExport
from workflow.programmes.check import check_programme
from workflow.workflows.post_award.accounts import case_money

PROGRAMME = "investitionsfoerderung"
CLERK = "kommune.tettnang"
REVIEWER = "pruefung.investition"  # limited to the test programme by its demo users.csv


def test_its_word_templates_pass_the_programme_check():
    assert check_programme(definition_for(PROGRAMME)) == []


def test_an_investment_is_granted_reduced_paid_in_two_calls_and_its_use_proven_without_any_position(
    app, clock, client, auth
):
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

    # Made final by time: the Bescheid of 25.11.2026 counts as notified on 28.11.2026; the month for an action ends on
    # Monday 28.12.2026, and the sweep of 04.01.2027 finds it final.
    on(clock, "2027-01-04")
    sweep(app)
    with app.app_context():
        assert db.session.get(Application, application_id).state == "final"

    # 03.05.2027: the first call, 20.000,00 € of the 32.000,00 € granted; 32.000 − 20.000 = 12.000 € stay open.
    on(clock, "2027-05-03")
    auth.login(CLERK)
    too_much = start_step(auth, application_id, "payment", "request_payment", {"amount": "32.000,01"})
    # More than is open is refused as every programme's default rule refuses it (409, the amount kept in the form).
    assert too_much.status_code == 409 and "32.000,01" in too_much.get_data(as_text=True)
    assert "Abgerufen werden können derzeit höchstens 32.000,00 €" in message(too_much)
    auth.logout()
    called(app, auth, application_id, "20.000,00", "", clerk=CLERK, reviewer=REVIEWER)
    executed_by_the_cash_office(app, auth, "03.05.2027", programme=PROGRAMME)
    # 01.10.2027: the rest, 12.000,00 €; a cent more is refused (12.000,01 > 32.000 − 20.000).
    on(clock, "2027-10-01")
    auth.login(CLERK)
    above = start_step(auth, application_id, "payment", "request_payment", {"amount": "12.000,01"})
    assert above.status_code == 409 and "höchstens 12.000,00 €" in message(above)
    auth.logout()
    second = called(app, auth, application_id, "12.000,00", "", clerk=CLERK, reviewer=REVIEWER)
    executed_by_the_cash_office(app, auth, "01.10.2027", programme=PROGRAMME)
    with app.app_context():
        money = case_money(db.session, db.session.get(Application, application_id))
        # Paid 20.000 + 12.000 = 32.000 € = granted; nothing pending, nothing open, nothing claimed.
        assert (money.paid, money.pending, money.open_to_pay, money.claimed) == (
            D("32000.00"),
            D("0.00"),
            D("0.00"),
            D("0.00"),
        )
        exports = db.session.scalars(select(CashExport).order_by(CashExport.id)).all()
        assert [str(export.total) for export in exports] == ["20000.00", "12000.00"]
    auth.login(CLERK)
    payment_notice = document_text(client, documents(app, application_id)["payment_notice"]).replace("\u00a0", " ")
    # The first call's notice: 20.000 € paid of 32.000 €, 32.000 − 20.000 = 12.000 € not yet.
    assert "Auszahlung Nr. 1: 20.000,00 €" in payment_notice
    assert "Ausgezahlt insgesamt 20.000,00 €; noch nicht ausgezahlt 12.000,00 €" in payment_notice
    auth.logout()
    assert newest(app, application_id, "payment").id == second

    # After the project (it ended 31.12.2027; the proof is due three months later): the Sachbericht, then the
    # reviewer's Prüfliste; both points must be ticked.
    on(clock, "2028-02-15")
    proof = newest(app, application_id, "proof_of_use").id
    auth.login(CLERK)
    done = procedure_step(
        auth,
        application_id,
        proof,
        "submit_proof_of_use",
        {"report": "Die Stadthalle ist seit dem 15.12.2027 barrierefrei zugänglich; Schlussrechnung anbei."},
    )
    assert done.status_code == 302, message(done)[:3000]
    auth.logout()
    auth.login(REVIEWER)
    half = procedure_step(auth, application_id, proof, "confirm_proof_of_use", {"checked-0": "y", "comment": ""})
    assert half.status_code == 409 and "Die Schlussrechnung und die Zahlungsbelege liegen vor." in message(half)
    confirmed = procedure_step(
        auth, application_id, proof, "confirm_proof_of_use", {"checked-0": "y", "checked-1": "y", "comment": ""}
    )
    assert confirmed.status_code == 302, message(confirmed)[:3000]
    auth.logout()
    assert newest(app, application_id, "proof_of_use").state == "confirmed"
    auth.login(REVIEWER)  # the Prüfvermerk is the authority's internal note
    note = document_text(client, documents(app, application_id)["proof_check_note"])
    assert "Geprüft am 15.02.2028" in note and "Der Sachbericht beschreibt das fertiggestellte Vorhaben." in note, note
    with app.app_context():
        application = db.session.get(Application, application_id)
        money = case_money(db.session, application)
        # Closed: granted 32.000 € all paid, the use proven, nothing to claim back.
        assert (application.state, str(application.granted_amount), money.outstanding) == (
            "final",
            "32000.00",
            D("0.00"),
        )

"""Ordered payments go to the cash office once: an XLSX list and a SEPA credit transfer (pain.001) that the schema accepts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from io import BytesIO

import openpyxl
from sqlalchemy import func, select

from concurrency import run_at_once
from post_award_steps import final_case, on, ordered
from query_counter import page_statements
from workflow.db import db
from workflow.models import Application, CashExport, Procedure
from workflow.operations.cash_exports import ExportRefused, create_export
from factories import programme

PAIN = "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.03}"


def _ordered_payment(app, clock, amount="5000.00") -> tuple[int, int]:
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        payment = ordered(application_id, clerk, amount)
    return application_id, payment


def test_the_sepa_file_and_the_list_carry_every_ordered_payment_once(app, clock, client, auth):
    application_id, payment = _ordered_payment(app, clock)
    auth.login("referatsleitung")
    page = client.get("/kasse/")
    assert page.status_code == 200 and "5.000,00" in page.get_data(as_text=True)
    assert auth.post("/kasse/", {}, page="/kasse/").status_code == 302
    with app.app_context():
        export = db.session.scalars(select(CashExport)).one()
        root = ET.fromstring(export.sepa_xml)
        transactions = root.findall(f".//{PAIN}CdtTrfTxInf")
        assert len(transactions) == 1
        assert transactions[0].find(f".//{PAIN}InstdAmt").text == "5000.00"
        assert root.find(f".//{PAIN}CtrlSum").text == "5000.00"
        assert root.find(f".//{PAIN}MsgId").text == export.message_id, "stored under the name the cash office sees"
        rows = list(openpyxl.load_workbook(BytesIO(export.xlsx)).active.iter_rows(values_only=True))
        assert rows[1][1] == "Auszahlung 1" and float(rows[1][5]) == 5000.0
        assert db.session.get(Procedure, payment).cash_export_id == export.id
    assert client.get(f"/kasse/{export.id}/sepa.xml").status_code == 200
    again = auth.post("/kasse/", {}, page="/kasse/")
    assert again.status_code == 409 and "keine angeordneten Auszahlungen" in again.get_data(as_text=True)


def test_the_case_page_says_when_a_payment_was_handed_to_the_cash_office(app, clock, client, auth):
    application_id, _ = _ordered_payment(app, clock)
    with app.app_context():
        clerk = db.session.get(Application, application_id).created_by.username
    auth.login(clerk)
    before = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Die Auszahlung ist angeordnet und geht mit der nächsten Datei an die Kasse." in before
    auth.logout()
    auth.login("referatsleitung")
    assert auth.post("/kasse/", {}, page="/kasse/").status_code == 302
    auth.logout()
    auth.login(clerk)
    after = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "An die Kasse übergeben am 01.03.2027." in after and "geht an die Kasse" not in after


def test_the_cash_office_list_costs_the_same_queries_for_one_and_three_payments(app, clock, client, auth):
    _ordered_payment(app, clock)
    auth.login("referatsleitung")
    one, page = page_statements(app, client, "/kasse/")
    assert page.count("Auszahlung 1") == 1
    for _ in range(2):
        _ordered_payment(app, clock)
    three, page = page_statements(app, client, "/kasse/")
    assert page.count("Auszahlung 1") == 3 and three == one


def test_a_clerk_and_a_reviewer_cannot_reach_the_cash_office(app, client, auth):
    for username in ("kommune.tettnang", "pruefung.sued"):
        auth.login(username)
        assert client.get("/kasse/").status_code == 403
        auth.logout()


def test_two_exports_at_once_hand_over_each_payment_once(app, clock):
    _ordered_payment(app, clock)

    counts = []

    def export(session, actor):
        try:
            counts.append(create_export(session, programme(), actor).count)
        except ExportRefused:
            counts.append(0)

    run_at_once(app, [("referatsleitung", export), ("referatsleitung", export)])
    assert sorted(counts) == [0, 1]
    with app.app_context():
        assert db.session.scalar(select(func.count(CashExport.id))) == 1


def test_outside_the_demo_the_example_payer_account_writes_no_sepa_file(app, clock, client, auth):
    _ordered_payment(app, clock)
    app.config["ALLOW_EXAMPLE_PAYER_ACCOUNT"] = False
    auth.login("referatsleitung")
    refused = auth.post("/kasse/", {}, page="/kasse/")
    assert refused.status_code == 409 and "Beispielkonto" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CashExport)) == 0

"""After the grant of a VwV-Integration (Teilhabe) project, through HTTP: the Mittelabruf by the need of the next two
months (Nr. 1.4 ANBest), payment by the cash office, the Verwendungsnachweis with a Belegliste, and the
Schlussfestsetzung by Nr. 2 ANBest-P/ANBest-K with its claim – every figure computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from http_steps import document_text, documents
from post_award_steps import enter_sample_base_rates, on
from sweeping import sweep
from teilhabe_steps import (
    CLERK,
    REVIEWER,
    called,
    claim_terms,
    executed_by_the_cash_office,
    granted_project,
    message,
    newest,
    procedure_step,
    receipts,
    settlement_signed,
    start_step,
    state_and_grant,
)
from workflow.db import db
from workflow.operations.base_rates import add_rate
from workflow.workflows.post_award.accounts import case_money
from workflow.models import Application

PROOF = {
    "report": "Zwölf Elternmentorinnen haben an vier Grundschulen 86 Familien begleitet.",
    # Honorare 9.000 + 11.000 = 20.000 € (recognised 24.000 €), Sachkosten 8.000 + 6.000 = 14.000 € (recognised
    # 16.000 €): 34.000 € of eligible costs, every receipt paid within the project (01.03.2027–28.02.2029).
    **receipts(
        ("honorare", "Honorare der Elternmentorinnen 2027", "9.000,00", "15.12.2027"),
        ("honorare", "Honorare der Elternmentorinnen 2028", "11.000,00", "15.12.2028"),
        ("sachkosten", "Raummiete 2027 und 2028", "8.000,00", "30.06.2028"),
        ("sachkosten", "Material und Dolmetschen", "6.000,00", "31.01.2029"),
    ),
    "own_funds": "12.000,00",
    "third_party_funds": "4.000,00",
}


def test_a_project_calls_its_grant_by_need_and_repays_what_lower_costs_leave_over(app, clock, client, auth):
    application_id = granted_project(client, auth)
    assert state_and_grant(app, application_id) == ("granted", "24000.00")
    # Made final by time: the Bescheid of 25.11.2026 counts as notified on 28.11.2026, the month for an action ends on
    # Monday 28.12.2026; the sweep of 04.01.2027 finds it final.
    on(clock, "2027-01-04")
    sweep(app)
    assert state_and_grant(app, application_id)[0] == "final"
    with app.app_context():
        enter_sample_base_rates()  # test values: 1,27 % from 2027, 1,77 % from 1.7.2027, 2,00 % from 2028
        for valid_from, rate in ((date(2028, 7, 1), "2.10"), (date(2029, 1, 1), "2.20")):
            add_rate(db.session, valid_from, D(rate), "Testwert", "test")
        db.session.commit()

    # 01.03.2027: 20.000 € of eligible expenses fall due in the next two months; the grant's part is 60 % = 12.000 €.
    on(clock, "2027-03-01")
    auth.login(CLERK)
    case_page = client.get(f"/antraege/{application_id}")
    assert case_page.status_code == 200
    assert (
        "Heute abrufbar: 24.000,00 € – höchstens 60 % der zuwendungsfähigen Ausgaben, die in den nächsten 2 Monaten "
        "fällig werden"
    ) in message(case_page)
    too_much = start_step(
        auth, application_id, "payment", "request_payment", {"amount": "12.000,01", "expected": "20.000,00"}
    )
    assert too_much.status_code == 422
    assert "Abgerufen werden können höchstens 12.000,00 €" in message(too_much)
    assert "nächsten zwei Monate von 20.000,00 €" in message(too_much)
    auth.logout()
    called(app, auth, application_id, "12.000,00", "20.000,00")
    executed_by_the_cash_office(app, auth, "01.03.2027")

    # 01.09.2027: 30.000 € fall due (60 % = 18.000 €), but only 24.000 − 12.000 = 12.000 € of the grant are open.
    on(clock, "2027-09-01")
    auth.login(CLERK)
    above_grant = start_step(
        auth, application_id, "payment", "request_payment", {"amount": "13.000,00", "expected": "30.000,00"}
    )
    assert above_grant.status_code == 422 and "höchstens 12.000,00 €" in message(above_grant)
    no_need = start_step(auth, application_id, "payment", "request_payment", {"amount": "12.000,00", "expected": ""})
    assert no_need.status_code == 422 and "Bitte geben Sie die fälligen Ausgaben an." in message(no_need)
    auth.logout()
    called(app, auth, application_id, "12.000,00", "20.000,00")
    executed_by_the_cash_office(app, auth, "01.09.2027")
    with app.app_context():
        money = case_money(db.session, db.session.get(Application, application_id))
        assert (money.paid, money.pending, money.open_to_pay) == (D("24000.00"), D("0.00"), D("0.00"))

    # The Verwendungsnachweis after the project (it ended 28.02.2029). A receipt before the project is refused.
    on(clock, "2029-03-20")
    proof = newest(app, application_id, "proof_of_use").id
    auth.login(CLERK)
    early = procedure_step(
        auth, application_id, proof, "submit_proof_of_use", {**PROOF, "receipts-0-paid_on": "15.02.2027"}
    )
    assert early.status_code == 422
    assert "Beleg 1: Bezahlt am 15.02.2027 liegt außerhalb des Bewilligungszeitraums" in message(early)
    done = procedure_step(auth, application_id, proof, "submit_proof_of_use", PROOF)
    assert done.status_code == 302, message(done)[:3000]
    auth.logout()

    # Friday 13.04.2029: the reviewer accepts the proof. By Nr. 2 ANBest with Anteilfinanzierung the financing improved
    # by 40.000 − 34.000 = 6.000 € (third-party funds as planned, own funds left out): final grant 60 % × 34.000 €
    # = 20.400,00 €; paid 12.000 + 12.000 = 24.000 €, so 24.000 − 20.400 = 3.600,00 € are repaid.
    on(clock, "2029-04-13")
    auth.login(REVIEWER)
    page = client.get(f"/antraege/{application_id}/vorgaenge/{proof}/settle_proof_of_use").get_data(as_text=True)
    assert "Belegliste" in page and "Raummiete 2027 und 2028" in page
    assert f"/vorgaenge/{proof}/confirm_proof_of_use" not in client.get(f"/antraege/{application_id}").get_data(
        as_text=True
    )
    # Zwischenzinsen (§ 49a Abs. 4 LVwVfG): the grant is spent with the other funds in proportion (Nr. 1.4 ANBest),
    # 20.400 / 34.000 = 60 % of each receipt on the day it was paid, oldest payment first (P1 = 12.000 € of
    # 01.03.2027, P2 = 12.000 € of 01.09.2027); every piece is used more than two months after its payout. Interest at
    # base + 5 points from payout to the day of use, by year and rate (2028 has 366 days):
    #   5.400 of P1 to 15.12.2027: 122 d × 6,27 % /365 = 113,17 + 167 d × 6,77 % = 167,27           →  280,44
    #   4.800 of P1 to 30.06.2028: 100,59 (122 d 6,27 %) + 163,82 (184 d 6,77 %) + 166,16 (181 d 7,00 % /366) →  430,57
    #   1.800 of P1 to 15.12.2028: 37,72 + 61,43 + 62,66 (182 d 7,00 %) + 58,31 (167 d 7,10 %)      →  220,12
    #   4.800 of P2 to 15.12.2028: 108,62 (122 d 6,77 %) + 167,08 (182 d 7,00 %) + 155,50 (167 d 7,10 %) → 431,20
    #   3.600 of P2 to 31.01.2029: 81,46 + 125,31 + 128,50 (184 d 7,10 %) + 21,30 (30 d 7,20 % /365)  →  356,57
    # together 1.718,90 €. The reviewer must decide on them, with reasons.
    checked = {f"checked-{index}": "y" for index in range(4)}
    assert "Zwischenzinsen (§ 49a Abs. 4 LVwVfG), berechnet: 1.718,90 €" in message(
        client.get(f"/antraege/{application_id}/vorgaenge/{proof}/settle_proof_of_use")
    )
    undecided = procedure_step(auth, application_id, proof, "settle_proof_of_use", checked)
    assert undecided.status_code == 422 and "Zwischenzinsen von 1.718,90 €" in message(undecided)
    demanded = {
        **checked,
        "interim_decision": "demand",
        "interim_reasons": "Die Mittel wurden je Abruf für das ganze Jahr statt für zwei Monate angefordert.",
    }
    settled = procedure_step(auth, application_id, proof, "settle_proof_of_use", demanded)
    assert settled.status_code == 302, message(settled)[:3000]
    assert state_and_grant(app, application_id) == ("final", "24000.00")  # fixed only when signed
    settlement_signed(auth, application_id, proof)
    assert state_and_grant(app, application_id) == ("final", "20400.00")
    assert newest(app, application_id, "proof_of_use").state == "settled"

    # The claim: principal 3.600,00 €, taken from the latest payment (executed 01.09.2027). The Bescheid counts as
    # notified on Monday 16.04.2029 (three days), the 30 days of the Erstattungsfrist end on Wednesday 16.05.2029.
    # Interest from the day the grant stood reduced – the project's end, 28.02.2029 (later than the payment) –
    # at 2,20 + 5 = 7,20 % (test value) for the 77 days after it up to the due day (31 − 28 of February … 16 of May:
    # 0 + 31 + 30 + 16): 3.600 × 0,072 × 77 / 365 = 54,6805… → 54,68 €; with the principal 3.654,68 €.
    assert claim_terms(app, application_id) == ("open", D("3600.00"), "2029-05-16", [("3600.00", "2029-02-28")])
    assert newest(app, application_id, "proof_of_use").data["interest_to_due"] == "54.68"
    assert newest(app, application_id, "proof_of_use").data["interim_interest_demanded"] == "1718.90"

    auth.login(CLERK)  # the recipient sees the claim on its case page and reads its Schlussbescheid
    case_page = client.get(f"/antraege/{application_id}")
    assert case_page.status_code == 200 and "Schlussbescheid" in message(case_page)
    notice = document_text(client, documents(app, application_id)["final_notice"]).replace("\u00a0", " ")
    for sentence in (
        "Die Zuwendung für das Projekt „Elternmentorinnen an Grundschulen“ wird endgültig auf 20.400,00 € festgesetzt",
        "höchstens 24.000,00 €",
        "Nr. 2 der Nebenbestimmungen (Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung an kommunale "
        "Körperschaften (ANBest-K))",
        "§ 49 Abs. 3 Satz 1 Nr. 1 LVwVfG mit Wirkung vom 28.02.2029 widerrufen",
        "2. Ausgezahlt sind 24.000,00 €. Zu erstatten sind nach § 49a Abs. 1 LVwVfG 3.600,00 €.",
        "nach § 49a Abs. 3 LVwVfG mit fünf Prozentpunkten über dem Basiszinssatz",
        "bis zum 16.05.2029",
        "tatsächliche Ausgaben von 34.000,00 € nach; davon sind 34.000,00 € zuwendungsfähig",
        "Der Bescheid hatte 40.000,00 € anerkannt.",
        "Die Zuwendung beträgt damit 60 % × 34.000,00 € = 20.400,00 €",
        "Anteilfinanzierung in Höhe von 60 %",
        "Bis zum Fälligkeitstag betragen die Zinsen 54,68 €",
        "Erstattungsbetrag und Zinsen, zusammen 3.654,68 €",
        "§ 28 Abs. 2 Nr. 3 LVwVfG",
        "nach § 49a Abs. 4 LVwVfG Zinsen von 1.718,90 € festgesetzt (Berechnung unter IV.). Zu zahlen sind damit "
        "insgesamt 5.373,58 € bis zum 16.05.2029",
        "jeder Beleg gilt am Tag seiner Zahlung zu dem Anteil als aus der Zuwendung bezahlt",
        "Die Zinsen werden verlangt, weil:",
        "IV. Zwischenzinsen",
        "5.400,00 €, ausgezahlt am 01.03.2027, verwendet am 15.12.2027: 122 Tage zu 6,27 % und 167 Tage zu 6,77 % "
        "= 280,44 €",
        "Zwischenzinsen zusammen: 1.718,90 €",
    ):
        assert sentence in notice, sentence

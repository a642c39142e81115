"""The Schlussfestsetzung of staff positions, through HTTP where a person acts: the proof of use declares what each
position was staffed and cost, the reviewer sees it against the books and the grant, and the Schlussbescheid fixes
the grant, claims the difference with interest from the payouts, and decides on Zwischenzinsen – figures by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from application_data import position, single_application
from factories import in_state, waive
from http_steps import document_text, documents
from post_award_steps import (
    case,
    claim_of,
    documents_of,
    enter_budget_years,
    enter_sample_base_rates,
    final_case,
    letter_text,
    on,
    paid,
    procedure,
    step,
)
from teilhabe_steps import message, newest, procedure_step, settlement_signed, state_and_grant
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.formatting import euro
from workflow.money.interest import PublishedRate
from workflow.operations.base_rates import add_rate
from workflow.workflows.post_award.interim_interest import late_uses, total
from workflow.workflows.post_award.staff_settlement import Part, portions

REVIEWER = "pruefung.sued"
# Each quarter's payment: 3 months of a half and a quarter position (58.000 € and 29.000 € for 24 months):
# 3 × (2.416,66… + 1.208,33…) = 10.875 €.
QUARTERS = (
    "2027-03-01",
    "2027-06-01",
    "2027-09-01",
    "2027-12-01",
    "2028-03-01",
    "2028-06-01",
    "2028-09-01",
    "2028-12-01",
)
FIGURES = {"figures-0-persons": "41", "figures-0-plans_written": "30", "figures-0-plans_updated": "20"}
FIGURES |= {key.replace("-0-", "-1-"): value for key, value in FIGURES.items()}


def _two_positions_paid_in_full(app, clock) -> tuple[int, str]:
    """A half and a quarter position (category a, from 01.03.2027 for 24 months: 58.000 € and 29.000 €, 87.000 € in
    all), final, and paid quarterly in advance: 8 × 10.875 € = 87.000 €, each executed on its quarter's first day."""
    data = single_application(**position(1, "Ben Muster", "a", "0,25"))
    application_id, clerk = in_state(app, "granted", data=data)
    with app.app_context():
        waive(application_id, clerk)
        enter_budget_years(2028)
        enter_sample_base_rates()  # test values: 1,27 % from 2027, 1,77 % from 1.7.2027, 2,00 % from 2028
        for valid_from, rate in ((date(2028, 7, 1), "2.10"), (date(2029, 1, 1), "2.20")):
            add_rate(db.session, valid_from, D(rate), "Testwert", "test")
        db.session.commit()
        for day in QUARTERS:
            on(clock, day)
            paid(application_id, clerk, "10875.00")
    assert state_and_grant(app, application_id) == ("final", "87000.00")
    return application_id, clerk


def _proof(vacant: str = "", months: str = "24", received: str = "29.000,00") -> dict[str, str]:
    return {
        "report": "Zwei Integrationsmanagerinnen haben 82 Personen begleitet.",
        "positions-0-months": "24",
        "positions-0-vacancies": "",
        "positions-0-fte": "0,5",
        "positions-0-received": "58.000,00",
        "positions-0-costs": "61.200,00",
        "positions-1-months": months,
        "positions-1-vacancies": vacant,
        "positions-1-fte": "0,25",
        "positions-1-received": received,
        "positions-1-costs": "26.150,00",
        **FIGURES,
    }


def test_a_vacancy_not_reported_is_repaid_with_interest_from_the_latest_payout(app, clock, client, auth):
    application_id, clerk = _two_positions_paid_in_full(app, clock)
    proof = newest(app, application_id, "proof_of_use").id

    # Before the funding period has passed (last funded day 28.02.2029) no proof of use is taken.
    on(clock, "2029-02-28")
    auth.login(clerk)
    early = procedure_step(auth, application_id, proof, "submit_proof_of_use", _proof())
    assert early.status_code == 409 and "letzte geförderte Tag ist der 28.02.2029" in message(early)

    # Position 2 was not staffed from 01.04.2028 to 30.06.2028; no change was reported. Declaring 21 months without
    # saying when is refused, as is a vacancy outside the funding period; nothing typed is lost.
    auth.logout()
    on(clock, "2029-03-20")
    auth.login(clerk)
    silent = procedure_step(auth, application_id, proof, "submit_proof_of_use", _proof(months="21"))
    assert silent.status_code == 422
    assert "Stelle 2: Sie geben 21,0 besetzte Monate an; nach den angegebenen Vakanzen sind es 24,0" in message(silent)
    assert "Zwei Integrationsmanagerinnen haben 82 Personen begleitet." in silent.get_data(as_text=True)
    outside = procedure_step(
        auth, application_id, proof, "submit_proof_of_use", _proof("01.01.2027 – 31.03.2027", "21")
    )
    assert outside.status_code == 422 and "liegt nicht im Förderzeitraum der Stelle" in message(outside)
    done = procedure_step(auth, application_id, proof, "submit_proof_of_use", _proof("01.04.2028 – 30.06.2028", "21"))
    assert done.status_code == 302, message(done)[:3000]
    auth.logout()

    # The reviewer sees declared, paid and granted per position. Position 2's Festbetrag per month is 29.000 / 24 =
    # 1.208,33 €; it comes to 29.000 − 3 × 1.208,33… = 25.375,00 € (its costs of 26.150 € are above that: no cut, the
    # Festbetrag rule of Nr. 2 ANBest-K as the Bescheid applies it); position 1 stays 58.000 € (costs 61.200 €).
    # Final grant 83.375,00 €; paid 87.000 €, so 3.625,00 € are repaid.
    on(clock, "2029-04-13")
    auth.login(REVIEWER)
    page = message(client.get(f"/antraege/{application_id}/vorgaenge/{proof}/settle_proof_of_use"))
    for shown in (
        "Abgleich je Stelle: bewilligt, erklärt, ausgezahlt",
        "2: Ben Muster 29.000,00 € für 24,0 Monate (je Monat rund 1.208,33 €) 21,0 Monate; nicht besetzt: 01.04.2028 – 30.06.2028 "
        "26.150,00 € 25.375,00 € 29.000,00 € / 29.000,00 €",
        "Ausgezahlt (Buchung der Bewilligungsstelle): 87.000,00 €; im Nachweis als erhalten erklärt: 87.000,00 €.",
        "nach Schlussfestsetzung 83.375,00 €; zu erstatten 3.625,00 €",
        "Zwischenzinsen (§ 49a Abs. 4 LVwVfG), berechnet:",
    ):
        assert shown in page, shown
    checked = {f"checked-{index}": "y" for index in range(4)}
    undecided = procedure_step(auth, application_id, proof, "settle_proof_of_use", checked)
    assert undecided.status_code == 422 and "Bitte entscheiden Sie, ob sie verlangt werden" in message(undecided)
    waived = {**checked, "interim_decision": "waive", "interim_reasons": "Die Vakanz war krankheitsbedingt."}
    proposed = procedure_step(auth, application_id, proof, "settle_proof_of_use", waived)
    assert proposed.status_code == 302, message(proposed)[:3000]
    # Proposed, not yet fixed: nothing changes before a second person signs, and the reviewer may not sign it.
    assert newest(app, application_id, "proof_of_use").state == "settlement_proposed"
    assert state_and_grant(app, application_id) == ("final", "87000.00")
    assert procedure_step(auth, application_id, proof, "sign_settlement").status_code == 403
    auth.logout()
    auth.login("zeichnung")  # the approvers' inbox offers the signature
    inbox = message(client.get("/aufgaben"))
    assert "Schlussbescheid zeichnen" in inbox
    settlement_signed(auth, application_id, proof)
    assert state_and_grant(app, application_id) == ("final", "83375.00")

    # The claim: 3.625,00 € from the latest payment (10.875 € executed 01.12.2028, after the first vacant day
    # 01.04.2028), interest from 01.12.2028. Notified Monday 16.04.2029, due 30 days later: Wednesday 16.05.2029.
    #   01.12.2028–31.12.2028: 31 days at 2,10 + 5 = 7,10 % / 366: 3.625 × 0,071 × 31 / 366 = 21,7995… → 21,80 €
    #   01.01.2029–15.05.2029: 135 days at 2,20 + 5 = 7,20 % / 365: 3.625 × 0,072 × 135 / 365 = 96,5342… → 96,53 €
    # together 118,33 €; with the principal 3.743,33 €.
    claim = newest(app, application_id, "claim")
    assert (claim.state, claim.amount, claim.data["due_on"]) == ("open", D("3625.00"), "2029-05-16")
    assert [(p["amount"], p["start"]) for p in claim.data["portions"]] == [("3625.00", "2028-12-01")]
    assert claim.data["interim_interest"] == "0.00"
    assert newest(app, application_id, "proof_of_use").data["interest_to_due"] == "118.33"

    auth.login(clerk)
    notice = document_text(client, documents(app, application_id)["final_notice"]).replace("\u00a0", " ")
    for sentence in (
        "Die Zuwendung wird endgültig auf 83.375,00 € festgesetzt (Schlussfestsetzung).",
        "und seinen Änderungen 87.000,00 €",
        "2. Ausgezahlt sind 87.000,00 €. Zu erstatten sind nach § 49a Abs. 1 LVwVfG 3.625,00 €.",
        "Bis zum Fälligkeitstag betragen die Zinsen 118,33 €",
        "Zu zahlen sind insgesamt 3.743,33 € bis zum 16.05.2029",
        "Stelle 2 (Ben Muster): Festbetrag je Monat 1.208,33 €, gefördert 24,0 Monate, bewilligt 29.000,00 €; besetzt "
        "21,0 Monate (nicht besetzt: 01.04.2028 – 30.06.2028), Festbetrag für die besetzte Zeit 25.375,00 €",
        "Von diesen Zinsen wird abgesehen, weil:",
        "Die Vakanz war krankheitsbedingt.",
        "§ 28 Abs. 2 Nr. 3 LVwVfG",
    ):
        assert sentence in notice, sentence
    assert "IV. Zwischenzinsen" not in notice


def test_the_amounts_cannot_be_confirmed_when_the_proof_declares_more_than_was_paid(app, clock, client, auth):
    application_id, clerk = _two_positions_paid_in_full(app, clock)
    proof = newest(app, application_id, "proof_of_use").id
    on(clock, "2029-03-20")
    auth.login(clerk)
    # Declared received 58.000 + 24.000 = 82.000 €, while 87.000 € were paid.
    done = procedure_step(auth, application_id, proof, "submit_proof_of_use", _proof(received="24.000,00"))
    assert done.status_code == 302, message(done)[:3000]
    auth.logout()
    auth.login(REVIEWER)
    all_checked = {f"checked-{index}": "y" for index in range(4)}
    claimed = {**all_checked, "interim_decision": "waive", "interim_reasons": "Geringfügig."}
    refused = procedure_step(auth, application_id, proof, "settle_proof_of_use", claimed)
    assert refused.status_code == 409
    assert (
        "„Die ausgezahlten Beträge stimmen mit der Buchung der Bewilligungsstelle überein.“ trifft nicht zu: im "
        "Nachweis als erhalten erklärt 82.000,00 €, ausgezahlt sind laut Buchung 87.000,00 €"
    ) in message(refused)
    unexplained = {key: value for key, value in claimed.items() if key != "checked-2"}
    missing = procedure_step(auth, application_id, proof, "settle_proof_of_use", unexplained)
    assert missing.status_code == 409 and "Vermerk zur Abweichung der Beträge" in message(missing)
    explained = {**unexplained, "comment": "Der Träger hat eine Rate nicht verbucht; maßgeblich ist die Buchung."}
    settled = procedure_step(auth, application_id, proof, "settle_proof_of_use", explained)
    assert settled.status_code == 302, message(settled)[:3000]
    settlement_signed(auth, application_id, proof)
    assert newest(app, application_id, "proof_of_use").data["check"]["remark"].startswith("Der Träger hat")


def test_lower_costs_cut_a_festbetrag_only_below_it_and_each_part_bears_interest_from_its_own_day():
    # Position 1: costs 57.000 € below its Festbetrag of 58.000 €: 1.000 € less, from the end of its period
    # (28.02.2029). Position 2: vacant 01.04.2028–30.06.2028: 7.250 € less from 01.04.2028. Paid: 8 × 14.500 €.
    # The latest part goes with the latest payment: 1.000 € of the payment of 01.12.2028 from 28.02.2029; the
    # vacancy's 7.250 € from the rest of that payment (13.500 €), from its payout 01.12.2028.
    parts = [Part(D("7250.00"), date(2028, 4, 1), "vacancy"), Part(D("1000.00"), date(2029, 2, 28), "costs")]
    payments = [(D("14500.00"), date.fromisoformat(day), number) for number, day in enumerate(QUARTERS, start=1)]
    pieces = portions(parts, list(reversed(payments)), D("0"), date(2026, 11, 25))
    assert pieces == [
        {"amount": "1000.00", "start": "2029-02-28", "payment_id": 8},
        {"amount": "7250.00", "start": "2028-12-01", "payment_id": 8},
    ]
    # An earlier claim took 14.000 € of the latest payments already: the 8.250 € start in the payment of 01.12.2028
    # with its last 500 €, then the payment of 01.09.2028.
    later = portions(parts, list(reversed(payments)), D("14000.00"), date(2026, 11, 25))
    assert later == [
        {"amount": "500.00", "start": "2029-02-28", "payment_id": 8},
        {"amount": "500.00", "start": "2029-02-28", "payment_id": 7},
        {"amount": "7250.00", "start": "2028-09-01", "payment_id": 7},
    ]


RATES = [PublishedRate(date(2027, 1, 1), D("1.27")), PublishedRate(date(2027, 7, 1), D("1.77"))]


def test_money_used_more_than_two_months_after_its_payout_bears_zwischenzinsen_until_it_is_used():
    # 7.250 € paid on 01.03.2027 for March, April and May (2.416,67 + 2.416,66 + 2.416,67 €, each used on the month's
    # Zahltag, its last day). March and April are used within two months (by 01.05.2027); May's 2.416,67 € are used on
    # 31.05.2027: 91 days from 01.03.2027 at 1,27 + 5 = 6,27 % / 365: 2.416,67 × 0,0627 × 91 / 365 = 37,7774… → 37,78 €.
    uses = [(date(2027, 3, 31), D("2416.67")), (date(2027, 4, 30), D("2416.66")), (date(2027, 5, 31), D("2416.67"))]
    found = late_uses([(date(2027, 3, 1), D("7250.00"))], uses, 2, RATES)
    assert [(late.amount, late.paid_on, late.used_on, late.interest) for late in found] == [
        (D("2416.67"), date(2027, 3, 1), date(2027, 5, 31), D("37.78"))
    ]
    # Two payments, first in first out: 3.000 € on 01.03.2027 and 3.000 € on 01.04.2027; uses of 2.000 € on
    # 30.04.2027, 2.000 € on 31.05.2027 and 2.000 € on 31.07.2027.
    #   1st use: 2.000 of the March payment, in time.
    #   2nd use: 1.000 of the March payment on 31.05.2027, late (after 01.05.2027): 91 days at 6,27 %:
    #            1.000 × 0,0627 × 91 / 365 = 15,6323… → 15,63 €; 1.000 of the April payment, in time (by 01.06.2027).
    #   3rd use: 2.000 of the April payment on 31.07.2027, late (after 01.06.2027): 01.04.–30.06.2027 91 days at
    #            6,27 %: 2.000 × 0,0627 × 91 / 365 = 31,2647… → 31,26 €; 01.07.–30.07.2027 30 days at 1,77 + 5 =
    #            6,77 %: 2.000 × 0,0677 × 30 / 365 = 11,1287… → 11,13 €.
    # Together 15,63 + 31,26 + 11,13 = 58,02 €.
    found = late_uses(
        [(date(2027, 3, 1), D("3000.00")), (date(2027, 4, 1), D("3000.00"))],
        [(date(2027, 4, 30), D("2000.00")), (date(2027, 5, 31), D("2000.00")), (date(2027, 7, 31), D("2000.00"))],
        2,
        RATES,
    )
    assert [late.interest for late in found] == [D("15.63"), D("42.39")]
    assert total(found) == D("58.02")


def test_zwischenzinsen_demanded_become_an_interest_claim_paid_before_any_principal(app, clock):
    # One half position (58.000 € for 24 months from 01.03.2027), of which only 7.250 € were called, on 01.03.2027,
    # for March to May. May's 2.416,67 € were used on 31.05.2027, more than two months after the payout: 37,78 € of
    # Zwischenzinsen (the second oracle above). Nothing is repaid: 58.000 € are fixed, 50.750 € are still to pay out.
    application_id, clerk = final_case(app)
    with app.app_context():
        enter_sample_base_rates()
        on(clock, "2027-03-01")
        paid(application_id, clerk, "7250.00")
        proof = next(p for p in case(application_id).procedures if p.kind == "proof_of_use").id
        on(clock, "2029-03-20")
        row = {"months": "24", "fte": "0,5", "received": "7250.00", "costs": "60000.00", "vacancies": ""}
        figures = {"persons": "41", "plans_written": "38", "plans_updated": "55"}
        step(
            application_id,
            proof,
            "submit_proof_of_use",
            clerk,
            report="Bericht.",
            positions=[{**row, "figures": figures}],
        )
        on(clock, "2029-04-13")
        with pytest.raises(TransitionRefused, match="Zwischenzinsen von 37,78\u00a0€"):
            step(application_id, proof, "settle_proof_of_use", "pruefung.sued", checked=[0, 1, 2, 3])
        step(
            application_id,
            proof,
            "settle_proof_of_use",
            "pruefung.sued",
            checked=[0, 1, 2, 3],
            interim_decision="demand",
            interim_reasons="Die Mittel für Mai wurden ohne Bedarf drei Monate im Voraus abgerufen.",
        )
        step(application_id, proof, "sign_settlement", "zeichnung")
        assert (case(application_id).granted_amount, procedure(proof).state) == (D("58000.00"), "settled")
        claim = procedure(claim_of(application_id))
        assert (claim.amount, claim.data["interim_interest"], claim.data["due_on"]) == (
            D("0.00"),
            "37.78",
            "2029-05-16",
        )
        on(clock, "2029-04-20")
        # A receipt of 30 € pays interest only (§ 367 BGB: interest before principal), the rest settles the claim.
        step(application_id, claim.id, "book_receipt", "pruefung.sued", received_on="20.04.2029", amount="30.00")
        assert procedure(claim.id).receipts[0].to_interest == D("30.00")
        step(application_id, claim.id, "book_receipt", "pruefung.sued", received_on="20.04.2029", amount="7.78")
        assert procedure(claim.id).state == "settled"
        notice = letter_text(documents_of(application_id, "final_notice")[0])
    for sentence in (
        "2. Ausgezahlt sind 7.250,00 €; das ist nicht mehr als die festgesetzte Zuwendung. Zu erstatten ist nichts.",
        "Noch nicht ausgezahlt sind 50.750,00 €",
        "nach § 49a Abs. 4 LVwVfG Zinsen von 37,78 € festgesetzt",
        "Zu zahlen sind insgesamt 37,78 € bis zum 16.05.2029",
        "Die Zinsen werden verlangt, weil:",
        "2.416,67 €, ausgezahlt am 01.03.2027, verwendet am 31.05.2027: 91 Tage zu 6,27 % = 37,78 €",
    ):
        assert sentence in notice, sentence
    assert "III. Zinsberechnung" not in notice


def test_a_proof_that_changes_nothing_is_confirmed_and_the_schlussbescheid_is_not_needed(app, clock):
    # Nothing paid, 24 months staffed, costs above the Festbetrag: the grant stands, nothing late, nothing to fix.
    application_id, clerk = final_case(app)
    with app.app_context():
        proof = next(p for p in case(application_id).procedures if p.kind == "proof_of_use").id
        on(clock, "2029-03-01")
        row = {"months": "24", "fte": "0,5", "received": "0", "costs": "60000.00", "vacancies": ""}
        figures = {"persons": "41", "plans_written": "38", "plans_updated": "55"}
        step(
            application_id,
            proof,
            "submit_proof_of_use",
            clerk,
            report="Bericht.",
            positions=[{**row, "figures": figures}],
        )
        with pytest.raises(TransitionRefused, match="nicht vorgesehen"):
            step(application_id, proof, "settle_proof_of_use", "pruefung.sued", checked=[0, 1, 2, 3])
        step(application_id, proof, "confirm_proof_of_use", "pruefung.sued", checked=[0, 1, 2, 3])
        assert procedure(proof).state == "confirmed"


def test_the_integrationsbeauftragte_schlussbescheid_says_nothing_is_repaid_and_closes_the_case(app, clock):
    # Calendar year 2028: Selin Arslan (0,5 VZÄ from 01.01.2028) and Jonas Weber (0,5 VZÄ from 01.04.2028); nothing
    # paid yet. Selin's position was vacant 01.07.–30.09.2028: 3 of her 12 months, so her Festbetrag falls by a quarter.
    application_id, clerk = final_case(app, code="integrationsbeauftragte")
    with app.app_context():
        rulings = case(application_id).signed_proposal.rulings
        selin, granted = rulings[0].amount, case(application_id).granted_amount
        proof = next(p for p in case(application_id).procedures if p.kind == "proof_of_use").id
        on(clock, "2029-01-15")
        figures = {"projects": "4", "network_meetings": "9"}
        rows = [
            {"months": "9", "fte": "0,5", "received": "0", "costs": "30000.00", "vacancies": "01.07.2028 – 30.09.2028"},
            {"months": "9", "fte": "0,5", "received": "0", "costs": "30000.00", "vacancies": ""},
        ]
        positions = [{**row, "figures": figures} for row in rows]
        step(application_id, proof, "submit_proof_of_use", clerk, report="Ein Jahr Koordination.", positions=positions)
        step(application_id, proof, "settle_proof_of_use", "pruefung.sued", checked=[0, 1, 2, 3])
        step(application_id, proof, "sign_settlement", "zeichnung")
        final = granted - (selin * 3 / 12).quantize(D("0.01"))
        assert case(application_id).granted_amount == final
        assert [p.kind for p in case(application_id).procedures].count("claim") == 0
        notice = letter_text(documents_of(application_id, "final_notice")[0])
    for sentence in (
        f"Die Zuwendung wird endgültig auf {euro(final)} festgesetzt",
        "2. Ausgezahlt sind 0,00 €; das ist nicht mehr als die festgesetzte Zuwendung. Zu erstatten ist nichts.",
        f"Noch nicht ausgezahlt sind {euro(final)}",
        "Mit diesem Bescheid ist das Zuwendungsverfahren abgeschlossen.",
        "(nicht besetzt: 01.07.2028 – 30.09.2028)",
    ):
        assert sentence.replace("\u00a0", " ") in notice, sentence


def test_a_payment_executed_after_the_proposal_sends_the_schlussbescheid_back_before_it_is_signed(app, clock):
    # One half position (58.000 € from 01.03.2027), vacant 01.04.–30.06.2028 and nothing paid: the reviewer proposes
    # 58.000 − 3 × 2.416,66… = 50.750,00 € with nothing to repay. Before the signature 55.000 € are paid out; 4.250,00 €
    # would now be repaid, which the proposal does not say: the approver is refused and returns it.
    application_id, clerk = final_case(app)
    with app.app_context():
        enter_sample_base_rates()
        enter_budget_years(2029)
        proof = next(p for p in case(application_id).procedures if p.kind == "proof_of_use").id
        on(clock, "2029-03-20")
        row = {
            "months": "21",
            "fte": "0,5",
            "received": "0",
            "costs": "60000.00",
            "vacancies": "01.04.2028 – 30.06.2028",
        }
        figures = {"persons": "41", "plans_written": "38", "plans_updated": "55"}
        step(
            application_id,
            proof,
            "submit_proof_of_use",
            clerk,
            report="Bericht.",
            positions=[{**row, "figures": figures}],
        )
        step(application_id, proof, "settle_proof_of_use", "pruefung.sued", checked=[0, 1, 2, 3])
        assert procedure(proof).data["proposed_settlement"]["final_grant"] == "50750.00"
        paid(application_id, clerk, "55000.00")
        with pytest.raises(TransitionRefused, match="zu erstatten jetzt 4.250,00\u00a0€ statt 0,00\u00a0€") as refused:
            step(application_id, proof, "sign_settlement", "zeichnung")
        assert refused.value.status == 409
        step(application_id, proof, "return_settlement", "zeichnung", comment="Seither ausgezahlt.")
        assert (procedure(proof).state, "proposed_settlement" in procedure(proof).data) == ("submitted", False)
        assert case(application_id).granted_amount == D("58000.00")

"""After the Bescheid: payments, a change, the proof of use and a revocation with interest, against hand-computed figures.

The case: Integrationsmanagement, one position of 0,5 VZÄ from 01.03.2027 to 28.02.2029 (24 months), granted
58.000,00 €, so 2.416,67 € a month (58.000 / 24 = 2.416,666…). A part month counts by its days, 30 to a month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from post_award_steps import (
    proposed_change,
    case,
    documents_of,
    enter_sample_base_rates,
    executed,
    final_case,
    letter_text,
    on,
    paid,
    procedure,
    proposed_revocation,
    start,
    step,
)
from query_counter import page_statements
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.models import Deadline
from workflow.operations.sweep import run_sweep
from workflow.workflows.post_award.accounts import case_money

D = Decimal


def _paid(app, clock, application_id, clerk, amount="5000.00", day="2027-03-01") -> int:
    on(clock, day)
    return paid(application_id, clerk, amount)


def test_a_request_is_limited_to_what_falls_due_within_the_horizon(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        # Up to 01.06.2027 (3 months ahead): 3 months and 1 day = 3 + 1/30 months × 2.416,666… = 7.330,56 €.
        with pytest.raises(TransitionRefused, match="höchstens 7.330,56\u00a0€"):
            start(application_id, "payment", "request_payment", clerk, amount="7330.57")
        payment = start(application_id, "payment", "request_payment", clerk, amount="7330.56")
        assert procedure(payment).state == "requested" and procedure(payment).budget_year == 2027
        # What is on its way counts: nothing more can be requested today.
        with pytest.raises(TransitionRefused, match="höchstens 0,00\u00a0€"):
            start(application_id, "payment", "request_payment", clerk, amount="0.01")


def test_a_payment_needs_two_different_people_and_yields_a_payment_notice(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        payment = start(application_id, "payment", "request_payment", clerk, amount="5000.00")
        step(application_id, payment, "check_payment", "referatsleitung")
        with pytest.raises(TransitionRefused) as refused:
            step(application_id, payment, "order_payment", "referatsleitung")
        assert refused.value.status == 403
        step(application_id, payment, "order_payment", "zeichnung")
        money = case_money(db.session, case(application_id))
        assert (money.paid, money.pending, money.open_to_pay) == (D("0.00"), D("5000.00"), D("53000.00")), (
            "ordered is on its way, not paid"
        )
        executed(payment)
        money = case_money(db.session, case(application_id))
        assert (money.paid, money.pending, money.open_to_pay) == (D("5000.00"), D("0.00"), D("53000.00"))
        notice = letter_text(documents_of(application_id, "payment_notice")[0])
        assert "5.000,00 €" in notice and "Haushaltsjahres 2027" in notice and "53.000,00 €" in notice


def test_a_payment_before_the_decision_is_final_is_refused(app, clock):
    from factories import in_state

    application_id, clerk = in_state(app, "granted")
    with app.app_context(), pytest.raises(TransitionRefused, match="in diesem Status"):
        start(application_id, "payment", "request_payment", clerk, amount="100.00")


def test_the_annual_budget_stops_an_order(app, clock, monkeypatch):
    from workflow.workflows.post_award import payments

    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        payment = start(application_id, "payment", "request_payment", clerk, amount="5000.00")
        step(application_id, payment, "check_payment", "pruefung.sued")
        monkeypatch.setattr(payments, "annual_budget", lambda settings, year: D("4999.99"))
        with pytest.raises(TransitionRefused, match="Haushaltsmittel 2027 reichen nicht"):
            step(application_id, payment, "order_payment", "zeichnung")
        assert procedure(payment).state == "checked"


def test_three_vacant_months_reduce_the_grant_by_three_monthly_amounts(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        _paid(app, clock, application_id, clerk)
        on(clock, "2027-09-05")
        change = start(
            application_id,
            "change",
            "report_change",
            clerk,
            position="1",
            kind="vacancy",
            start="01.06.2027",
            end="31.08.2027",
        )
        proposed_change(application_id, change, comment="Die Stelle war drei Monate frei.")
        with pytest.raises(TransitionRefused):
            step(application_id, change, "sign_change", "pruefung.sued")
        step(application_id, change, "sign_change", "zeichnung")
        application = case(application_id)
        # 58.000,00 − 3 × 2.416,666… = 50.750,00 €
        assert application.granted_amount == D("50750.00")
        assert [p.amount for p in application.proposals if p.status == "signed"] == [D("58000.00"), D("50750.00")]
        letter = letter_text(documents_of(application_id, "change_notice")[0])
        assert "von 58.000,00 € auf 50.750,00 €" in letter
        assert "Verwaltungsgericht" in letter  # the Rechtsbehelfsbelehrung names the court


def test_a_change_report_outside_the_funding_period_is_refused_in_german(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        with pytest.raises(TransitionRefused, match="im Förderzeitraum der Stelle") as refused:
            start(application_id, "change", "report_change", clerk, position="1", kind="end", start="01.01.2030")
        assert refused.value.status == 422
        assert case(application_id).procedures[-1].kind == "proof_of_use", "nothing of the refused report is stored"


def test_the_proof_of_use_is_opened_with_the_grant_and_reminded_and_expired_by_the_sweep(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        proof = next(p for p in case(application_id).procedures if p.kind == "proof_of_use")
        deadline = db.session.scalars(
            select(Deadline).where(Deadline.application_id == application_id, Deadline.kind == "proof_of_use")
        ).one()
        # 3 months after 28.02.2029 is 28.05.2029 (a Monday).
        assert deadline.due_on == date(2029, 5, 28)
        on(clock, "2029-05-26")
        assert [action.transition for action in run_sweep(db.session).done] == ["remind_proof_of_use"]
        on(clock, "2029-05-29")
        assert [action.transition for action in run_sweep(db.session).done] == ["expire_proof_of_use"]
        assert procedure(proof.id).state == "overdue"


def test_the_proof_of_use_is_checked_by_the_programmes_list(app, clock, client, auth):
    application_id, clerk = final_case(app)
    with app.app_context():
        proof = next(p for p in case(application_id).procedures if p.kind == "proof_of_use").id
        on(clock, "2029-04-02")
        figures = {"persons": "41", "plans_written": "38", "plans_updated": "55"}
        with pytest.raises(TransitionRefused, match="Sachbericht"):
            step(application_id, proof, "submit_proof_of_use", clerk, report="", positions=[])
        step(
            application_id,
            proof,
            "submit_proof_of_use",
            clerk,
            report="Bericht über zwei Jahre.",
            positions=[{"months": "24", "fte": "0,5", "received": "0", "costs": "61000.00", "figures": figures}],
        )
        with pytest.raises(TransitionRefused, match="Noch nicht abgehakt"):
            step(application_id, proof, "confirm_proof_of_use", "pruefung.sued", checked=[0, 1])
    auth.login("pruefung.sued")
    page = client.get(f"/antraege/{application_id}/vorgaenge/{proof}/confirm_proof_of_use").get_data(as_text=True)
    assert "Beratene Personen: 41" in page and "61.000,00" in page and "0,50" in page and "plans_written" not in page
    with app.app_context():
        step(application_id, proof, "confirm_proof_of_use", "pruefung.sued", checked=[0, 1, 2, 3])
        note = letter_text(documents_of(application_id, "proof_check_note")[0])
        assert "Beratene Personen: 41" in note and "ohne Beanstandung" in note


def _revocation_of_most_of_the_grant(app, clock, application_id: int, clerk: str) -> int:
    """Granted 58.000, paid 5.000; on 15.01.2028 revoking 54.000 (from 01.03.2027) leaves 4.000: 1.000,00 € to repay."""
    enter_sample_base_rates()
    _paid(app, clock, application_id, clerk)
    on(clock, "2028-01-15")
    return proposed_revocation(
        application_id, revoked="54000.00", effective_from="01.03.2027", comment="Die Stelle wurde nicht besetzt."
    )


def test_outside_the_demo_no_repayment_is_claimed_to_the_example_payer_account(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        revocation = _revocation_of_most_of_the_grant(app, clock, application_id, clerk)
        app.config["ALLOW_EXAMPLE_PAYER_ACCOUNT"] = False
        with pytest.raises(TransitionRefused, match="Beispielkonto"):
            step(application_id, revocation, "sign_revocation", "zeichnung")
        assert procedure(revocation).state == "revocation_proposed"


def test_revocation_interest_crosses_a_rate_change_and_a_leap_year_to_the_cent(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        revocation = _revocation_of_most_of_the_grant(app, clock, application_id, clerk)
        step(application_id, revocation, "sign_revocation", "zeichnung")
        revoked = procedure(revocation)
        assert (revoked.state, revoked.amount) == ("issued", D("1000.00"))
        # Signed Saturday 15.01.2028, notified on the third day, Tuesday 18.01.2028 (§ 41 Abs. 2 LVwVfG); due 30 days
        # after that: Thursday 17.02.2028. Interest to 16.02.2028:
        # 01.03.–30.06.2027: 122 days, 6,27 %: 1.000 × 0,0627 × 122 / 365 = 20,957… → 20,96
        # 01.07.–31.12.2027: 184 days, 6,77 %: 1.000 × 0,0677 × 184 / 365 = 34,128… → 34,13
        # 01.01.–16.02.2028:  47 days, 7,00 %: 1.000 × 0,0700 ×  47 / 366 =  8,989… →  8,99
        assert revoked.data["due_on"] == "2028-02-17"
        assert D(revoked.data["interest_to_due"]) == D("64.08")
        letter = letter_text(documents_of(application_id, "revocation_notice")[0])
        for figure in (
            "1.000,00 €",
            "64,08 €",
            "1.064,08 €",
            "17.02.2028",
            "122",
            "184",
            "47",
            "366",
            "6,27 %",
            "20,96 €",
            "IBAN DE89 3704 0044 0532 0130 00",
        ):
            assert figure in letter, figure
        assert case(application_id).granted_amount == D("4000.00")
        claim_id = next(p.id for p in case(application_id).procedures if p.kind == "claim")
        assert (procedure(claim_id).state, procedure(claim_id).amount) == ("open", D("1000.00"))
        on(clock, "2028-02-18")
        assert [a.transition for a in run_sweep(db.session).done] == ["expire_repayment"]
        # To 17.02.2028 one more day: 1.000 × 0,07 × 48 / 366 = 9,180… → 9,18; 64,27 in all.
        with pytest.raises(TransitionRefused, match="geschuldet sind bis zum 18.02.2028 nur 1.064,27"):
            step(application_id, claim_id, "book_receipt", "pruefung.sued", received_on="18.02.2028", amount="99999.00")
        # A part payment of 1.000 € pays the interest first (§ 367 BGB): 64,27 interest, 935,73 principal.
        step(application_id, claim_id, "book_receipt", "pruefung.sued", received_on="18.02.2028", amount="1000.00")
        (receipt,) = procedure(claim_id).receipts
        assert (receipt.to_interest, receipt.to_principal, procedure(claim_id).state) == (
            D("64.27"),
            D("935.73"),
            "overdue",
        )
        # The rest, 64,27 principal, bears interest 18.–29.02.2028: 64,27 × 0,07 × 12 / 366 = 0,147… → 0,15.
        on(clock, "2028-03-01")
        step(application_id, claim_id, "book_receipt", "pruefung.sued", received_on="01.03.2028", amount="64.42")
        assert procedure(claim_id).state == "settled"
        money = case_money(db.session, case(application_id))
        assert (money.claimed, money.repaid, money.outstanding, money.received, money.interest_received) == (
            D("1000.00"),
            D("1000.00"),
            D("0.00"),
            D("1064.42"),
            D("64.42"),
        )


def test_a_revocation_beyond_what_was_paid_claims_nothing_and_opens_no_repayment_period(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        _paid(app, clock, application_id, clerk)
        on(clock, "2027-09-01")
        revocation = proposed_revocation(
            application_id,
            revoked="10000.00",
            effective_from="01.09.2027",
            comment="Die Stelle wird ab September nur halb besetzt.",
        )
        with pytest.raises(TransitionRefused, match="nicht vorgesehen"):
            step(application_id, revocation, "sign_revocation", "zeichnung")
        step(application_id, revocation, "sign_revocation_without_claim", "zeichnung")
        assert (procedure(revocation).state, procedure(revocation).amount) == ("revoked", D("0.00"))
        assert case(application_id).granted_amount == D("48000.00")
        assert not db.session.scalars(select(Deadline).where(Deadline.kind == "repayment")).all()
        letter = letter_text(documents_of(application_id, "revocation_notice")[0])
        assert "Zu erstatten ist nichts" in letter and "Zinsberechnung" not in letter


def test_a_revocation_cannot_take_effect_before_the_grant(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2028-01-15")
        with pytest.raises(TransitionRefused, match="nicht vor dem Bescheid wirken") as refused:
            proposed_revocation(
                application_id, revoked="1000.00", effective_from="01.01.2020", comment="Nicht verwendet."
            )
        assert refused.value.status == 422


def test_a_revocation_without_a_known_base_rate_is_not_signed(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        _paid(app, clock, application_id, clerk)
        on(clock, "2028-01-15")
        revocation = proposed_revocation(
            application_id, revoked="54000.00", effective_from="01.03.2027", comment="Nicht besetzt."
        )
        with pytest.raises(TransitionRefused, match="Basiszinssatz"):
            step(application_id, revocation, "sign_revocation", "zeichnung")
        assert procedure(revocation).state == "revocation_proposed"


def test_the_proof_of_use_is_prefilled_with_the_integrationsplan_figures_of_the_position(app, clock):
    from factories import user
    from workflow.counselling.operations import create_client, link_positions, save_plan
    from workflow.workflows.post_award.proof_positions import prefilled

    application_id, clerk = final_case(app, clerk="kommune.tettnang")
    with app.app_context():
        manager = user("im.tettnang")
        link_positions(db.session, {manager.id: case(application_id).positions[0].id})
        before = prefilled(db.session, case(application_id))[0]["figures"]  # the demo's own persons of this manager
        on(clock, "2027-04-01")
        client = create_client(
            db.session, manager, {"name": "Testperson"}, date(2027, 3, 15), None, date(2027, 3, 15), None
        )
        save_plan(db.session, manager, client, {"goals": [], "review_on": ""})
        on(clock, "2027-05-01")
        save_plan(db.session, manager, client, {"goals": [], "review_on": ""})
        after = prefilled(db.session, case(application_id))[0]["figures"]
        assert {key: after[key] - before[key] for key in after} == {
            "persons": 1,
            "plans_written": 1,
            "plans_updated": 1,
        }


def test_a_programme_paying_by_schedule_lays_out_half_year_instalments(app, clock):
    """VwV Integrationsbeauftragte: 10.000 € for 01.01.–31.12.2028 and 7.500 € for 01.04.–31.12.2028 (9 months)."""
    application_id, clerk = final_case(app, code="integrationsbeauftragte")
    with app.app_context():
        on(clock, "2028-03-01")
        with pytest.raises(TransitionRefused, match="nicht vorgesehen"):
            start(application_id, "payment", "request_payment", clerk, amount="100.00")
        # First half-year: 10.000 × 6/12 + 7.500 × 3/9 = 5.000 + 2.500
        first = start(application_id, "payment", "schedule_payment", "pruefung.sued")
        assert procedure(first).amount == D("7500.00")
        with pytest.raises(TransitionRefused, match="keine weitere Rate"):
            start(application_id, "payment", "schedule_payment", "pruefung.sued")
        step(application_id, first, "check_payment", "pruefung.sued")
        step(application_id, first, "order_payment", "zeichnung")
        on(clock, "2028-07-01")
        second = start(application_id, "payment", "schedule_payment", "pruefung.sued")
        assert procedure(second).amount == D("10000.00")


@pytest.mark.parametrize(
    "change,expected",
    [
        # 10 months (01.03.–31.12.2027) × 2.416,666… = 24.166,67
        ({"kind": "end", "start": "31.12.2027"}, D("24166.67")),
        # 21 months (01.06.2027–28.02.2029) × 2.416,666… = 50.750,00
        ({"kind": "later_start", "start": "01.06.2027"}, D("50750.00")),
        # 12 months at 0,5 VZÄ (29.000,00) + 12 months at 0,25 VZÄ (58.000 × 0,25 × 2 / 24 × 12 = 14.500,00)
        ({"kind": "fte", "start": "01.03.2028", "fte": "0,25"}, D("43500.00")),
        # 12 months in category a (29.000,00) + 12 months in category c (46.000 × 0,5 × 2 / 24 × 12 = 23.000,00)
        ({"kind": "new_person", "start": "01.03.2028", "person_name": "Lena Vogt", "category": "c"}, D("52000.00")),
        # A new person in a better-paid category does not raise the Festbetrag (58.000 stays).
        ({"kind": "new_person", "start": "01.03.2028", "person_name": "Lena Vogt", "category": "a"}, D("58000.00")),
    ],
)
def test_each_kind_of_change_recomputes_the_position_by_the_bescheids_clause(app, clock, change, expected):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        reported = start(application_id, "change", "report_change", clerk, position="1", **change)
        proposed_change(application_id, reported)
        step(application_id, reported, "sign_change", "zeichnung")
        assert case(application_id).granted_amount == expected


def test_the_work_list_after_the_decision_costs_the_same_queries_for_one_and_three_payments(app, clock, client, auth):
    def requested() -> None:
        application_id, clerk = final_case(app)
        with app.app_context():
            on(clock, "2027-03-01")
            start(application_id, "payment", "request_payment", clerk, amount="1000.00")

    requested()
    auth.login("pruefung.sued")
    one, page = page_statements(app, client, "/vorgaenge/")
    assert page.count("Auszahlung 1") == 1
    requested()
    requested()
    three, page = page_statements(app, client, "/vorgaenge/")
    assert page.count("Auszahlung 1") == 3 and three == one

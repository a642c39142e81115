"""The Änderungsanzeige of a VwV-Integration (Teilhabe) project, through HTTP: the recipient reports a changed
Kosten- und Finanzierungsplan (Nr. 5.1 ANBest-P/ANBest-K), the reviewer weighs it, the Änderungsbescheid lowers the
grant by Nr. 2 and turns what was paid beyond it into a claim – every figure computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from sqlalchemy import select

from account_steps import GOOD_PASSWORD
from http_steps import document_text, documents
from post_award_steps import DISCRETION, enter_sample_base_rates, on
from sweeping import sweep
from teilhabe_steps import (
    APPROVER,
    FIFTY_THOUSAND,
    REVIEWER,
    called,
    claim_terms,
    executed_by_the_cash_office,
    granted_project,
    message,
    newest,
    procedure_step,
    proposed_and_signed,
    raise_maximum,
    receipts,
    registered_association,
    report_change,
    settlement_signed,
    start_step,
    state_and_grant,
)
from workflow.db import db
from workflow.operations.base_rates import add_rate
from workflow.models import Application, Deadline
from workflow.workflows.post_award.accounts import case_money

EXPLANATION = "Die Grundschule stellt ihre Räume unentgeltlich; zwei Mentorinnen sind ausgeschieden."


def _final_with_rates(app, clock, application_id: int) -> None:
    # The Bescheid of 25.11.2026 is final after the month for an action; the sweep of 04.01.2027 finds it so.
    on(clock, "2027-01-04")
    sweep(app)
    assert state_and_grant(app, application_id)[0] == "final"
    with app.app_context():
        enter_sample_base_rates()  # test values: 1,27 % from 2027, 1,77 % from 1.7.2027, 2,00 % from 2028
        db.session.commit()


def _paid(app, application_id: int) -> D:
    with app.app_context():
        return case_money(db.session, db.session.get(Application, application_id)).paid


def test_an_association_reports_lower_costs_and_repays_what_was_paid_beyond_the_lowered_grant(app, clock, client, auth):
    raise_maximum(app, "40000.00")
    association = registered_association(app, client, auth)
    # 60 % of 50.000 € of eligible costs = 30.000 € (the deficit 50.000 − 20.000 own funds is as much).
    application_id = granted_project(client, auth, association, GOOD_PASSWORD, **FIFTY_THOUSAND)
    assert state_and_grant(app, application_id) == ("granted", "30000.00")
    _final_with_rates(app, clock, application_id)

    # 01.03.2027: 30.000 € fall due, 60 % = 18.000 € called; 03.05.2027: 20.000 € fall due (60 % = 12.000 €), 10.000 €
    # called. Paid: 28.000 €.
    for day, amount, expected in (("2027-03-01", "18.000,00", "30.000,00"), ("2027-05-03", "10.000,00", "20.000,00")):
        on(clock, day)
        auth.login(association, GOOD_PASSWORD)
        response = start_step(
            auth, application_id, "payment", "request_payment", {"amount": amount, "expected": expected}
        )
        assert response.status_code == 302, message(response)[:3000]
        auth.logout()
        payment = newest(app, application_id, "payment").id
        for user, name in ((REVIEWER, "check_payment"), (APPROVER, "order_payment")):
            auth.login(user)
            assert procedure_step(auth, application_id, payment, name, {"comment": ""}).status_code == 302
            auth.logout()
        executed_by_the_cash_office(app, auth, date.fromisoformat(day).strftime("%d.%m.%Y"))
    assert _paid(app, application_id) == D("28000.00")

    # 15.06.2027: since 01.06.2027 the project expects Honorare of 24.000 € and Sachkosten of 18.000 €.
    on(clock, "2027-06-15")
    auth.login(association, GOOD_PASSWORD)
    form = client.get(f"/antraege/{application_id}/vorgaenge/neu/change/report_change")
    assert form.status_code == 200
    assert 'value="30.000,00"' in form.get_data(as_text=True)  # prefilled with the plan in force
    fields = {"own_funds": "20.000,00", "third_party_funds": "0,00", "changed_on": "01.06.2027"}
    for wrong, says in (
        ({**fields, "explanation": ""}, "Bitte erläutern Sie die Änderung."),
        ({**fields, "changed_on": "01.07.2027", "explanation": EXPLANATION}, "nicht in der Zukunft"),
        ({**fields, "changed_on": "01.11.2026", "explanation": EXPLANATION}, "nicht vor dem Zuwendungsbescheid"),
    ):
        refused = report_change(auth, application_id, ("24.000,00", "18.000,00"), **wrong)
        assert refused.status_code == 422 and says in message(refused), message(refused)[:3000]
        assert "24.000,00" in refused.get_data(as_text=True)  # what was typed stays
    negative = report_change(auth, application_id, ("-5", "18.000,00"), **fields, explanation=EXPLANATION)
    assert negative.status_code == 422 and "0 € oder mehr" in message(negative)
    unchanged = report_change(auth, application_id, ("30.000,00", "20.000,00"), **fields, explanation=EXPLANATION)
    assert unchanged.status_code == 422
    assert "entsprechen dem geltenden Kosten- und Finanzierungsplan" in message(unchanged)
    assert newest(app, application_id, "change") is None  # nothing refused was stored
    reported = report_change(auth, application_id, ("24.000,00", "18.000,00"), **fields, explanation=EXPLANATION)
    assert reported.status_code == 302, message(reported)[:3000]
    auth.logout()
    change = newest(app, application_id, "change")
    assert (change.state, change.data["change"]["costs"]) == (
        "reported",
        {"honorare": "24000.00", "sachkosten": "18000.00"},
    )

    # The reviewer sees the changed plan and the grant it leads to: 60 % × 42.000 € = 25.200 €.
    on(clock, "2027-06-16")
    auth.login(REVIEWER)
    page = message(client.get(f"/antraege/{application_id}/vorgaenge/{change.id}/propose_change"))
    assert "Zuwendungsfähige Ausgaben bisher 50.000,00 €, erwartet 42.000,00 €" in page
    assert "nach der Änderung 25.200,00 €" in page
    # It lowers the grant: not without a hearing or its reasoned waiver (§ 28 LVwVfG).
    unheard = procedure_step(auth, application_id, change.id, "propose_change", {"comment": ""})
    assert unheard.status_code == 409 and "anzuhören (§ 28 Abs. 1 LVwVfG)" in message(unheard)
    waiver = {"ground": "own_statements", "comment": "Die Minderung folgt allein aus der Änderungsanzeige."}
    waived = procedure_step(auth, application_id, change.id, "waive_change_hearing", waiver)
    assert waived.status_code == 302, message(waived)[:3000]
    proposed = procedure_step(
        auth, application_id, change.id, "propose_change_after_hearing", {"comment": "", **DISCRETION}
    )
    assert proposed.status_code == 302, message(proposed)[:3000]
    auth.logout()
    change = newest(app, application_id, "change")
    # Paid 28.000 € against a grant of 25.200 €: 2.800 € to repay.
    assert (change.data["after_total"], change.data["principal"]) == ("25200.00", "2800.00")

    on(clock, "2027-06-18")  # Friday
    auth.login(APPROVER)
    signed = procedure_step(auth, application_id, change.id, "sign_change", {"comment": ""})
    assert signed.status_code == 302, message(signed)[:3000]
    auth.logout()
    assert state_and_grant(app, application_id) == ("final", "25200.00")
    assert newest(app, application_id, "change").state == "decided"

    # The claim: 2.800 € from the latest payment (10.000 €, executed 03.05.2027), interest from the day the financing
    # improved, 01.06.2027 (after the payment). Notified Monday 21.06.2027 (three days), due 30 days later on
    # Wednesday 21.07.2027. Interest: 2.800 × 6,27 % × 30/365 (June) = 14,4296… → 14,43 € and 2.800 × 6,77 % × 20/365
    # (1.–20. July) = 10,3868… → 10,39 €: 24,82 €.
    assert claim_terms(app, application_id) == ("open", D("2800.00"), "2027-07-21", [("2800.00", "2027-06-01")])
    assert newest(app, application_id, "change").data["interest_to_due"] == "24.82"

    auth.login(association, GOOD_PASSWORD)
    notice = document_text(client, documents(app, application_id)["change_notice"]).replace("\u00a0", " ")
    for sentence in (
        "Elternverein Miteinander e. V.",
        "Die Zuwendung wird von höchstens 30.000,00 € auf höchstens 25.200,00 € festgesetzt",
        "Nr. 2 der Nebenbestimmungen (Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P))",
        "mit Wirkung vom 01.06.2027 unwirksam geworden",
        "Der Betrag, der die geänderte Zuwendung übersteigt, 2.800,00 €, ist nach § 49a Abs. 1 LVwVfG zu erstatten",
        "Die Zuwendung beträgt damit 60 % × 42.000,00 € = 25.200,00 €",
        "Bis zum Fälligkeitstag betragen die Zinsen 24,82 €",
        "zusammen 2.824,82 €, sind bis zum 21.07.2027",
        EXPLANATION,
        "§ 28 Abs. 2 Nr. 3 LVwVfG",
        "Die Minderung folgt allein aus der Änderungsanzeige.",
        DISCRETION["reliance"],
        DISCRETION["extent"],
    ):
        assert sentence in notice, sentence


def test_a_municipality_paid_less_than_the_lowered_grant_owes_nothing_and_calls_only_what_is_left(
    app, clock, client, auth
):
    raise_maximum(app, "40000.00")
    application_id = granted_project(client, auth, **FIFTY_THOUSAND)
    _final_with_rates(app, clock, application_id)
    on(clock, "2027-03-01")
    called(app, auth, application_id, "18.000,00", "30.000,00")
    executed_by_the_cash_office(app, auth, "01.03.2027")
    on(clock, "2027-04-01")
    called(app, auth, application_id, "2.000,00", "5.000,00")
    executed_by_the_cash_office(app, auth, "01.04.2027")
    assert _paid(app, application_id) == D("20000.00")

    on(clock, "2027-06-15")
    auth.login("kommune.tettnang")
    fields = {"own_funds": "20.000,00", "third_party_funds": "0,00", "changed_on": "01.06.2027"}
    # A shift within the tolerance (Honorare 30.000 → 35.000 €, at most 36.000 €) leaves the grant alone: noted only.
    shift = report_change(auth, application_id, ("35.000,00", "15.000,00"), **fields, explanation="Mehr Honorare.")
    assert shift.status_code == 302, message(shift)[:3000]
    auth.logout()
    shifted = newest(app, application_id, "change")
    auth.login(REVIEWER)
    no_bescheid = procedure_step(auth, application_id, shifted.id, "propose_change", {"comment": ""})
    assert no_bescheid.status_code == 422
    assert "ohne Änderungsbescheid zur Kenntnis" in message(no_bescheid)
    noted = procedure_step(auth, application_id, shifted.id, "note_change", {"comment": "Im Rahmen von Nr. 1.2."})
    assert noted.status_code == 302
    auth.logout()

    # Lower costs: 42.000 € eligible, grant 25.200 €; paid 20.000 € is below it, so nothing is claimed.
    auth.login("kommune.tettnang")
    lower = report_change(auth, application_id, ("24.000,00", "18.000,00"), **fields, explanation=EXPLANATION)
    assert lower.status_code == 302
    auth.logout()
    proposed_and_signed(app, auth, application_id)
    assert state_and_grant(app, application_id) == ("final", "25200.00")
    assert newest(app, application_id, "change").data["principal"] == "0.00"
    assert newest(app, application_id, "claim") is None
    # What is left to call: 25.200 − 20.000 = 5.200 €, even if 60 % of the stated need were more.
    on(clock, "2027-07-01")
    auth.login("kommune.tettnang")
    too_much = start_step(
        auth, application_id, "payment", "request_payment", {"amount": "5.200,01", "expected": "20.000,00"}
    )
    assert too_much.status_code == 422 and "höchstens 5.200,00 €" in message(too_much)
    auth.logout()

    # The Schlussfestsetzung counts from the changed plan: the Belegliste proves 40.000 € (Honorare 24.000 €,
    # Sachkosten 16.000 €, each within what the Änderungsbescheid recognised), 2.000 € below its 42.000 €: 60 % ×
    # 40.000 € = 24.000 € – the same as from the Bescheid's 50.000 € (60 % × (50.000 − 10.000) €), nothing counted twice.
    on(clock, "2029-03-20")
    proof = newest(app, application_id, "proof_of_use").id
    auth.login("kommune.tettnang")
    submitted = procedure_step(
        auth,
        application_id,
        proof,
        "submit_proof_of_use",
        {
            "report": "Das Projekt ist abgeschlossen.",
            **receipts(
                ("honorare", "Honorare 2027 und 2028", "24.000,00", "15.12.2028"),
                ("sachkosten", "Material und Dolmetschen", "16.000,00", "31.01.2029"),
            ),
            "own_funds": "20.000,00",
            "third_party_funds": "0,00",
        },
    )
    assert submitted.status_code == 302, message(submitted)[:3000]
    auth.logout()
    auth.login(REVIEWER)
    # The receipts were paid long after the money (20.000 € in March and April 2027): Zwischenzinsen, which need the
    # Basiszinssatz up to the last receipt – refused until it is entered, then waived with reasons.
    checked = {f"checked-{index}": "y" for index in range(4)}
    no_rate = procedure_step(auth, application_id, proof, "settle_proof_of_use", checked)
    assert no_rate.status_code == 409 and "Basiszinssatz ab 01.07.2028 ist noch nicht hinterlegt" in message(no_rate)
    with app.app_context():
        for valid_from, rate in ((date(2028, 7, 1), "2.10"), (date(2029, 1, 1), "2.20")):
            add_rate(db.session, valid_from, D(rate), "Testwert", "test")
        db.session.commit()
    waived = {**checked, "interim_decision": "waive", "interim_reasons": "Der Träger hat vorzeitig abgerufen."}
    settled = procedure_step(auth, application_id, proof, "settle_proof_of_use", waived)
    assert settled.status_code == 302, message(settled)[:3000]
    settlement_signed(auth, application_id, proof)
    assert state_and_grant(app, application_id) == ("final", "24000.00")
    # Paid 20.000 €: nothing to repay, 4.000 € still to call.
    settlement = newest(app, application_id, "proof_of_use").data["settlement"]
    assert (settlement["final_grant"], settlement["repayment"], settlement["outstanding"]) == (
        "24000.00",
        "0.00",
        "4000.00",
    )


def test_a_longer_project_moves_the_proof_deadline_and_a_later_cut_heard_first_may_still_consent_to_an_overrun(
    app, clock, client, auth
):
    application_id = granted_project(client, auth)  # 01.03.2027 – 28.02.2029, 60 % of 40.000 € = 24.000 €
    _final_with_rates(app, clock, application_id)
    # The Bescheid's deadline: six months after the end, 28.08.2029 (a Tuesday).
    assert _proof_deadline(app, application_id) == date(2029, 8, 28)

    on(clock, "2028-10-02")
    auth.login("kommune.tettnang")
    # The plan as granted (Honorare 24.000 €, Sachkosten 16.000 €, own 12.000 €, third-party 4.000 €), a new end.
    as_granted = {"own_funds": "12.000,00", "third_party_funds": "4.000,00", "changed_on": "01.10.2028"}
    explanation = "Die Elternabende des letzten Halbjahres finden erst im Frühjahr 2029 statt."
    before_start = report_change(
        auth,
        application_id,
        ("24.000,00", "16.000,00"),
        **as_granted,
        project_end="28.02.2027",
        explanation=explanation,
    )
    assert before_start.status_code == 422 and "nicht vor seinem Beginn am 01.03.2027" in message(before_start)
    longer = report_change(
        auth,
        application_id,
        ("24.000,00", "16.000,00"),
        **as_granted,
        project_end="31.05.2029",
        explanation=explanation,
    )
    assert longer.status_code == 302, message(longer)[:3000]
    auth.logout()
    proposed_and_signed(app, auth, application_id)

    # The grant stays 24.000 €, every expense may now be paid up to 31.05.2029, the proof is due six months after:
    # 30.11.2029 (a Friday).
    assert state_and_grant(app, application_id) == ("final", "24000.00")
    with app.app_context():
        rulings = db.session.get(Application, application_id).signed_proposal.rulings
        assert {ruling.funding_end for ruling in rulings} == {date(2029, 5, 31)}
    assert _proof_deadline(app, application_id) == date(2029, 11, 30)
    auth.login("kommune.tettnang")
    notice = document_text(client, documents(app, application_id)["change_notice"]).replace("\u00a0", " ")
    assert "Der Bewilligungszeitraum endet statt am 28.02.2029 am 31.05.2029" in notice
    assert "die Zuwendung bleibt bei höchstens 24.000,00 €" in notice
    assert "2. Ausgezahlt sind bisher 0,00 €; das liegt nicht über der geänderten Zuwendung." in notice

    # 02.11.2028: Honorare fall to 10.000 €, Sachkosten rise to 20.000 € – 25 % above the 16.000 € recognised, beyond
    # the 20 % (19.200 €) allowed without consent. The grant sinks: 60 % × (10.000 + 19.200) = 17.520 € without
    # consent, 60 % × 30.000 = 18.000 € with it. It is only noted never, heard (here: waived) first, and the reviewer
    # may still consent to the overrun in the decision that follows the hearing.
    on(clock, "2028-11-02")
    auth.login("kommune.tettnang")
    cut = report_change(
        auth,
        application_id,
        ("10.000,00", "20.000,00"),
        **as_granted,
        project_end="31.05.2029",
        explanation=explanation,
    )
    assert cut.status_code == 302, message(cut)[:3000]
    auth.logout()
    change = newest(app, application_id, "change")
    auth.login(REVIEWER)
    assert f"/vorgaenge/{change.id}/note_change" not in client.get(f"/antraege/{application_id}").get_data(as_text=True)
    noted = auth.post(
        f"/antraege/{application_id}/vorgaenge/{change.id}/note_change",
        {"comment": "Nur zur Kenntnis."},
        page=f"/antraege/{application_id}",
    )
    assert noted.status_code in (403, 404, 409) and newest(app, application_id, "change").state == "reported"
    waiver = {"ground": "own_statements", "comment": "Die Minderung folgt allein aus der Änderungsanzeige."}
    assert procedure_step(auth, application_id, change.id, "waive_change_hearing", waiver).status_code == 302
    page = client.get(f"/antraege/{application_id}/vorgaenge/{change.id}/propose_change_after_hearing")
    assert 'name="consent" value="sachkosten"' in page.get_data(as_text=True)
    proposed = procedure_step(
        auth,
        application_id,
        change.id,
        "propose_change_after_hearing",
        {"comment": "", **DISCRETION, "consent": "sachkosten"},
    )
    assert proposed.status_code == 302, message(proposed)[:3000]
    assert newest(app, application_id, "change").data["after_total"] == "18000.00"


def _proof_deadline(app, application_id: int) -> date:
    with app.app_context():
        return db.session.scalars(
            select(Deadline.due_on).where(
                Deadline.application_id == application_id,
                Deadline.kind == "proof_of_use",
                Deadline.status == Deadline.OPEN,
            )
        ).one()

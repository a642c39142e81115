"""A payment is paid on the day the Landeskasse executes it: interest, Haushaltsjahr and „latest first“ follow that day.

Hand-computed figures; the Basiszinssätze are the suite's test values (1,27 % from 01.01.2027, 1,77 % from
01.07.2027, 2,00 % from 01.01.2028), so the rate of § 49a Abs. 3 LVwVfG is 6,27 % in spring 2027.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from factories import IM, programme, user
from post_award_steps import (
    case,
    enter_sample_base_rates,
    executed,
    final_case,
    on,
    ordered,
    procedure,
    proposed_revocation,
    start,
    step,
)
from workflow.money import budget_years
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import definition_for
from workflow.models import CashExport, ProgrammeTemplate
from workflow.operations.programme_versions import activate, create_version
from workflow.programmes.programme_versions import active_version
from workflow.operations.cash_exports import confirm_execution, create_export
from workflow.workflows.post_award.accounts import case_money
from workflow.workflows.post_award.revocation import interest_rows

D = Decimal


def _revocation(application_id: int, revoked: str) -> int:
    revocation = proposed_revocation(
        application_id, revoked=revoked, effective_from="01.03.2027", comment="Die Stelle war nicht besetzt."
    )
    step(application_id, revocation, "sign_revocation", "zeichnung")
    return revocation


def test_interest_runs_from_the_day_the_cash_office_paid_not_from_the_order(app, clock):
    """Ordered 01.03.2027, executed 15.03.2027, revoked from 01.03.2027 and signed Thursday 01.04.2027: 1.000 € owed.
    Notified on the third day, Sunday 04.04.2027, so Monday 05.04.2027; due 30 days later, Wednesday 05.05.2027.
    Interest days 15.03.–04.05.2027: 17 + 30 + 4 = 51; 1.000 × 6,27 % × 51 / 365 = 8,7608… = 8,76 €."""
    application_id, clerk = final_case(app)
    with app.app_context():
        enter_sample_base_rates()
        on(clock, "2027-03-01")
        payment = ordered(application_id, clerk)
        assert case_money(db.session, case(application_id)).paid == D("0.00")
        export = create_export(db.session, programme(), user("referatsleitung"))
        on(clock, "2027-03-16")
        confirm_execution(db.session, db.session.get(CashExport, export.id), "15.03.2027", user("referatsleitung"))
        assert procedure(payment).data["executed_on"] == "2027-03-15"
        on(clock, "2027-04-01")
        revocation = _revocation(application_id, "54000.00")
        claim = procedure(revocation)
        assert claim.amount == D("1000.00") and claim.data["due_on"] == "2027-05-05"
        assert claim.data["interest_to_due"] == "8.76"
        first = interest_rows_of(revocation)[0]
        assert (first["date_from"].isoformat(), first["days"]) == ("2027-03-15", 51)


def interest_rows_of(revocation_id: int):
    from datetime import date

    from workflow.engine.context import TransitionContext

    claim = procedure(revocation_id)
    ctx = TransitionContext(
        db.session, claim.application, user("zeichnung"), None, {}, date(2027, 4, 1), procedure=claim
    )
    return interest_rows(ctx, date.fromisoformat(claim.data["due_on"]))


def test_a_december_order_executed_in_january_is_booked_in_the_new_year(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-12-20")
        payment = ordered(application_id, clerk)
        assert procedure(payment).budget_year == 2027, "provisional: the year it is expected to go"
        # Ordered, not yet executed, it binds 5.000 € of 2027's budget (58 Mio. €) without being paid.
        year_2027 = next(row for row in budget_years.figures_by_year(db.session, programme()) if row.year == 2027)
        assert (year_2027.ordered, year_2027.paid, year_2027.available) == (
            D("5000.00"),
            D("0.00"),
            D("57995000.00"),
        )
        export = create_export(db.session, programme(), user("referatsleitung"))
        on(clock, "2028-01-05")
        confirm_execution(db.session, db.session.get(CashExport, export.id), "04.01.2028", user("referatsleitung"))
        assert procedure(payment).budget_year == 2028
        years = {row.year: row for row in budget_years.figures_by_year(db.session, programme())}
        assert years[2027].paid == D("0.00") and years[2028].paid == D("5000.00")
        assert years[2027].ordered == years[2028].ordered == D("0.00")


def test_latest_first_follows_the_day_of_execution_not_the_order(app, clock):
    """A (2.000 €) is ordered first but executed 20.03., B (3.000 €) ordered later, executed 10.03. Revoking
    55.500 € of 58.000 € leaves 2.500 € granted of 5.000 € paid: 2.500 € owed, taken from A (executed last) in full
    from 20.03. and 500 € from B from 10.03."""
    application_id, clerk = final_case(app)
    with app.app_context():
        enter_sample_base_rates()
        on(clock, "2027-03-01")
        first = ordered(application_id, clerk, "2000.00")
        export_a = create_export(db.session, programme(), user("referatsleitung")).id
        on(clock, "2027-03-05")
        second = ordered(application_id, clerk, "3000.00")
        on(clock, "2027-03-10")
        executed(second, on="10.03.2027")
        on(clock, "2027-03-20")
        confirm_execution(db.session, db.session.get(CashExport, export_a), "20.03.2027", user("referatsleitung"))
        assert procedure(first).id < procedure(second).id
        on(clock, "2027-04-01")
        revocation = _revocation(application_id, "55500.00")
        assert procedure(revocation).amount == D("2500.00")
        starts = {(row["principal"], row["date_from"].isoformat()) for row in interest_rows_of(revocation)}
        assert ("2000.00", "2027-03-20") in {(str(p), d) for p, d in starts}
        assert ("500.00", "2027-03-10") in {(str(p), d) for p, d in starts}


def test_the_cash_page_confirms_execution_and_refuses_a_day_in_the_future(app, clock, client, auth):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        payment = ordered(application_id, clerk)
    auth.login("referatsleitung")
    assert auth.post("/kasse/", {}, page="/kasse/").status_code == 302
    with app.app_context():
        export_id = db.session.scalars(select(CashExport.id)).one()
    field = f"export-{export_id}-executed_on"
    page = client.get("/kasse/").get_data(as_text=True)
    assert 'value="01.03.2027"' in page, "prefilled with the SEPA file's requested execution date"
    future = auth.post(f"/kasse/{export_id}/ausgefuehrt", {field: "02.03.2027"}, page="/kasse/")
    assert future.status_code == 422 and "nicht in der Zukunft" in future.get_data(as_text=True)
    assert 'value="02.03.2027"' in future.get_data(as_text=True), "what was typed stays"
    garbage = auth.post(f"/kasse/{export_id}/ausgefuehrt", {field: "morgen"}, page="/kasse/")
    assert garbage.status_code == 422 and "TT.MM.JJJJ" in garbage.get_data(as_text=True)
    done = auth.post(f"/kasse/{export_id}/ausgefuehrt", {field: "01.03.2027"}, page="/kasse/")
    assert done.status_code == 302
    with app.app_context():
        assert procedure(payment).state == "executed"
        assert case_money(db.session, case(application_id)).paid == D("5000.00")
    again = auth.post(f"/kasse/{export_id}/ausgefuehrt", {field: "01.03.2027"}, page="/kasse/")
    assert again.status_code in (404, 409)


def test_the_person_who_ordered_does_not_hand_over_and_a_stopped_case_is_held_back(app, clock, client, auth):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        ordered(application_id, clerk)
    auth.login("zeichnung")
    page = client.get("/kasse/").get_data(as_text=True)
    assert "bleibt zurück" in page and "Vier-Augen-Prinzip" in page
    refused = auth.post("/kasse/", {}, page="/kasse/")
    assert refused.status_code == 409 and "Vier-Augen-Prinzip" in refused.get_data(as_text=True)
    auth.logout()
    with app.app_context():
        # The grant falls to 3.000 € while 5.000 € are ordered: nothing was paid, so nothing is claimed back.
        revocation = proposed_revocation(
            application_id, revoked="55000.00", effective_from="01.03.2027", comment="Die Stelle ist nicht besetzt."
        )
        step(application_id, revocation, "sign_revocation_without_claim", "zeichnung")
    auth.login("referatsleitung")
    stopped = auth.post("/kasse/", {}, page="/kasse/")
    assert stopped.status_code == 409 and "Zahlungssperre" in stopped.get_data(as_text=True)
    assert "3.000,00" in stopped.get_data(as_text=True)


def test_one_iban_for_two_recipients_is_pointed_out(app, clock, client, auth):
    first, clerk_one = final_case(app)
    second, clerk_two = final_case(app)
    with app.app_context():
        shared = case(first).iban
        case(second).iban = shared
        db.session.commit()
        on(clock, "2027-03-01")
        ordered(first, clerk_one)
        ordered(second, clerk_two)
    auth.login("referatsleitung")
    page = client.get("/kasse/").get_data(as_text=True)
    assert "steht bei mehreren Empfängern" in page


def test_a_year_entered_later_serves_grants_decided_before(app, clock):
    """The case was submitted under version 1 (budgets 2026 and 2027 only); the administration enters 2028 in a new
    version, and the case's payment in 2028 is ordered against it."""
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2028-01-10")
        payment = start(application_id, "payment", "request_payment", clerk, amount="5000.00")
        step(application_id, payment, "check_payment", "pruefung.sued")
        with pytest.raises(TransitionRefused, match="Haushaltsjahr 2028 sind keine Haushaltsmittel"):
            step(application_id, payment, "order_payment", "zeichnung")
        current = active_version(db.session, programme())
        settings = {
            **current.settings,
            "annual_budgets": [*current.settings["annual_budgets"], {"year": 2028, "amount": "58000000.00"}],
        }
        version = create_version(
            db.session,
            programme(),
            definition_for(IM),
            settings,
            [
                ProgrammeTemplate(kind=t.kind, filename=t.filename, sha256=t.sha256, content=t.content)
                for t in current.templates
            ],
            user("admin"),
            "Haushaltsjahr 2028",
        )
        activate(db.session, version)
        db.session.commit()
        assert case(application_id).programme_version_id == current.id
        step(application_id, payment, "order_payment", "zeichnung")
        assert procedure(payment).state == "ordered" and procedure(payment).budget_year == 2028

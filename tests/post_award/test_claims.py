"""Claims after a Widerruf: dunning, deferral, write-off and remission, each by two people with its letter.

The case: granted 58.000 €, 5.000 € paid on 01.03.2027; on Thursday 01.07.2027 54.000 € are revoked from
01.03.2027, so 1.000 € are owed. Notified Monday 05.07.2027 (04.07. is a Sunday), due 30 days later: Wednesday
04.08.2027. Rates: 6,27 % to 30.06.2027, 6,77 % from 01.07.2027 (the suite's test values).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from post_award_steps import (
    case,
    claim_of,
    documents_of,
    letter_text,
    on,
    paid_case,
    procedure,
    proposed_revocation,
    step,
)
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.operations.sweep import run_sweep
from workflow.permissions import can_view_document
from factories import user
from workflow.workflows.post_award.accounts import case_money

D = Decimal


def _owing_case(app, clock) -> tuple[int, int]:
    application_id, _ = paid_case(app, clock)
    with app.app_context():
        on(clock, "2027-07-01")
        revocation = proposed_revocation(
            application_id, revoked="54000.00", effective_from="01.03.2027", comment="Die Stelle war nicht besetzt."
        )
        step(application_id, revocation, "sign_revocation", "zeichnung")
        return application_id, claim_of(application_id)


def test_an_overdue_claim_is_dunned_with_what_is_owed_today_and_a_new_date(app, clock):
    """On 10.08.2027 (overdue since 05.08.): interest 01.03.–30.06. 122 days at 6,27 % = 20,96; 01.07.–09.08.
    40 days at 6,77 % = 1.000 × 0,0677 × 40 / 365 = 7,419… = 7,42; together 28,38 €, owed 1.028,38 €.
    The Mahnung is notified Friday 13.08.2027 and asks for payment within 14 days: Friday 27.08.2027."""
    application_id, claim = _owing_case(app, clock)
    with app.app_context():
        assert procedure(claim).data["due_on"] == "2027-08-04"
        on(clock, "2027-08-05")
        assert [a.transition for a in run_sweep(db.session).done] == ["expire_repayment"]
        assert procedure(claim).state == "overdue"
        on(clock, "2027-08-10")
        step(application_id, claim, "dun", "pruefung.sued")
        assert procedure(claim).state == "dunned"
        letter = letter_text(documents_of(application_id, "dunning_notice")[0])
        for figure in ("1.000,00 €", "28,38 €", "1.028,38 €", "27.08.2027", "Noch offen"):
            assert figure in letter, figure
        on(clock, "2027-08-28")
        assert [a.transition for a in run_sweep(db.session).done] == ["expire_dunning"]
        assert procedure(claim).state == "overdue"


def test_a_deferral_needs_a_second_person_and_moves_the_due_date(app, clock):
    application_id, claim = _owing_case(app, clock)
    with app.app_context():
        on(clock, "2027-07-20")
        with pytest.raises(TransitionRefused, match="nach heute"):
            step(application_id, claim, "propose_deferral", "pruefung.sued", deferred_to="19.07.2027", comment="Härte")
        step(
            application_id,
            claim,
            "propose_deferral",
            "referatsleitung",
            deferred_to="30.11.2027",
            comment="Die Gemeinde hat eine vorübergehende Notlage dargelegt; der Anspruch bleibt gesichert.",
        )
        with pytest.raises(TransitionRefused) as refused:
            step(application_id, claim, "sign_deferral", "referatsleitung")
        assert refused.value.status == 403
        step(application_id, claim, "sign_deferral", "zeichnung")
        assert (procedure(claim).state, procedure(claim).data["due_on"]) == ("deferred", "2027-11-30")
        letter = letter_text(documents_of(application_id, "deferral_notice")[0])
        assert "bis zum 30.11.2027 gestundet" in letter and "vorübergehende Notlage" in letter
        on(clock, "2027-08-06")
        assert run_sweep(db.session).done == [], "the old due date no longer counts"


def test_remission_ends_the_claim_and_the_ledger_stops_counting_it(app, clock):
    """Remitted on 01.07.2027 itself: interest 20,96 € (01.03.–30.06.), open 1.020,96 € written off."""
    application_id, claim = _owing_case(app, clock)
    with app.app_context():
        step(
            application_id,
            claim,
            "propose_write_off",
            "pruefung.sued",
            kind="remission",
            comment="Die Einziehung wäre eine besondere Härte.",
        )
        step(application_id, claim, "sign_remission", "zeichnung")
        assert procedure(claim).state == "remitted"
        assert procedure(claim).data["written_off"]["amount"] == "1020.96"
        money = case_money(db.session, case(application_id))
        assert (money.claimed, money.repaid, money.remitted, money.outstanding) == (
            D("1000.00"),
            D("0.00"),
            D("1000.00"),
            D("0.00"),
        )
        assert "1.020,96 €" in letter_text(documents_of(application_id, "remission_notice")[0])


def test_a_write_off_is_an_internal_note_and_the_claim_stays(app, clock):
    application_id, claim = _owing_case(app, clock)
    with app.app_context():
        step(
            application_id,
            claim,
            "propose_write_off",
            "pruefung.sued",
            kind="suspension",
            comment="Die Einziehung verspricht derzeit keinen Erfolg.",
        )
        step(application_id, claim, "sign_suspension", "zeichnung")
        assert procedure(claim).state == "suspended"
        note = documents_of(application_id, "write_off_note")[0]
        clerk = case(application_id).created_by.username
        assert not can_view_document(user(clerk), note) and can_view_document(user("pruefung.sued"), note)
        assert case_money(db.session, case(application_id)).outstanding == D("1000.00"), (
            "a Niederschlagung keeps the claim"
        )
        step(application_id, claim, "resume_collection", "pruefung.sued", comment="Neue Einnahmen der Gemeinde.")
        assert procedure(claim).state == "overdue"


def test_a_returned_proposal_puts_the_claim_back_where_it_stood(app, clock):
    application_id, claim = _owing_case(app, clock)
    with app.app_context():
        on(clock, "2027-08-05")
        run_sweep(db.session)
        step(application_id, claim, "propose_write_off", "pruefung.sued", kind="remission", comment="Härte.")
        step(application_id, claim, "return_relief", "zeichnung", comment="Keine besondere Härte erkennbar.")
        assert procedure(claim).state == "overdue"

"""Ratenzahlung (§ 59 Abs. 1 Nr. 1 LHO, Nr. 1.3 VV): a claim paid by instalments, signed by a second person, with
its letter, the Verfallklausel and the applicant's page.

The case (as in test_claims.py): 5.000 € paid on 01.03.2027; on Thursday 01.07.2027 54.000 € of 58.000 € are revoked
from 01.03.2027, so 1.000 € are owed, due 04.08.2027. Interest of § 49a Abs. 3 LVwVfG: 6,27 % to 30.06.2027, 6,77 %
from 01.07.2027 (the suite's Basiszinssätze plus five points).

The plan, signed on 20.07.2027: open that day 1.000,00 + interest 01.03.–30.06. (122 days × 6,27 % = 20,96) and
01.07.–19.07. (19 days: 1.000 × 0,0677 × 19 / 365 = 3,524… = 3,52) = 1.024,48 €. Three monthly instalments from
01.10.2027: 1.024,48 / 3 = 341,493… → 341,49, 341,49 and 341,50 (the rest). Due 01.10.2027 (Friday), 01.11.2027 is
Allerheiligen, so 02.11.2027 (§ 193 BGB), and 01.12.2027. The Verfallklausel as shipped: two instalments more than
14 days overdue.
"""

from __future__ import annotations

from datetime import date
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
from workflow.workflows.post_award.accounts import case_money
from workflow.workflows.post_award.instalments import plan_of

D = Decimal
PLAN = {"count": "3", "first_due": "01.10.2027", "interval_months": "1"}
REASONS = "Die Gemeinde kann die Erstattung erst mit den Schlüsselzuweisungen des Herbstes leisten."


def _planned_case(app, clock) -> tuple[int, int]:
    """The claim of 1.000 € paid by three instalments, proposed and signed on 20.07.2027."""
    application_id, _ = paid_case(app, clock)
    with app.app_context():
        on(clock, "2027-07-01")
        revocation = proposed_revocation(
            application_id, revoked="54000.00", effective_from="01.03.2027", comment="Die Stelle war nicht besetzt."
        )
        step(application_id, revocation, "sign_revocation", "zeichnung")
        claim = claim_of(application_id)
        on(clock, "2027-07-20")
        step(application_id, claim, "propose_instalments", "pruefung.sued", comment=REASONS, **PLAN)
        step(application_id, claim, "sign_instalments", "zeichnung")
        return application_id, claim


def _receipt(application_id: int, claim: int, day: str, amount: str) -> None:
    step(application_id, claim, "book_receipt", "pruefung.sued", received_on=day, amount=amount)


def test_the_plan_splits_what_is_open_into_instalments_due_on_working_days(app, clock):
    application_id, claim = _planned_case(app, clock)
    with app.app_context():
        plan = plan_of(procedure(claim))
        assert procedure(claim).state == "instalments" and plan.total == D("1024.48")
        assert [(str(i.due_on), i.amount) for i in plan.instalments] == [
            ("2027-10-01", D("341.49")),
            ("2027-11-02", D("341.49")),
            ("2027-12-01", D("341.50")),
        ]
        assert procedure(claim).data["due_on"] == "2027-12-01"
        letter = letter_text(documents_of(application_id, "instalment_notice")[0])
        for line in (
            "Ratenzahlungsbescheid",
            "heute offene Betrag von 1.024,48 € (Hauptforderung, Zinsen bis heute und Kosten) in 3 Raten",
            "1. Rate: 341,49 €, fällig am 01.10.2027",
            "2. Rate: 341,49 €, fällig am 02.11.2027",
            "3. Rate: 341,50 €, fällig am 01.12.2027",
            "Verfallklausel: Ist die Frist für die Zahlung von zwei Raten um mehr als 14 Tage überschritten",
            "Stundungszinsen werden daneben nicht erhoben",
            "Schlüsselzuweisungen des Herbstes",
            "Nr. 1.3 der Verwaltungsvorschrift zu § 59 LHO",
        ):
            assert line in letter, line


def test_a_plan_needs_a_second_person_and_valid_terms(app, clock):
    application_id, _ = paid_case(app, clock)
    with app.app_context():
        on(clock, "2027-07-01")
        revocation = proposed_revocation(application_id, revoked="54000.00", effective_from="01.03.2027")
        step(application_id, revocation, "sign_revocation", "zeichnung")
        claim = claim_of(application_id)
        for wrong, message in (
            ({**PLAN, "count": "1"}, "Zahl der Raten an \\(2 bis 36\\)"),
            ({**PLAN, "count": "zwei"}, "Zahl der Raten"),
            ({**PLAN, "interval_months": "13"}, "Abstand der Raten"),
            ({**PLAN, "first_due": "01.07.2027"}, "erste Rate fällig ist"),
        ):
            with pytest.raises(TransitionRefused, match=message) as refused:
                step(application_id, claim, "propose_instalments", "referatsleitung", comment=REASONS, **wrong)
            assert refused.value.status == 422
        with pytest.raises(TransitionRefused, match="begründen"):
            step(application_id, claim, "propose_instalments", "referatsleitung", comment=" ", **PLAN)
        step(application_id, claim, "propose_instalments", "referatsleitung", comment=REASONS, **PLAN)
        with pytest.raises(TransitionRefused) as refused:
            step(application_id, claim, "sign_instalments", "referatsleitung")
        assert refused.value.status == 403
        step(application_id, claim, "return_relief", "zeichnung", comment="Sicherheit fehlt.")
        assert procedure(claim).state == "open" and plan_of(procedure(claim)) is None


def test_instalments_paid_on_time_settle_the_claim_costs_interest_principal(app, clock):
    """01.10.: interest 20,96 + 01.07.–30.09. (92 days × 6,77 % on 1.000 = 17,06) = 38,02; principal 303,47, left
    696,53. 02.11.: interest 01.10.–01.11. (32 days on 696,53 = 4,134… = 4,13), principal 337,36, left 359,17.
    01.12.: interest 02.11.–30.11. (29 days on 359,17 = 1,931… = 1,93), principal 339,57, left 19,60. The rates are
    paid, the interest since is due with the last: on 10.12. 19,60 + 01.12.–09.12. (9 days: 0,032… = 0,03) = 19,63."""
    application_id, claim = _planned_case(app, clock)
    with app.app_context():
        for day, amount in (("01.10.2027", "341.49"), ("02.11.2027", "341.49"), ("01.12.2027", "341.50")):
            on(clock, "-".join(reversed(day.split("."))))
            _receipt(application_id, claim, day, amount)
            assert procedure(claim).state == "instalments"
        receipts = [(r.to_interest, r.to_principal) for r in procedure(claim).receipts]
        assert receipts == [(D("38.02"), D("303.47")), (D("4.13"), D("337.36")), (D("1.93"), D("339.57"))]
        on(clock, "2027-12-10")
        assert run_sweep(db.session).done == []
        with pytest.raises(TransitionRefused, match="nur 19,63"):
            _receipt(application_id, claim, "10.12.2027", "19.64")
        _receipt(application_id, claim, "10.12.2027", "19.63")
        assert procedure(claim).state == "settled"
        money = case_money(db.session, case(application_id))
        # open = claimed + interest − received: 1.000,00 + 44,11 − 1.044,11 = 0
        assert (money.claimed, money.received, money.interest_received, money.outstanding) == (
            D("1000.00"),
            D("1044.11"),
            D("44.11"),
            D("0.00"),
        )
        on(clock, "2028-01-10")
        assert run_sweep(db.session).done == []


def test_one_late_instalment_is_arrears_two_make_the_rest_due_and_it_is_dunned(app, clock, client, auth):
    """Rate 1 paid on 01.10.2027 (principal left 696,53, see above); rates 2 and 3 unpaid. The second unpaid rate is
    due 01.12.2027; 14 days later, 15.12., the plan still stands; on 16.12. the rest is due. The Mahnung that day:
    696,53 + interest 01.10.–15.12.2027 (76 days: 696,53 × 0,0677 × 76 / 365 = 9,818… = 9,82) = 706,35 €."""
    application_id, claim = _planned_case(app, clock)
    with app.app_context():
        clerk = case(application_id).created_by.username
        on(clock, "2027-10-01")
        _receipt(application_id, claim, "01.10.2027", "341.49")
        on(clock, "2027-11-20")
        assert run_sweep(db.session).done == [], "one instalment late is no Verfall"
        assert plan_of(procedure(claim)).arrears(date(2027, 11, 20)) == D("341.49")
    auth.login(clerk)
    page = client.get(f"/antraege/{application_id}").get_data(as_text=True).replace("\u00a0", " ")
    for shown in (
        "In Raten: 1. Rate 341,49 € bis 01.10.2027 – bezahlt; 2. Rate 341,49 € bis 02.11.2027 – überfällig; "
        "3. Rate 341,50 € bis 01.12.2027.",
        "Ist die Frist für die Zahlung von zwei Raten um mehr als 14 Tage überschritten",
    ):
        assert shown in page, shown
    with app.app_context():
        on(clock, "2027-12-15")
        assert run_sweep(db.session).done == []
        on(clock, "2027-12-16")
        assert [a.transition for a in run_sweep(db.session).done] == ["forfeit_instalments"]
        assert procedure(claim).state == "overdue" and procedure(claim).data["due_on"] == "2027-12-16"
        step(application_id, claim, "dun", "pruefung.sued")
        letter = letter_text(documents_of(application_id, "dunning_notice")[0])
        assert "Noch offen: 706,35 €" in letter
        assert (
            "mit dem Ratenzahlungsbescheid vom 20.07.2027" in letter and "seit dem 16.12.2027 sofort fällig" in letter
        )


def test_a_late_instalment_paid_within_the_grace_keeps_the_plan(app, clock):
    """Rate 2 (due 02.11.) paid on 20.11.2027: the next Verfall day moves to 14 days after rate 3's … and the last
    rate's due day, 01.12.2027 + 14 = 15.12.2027."""
    application_id, claim = _planned_case(app, clock)
    with app.app_context():
        on(clock, "2027-10-01")
        _receipt(application_id, claim, "01.10.2027", "341.49")
        on(clock, "2027-11-20")
        _receipt(application_id, claim, "20.11.2027", "341.49")
        assert plan_of(procedure(claim)).forfeit_day().isoformat() == "2027-12-15"
        on(clock, "2027-12-16")
        assert [a.transition for a in run_sweep(db.session).done] == ["forfeit_instalments"], (
            "the last rate unpaid 14 days after its day: what is open is due"
        )

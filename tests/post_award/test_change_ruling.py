"""Änderungsbescheide computed on the granted ruling, and the repayment one demands as a claim: hand-computed figures.

The case (as in test_post_award): one position of 0,5 VZÄ from 01.03.2027 to 28.02.2029 (24 months), granted
58.000,00 €: the Festbetrag per month of the Bescheid is 58.000 / 24 = 2.416,666… €. Every cut below is months of
that figure, whatever earlier Änderungsbescheide did to the position's total.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from post_award_steps import (
    proposed_change,
    case,
    documents_of,
    enter_sample_base_rates,
    final_case,
    letter_text,
    on,
    paid,
    procedure,
    start,
    step,
)
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.workflows.post_award.accounts import case_money

D = Decimal


def _changed(application_id: int, clerk: str, **change) -> int:
    """A change reported, proposed and signed by three people; its id."""
    reported = start(application_id, "change", "report_change", clerk, position="1", **change)
    proposed_change(application_id, reported)
    step(application_id, reported, "sign_change", "zeichnung")
    return reported


def _vacancy(application_id: int, clerk: str, first: str, last: str) -> int:
    return _changed(application_id, clerk, kind="vacancy", start=first, end=last)


def _claims(application_id: int) -> list:
    return [p for p in case(application_id).procedures if p.kind == "claim"]


def test_a_second_vacancy_is_cut_by_the_granted_monthly_amount(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        _vacancy(application_id, clerk, "01.06.2027", "31.08.2027")
        # 58.000,00 − 3 × 2.416,666… = 50.750,00
        assert case(application_id).granted_amount == D("50750.00")
        on(clock, "2028-01-10")
        _vacancy(application_id, clerk, "01.11.2027", "31.12.2027")
        # 58.000,00 − 5 × 2.416,666… = 45.916,666… → 45.916,67; the second cut is 2 × 2.416,666… = 4.833,33
        # (spread, it was 2 × 50.750 / 24 = 4.229,17: 604,16 € too little).
        assert case(application_id).granted_amount == D("45916.67")
        letter = letter_text(documents_of(application_id, "change_notice")[-1])
        assert "von 50.750,00 € auf 45.916,67 €" in letter
        assert "58.000,00 € × 2,0 / 24,0 = 4.833,33 € weniger (Festbetrag je Monat rund 2.416,67 €)" in letter
        assert not _claims(application_id), "nothing was paid, nothing is claimed"


def test_overlapping_vacancies_are_cut_once(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-10-05")
        _vacancy(application_id, clerk, "01.06.2027", "31.08.2027")
        _vacancy(application_id, clerk, "01.08.2027", "30.09.2027")
        # Vacant 01.06.–30.09.2027: 4 months, not 3 + 2. 58.000,00 − 4 × 2.416,666… = 48.333,33;
        # the second Bescheid cuts September only: 1 × 2.416,666… = 2.416,67.
        assert case(application_id).granted_amount == D("48333.33")
        letter = letter_text(documents_of(application_id, "change_notice")[-1])
        # The exact share is printed, so that the figures multiply: 58.000,00 € × 1 / 24 = 2.416,67 €.
        assert "58.000,00 € × 1,0 / 24,0 = 2.416,67 € weniger (Festbetrag je Monat rund 2.416,67 €)" in letter


@pytest.mark.parametrize(
    "end,expected",
    [
        # Funded 01.03.–31.12.2027 (10 months), of them 3 vacant: 7 × 2.416,666… = 16.916,67
        # (spread, it was 10 × 50.750 / 24 = 21.145,83).
        ("31.12.2027", D("16916.67")),
        # Funded 01.03.–30.06.2027 (4 months), June vacant: 3 × 2.416,666… = 7.250,00; July and August were vacant too,
        # but after the end they are not cut a second time.
        ("30.06.2027", D("7250.00")),
    ],
)
def test_an_end_after_a_vacancy_keeps_the_vacant_months_cut_once(app, clock, end, expected):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        _vacancy(application_id, clerk, "01.06.2027", "31.08.2027")
        on(clock, "2028-01-10")
        _changed(application_id, clerk, kind="end", start=end)
        assert case(application_id).granted_amount == expected


def test_a_smaller_share_after_a_vacancy_keeps_the_granted_monthly_amount_before_it(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        _vacancy(application_id, clerk, "01.06.2027", "31.08.2027")
        _changed(application_id, clerk, kind="fte", start="01.03.2028", fte="0,25")
        # 01.03.2027–29.02.2028: 12 months − 3 vacant = 9 × 2.416,666… = 21.750,00;
        # 01.03.2028–28.02.2029 at 0,25 VZÄ: 12 × (58.000 × 0,25 / 0,5 / 24 = 1.208,333…) = 14.500,00; total 36.250,00
        # (spread, it was 12 × 2.114,58 + 12 × 1.208,33 = 39.875,00).
        assert case(application_id).granted_amount == D("36250.00")


def test_after_a_vacancy_a_request_is_limited_to_the_funded_months(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-01")
        _vacancy(application_id, clerk, "01.06.2027", "31.08.2027")
        # Up to 01.12.2027 (3 months ahead): 9 months and 1 day from 01.03.2027, of them 3 months vacant:
        # (6 + 1/30) × 2.416,666… = 14.580,555… → 14.580,56 (spread, it was (9 + 1/30) × 2.114,58 = 19.101,74).
        with pytest.raises(TransitionRefused, match="höchstens 14.580,56\u00a0€"):
            start(application_id, "payment", "request_payment", clerk, amount="14580.57")
        start(application_id, "payment", "request_payment", clerk, amount="14580.56")


def _paid_14000(app, clock, application_id: int, clerk: str) -> None:
    """5.000,00 € executed on 01.03.2027 and 9.000,00 € on 01.06.2027 (within the 9.580,56 € then requestable)."""
    enter_sample_base_rates()
    on(clock, "2027-03-01")
    paid(application_id, clerk, "5000.00")
    on(clock, "2027-06-01")
    paid(application_id, clerk, "9000.00")


def test_a_retroactive_end_claims_back_what_was_paid_beyond_it_with_interest_from_each_payment(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        _paid_14000(app, clock, application_id, clerk)
        on(clock, "2027-09-06")  # a Monday
        change = _changed(application_id, clerk, kind="end", start="31.03.2027")
        # Funded 01.03.–31.03.2027: 1 × 2.416,666… = 2.416,67. Paid 14.000,00, so 11.583,33 € are to be repaid.
        assert case(application_id).granted_amount == D("2416.67")
        [claim] = _claims(application_id)
        claim = procedure(claim.id)
        assert claim.state == "open" and claim.amount == D("11583.33") and claim.data["source_id"] == change
        # Bekanntgabe Thu 09.09.2027 (3 days), + 30 days = Sat 09.10.2027 → Mon 11.10.2027.
        assert claim.data["due_on"] == "2027-10-11"
        # Latest payment first: 9.000,00 from its execution on 01.06.2027; the rest, 2.583,33, from the first day
        # without funding, 01.04.2027 (the 5.000,00 were paid before it).
        assert [(p["amount"], p["start"]) for p in claim.data["portions"]] == [
            ("9000.00", "2027-06-01"),
            ("2583.33", "2027-04-01"),
        ]
        money = case_money(db.session, case(application_id))
        assert (money.granted, money.paid, money.claimed) == (D("2416.67"), D("14000.00"), D("11583.33"))
        # Interest (5 points over 1,27 % to 30.06., over 1,77 % from 01.07.; days / 365), up to the due day:
        #   9.000,00 × 6,27 % × 30/365 (01.06.–30.06.)  =  46,38
        #   9.000,00 × 6,77 % × 102/365 (01.07.–10.10.) = 170,27
        #   2.583,33 × 6,27 % × 91/365 (01.04.–30.06.)  =  40,38
        #   2.583,33 × 6,77 % × 102/365 (01.07.–10.10.) =  48,87      together 305,90; with the principal 11.889,23
        letter = letter_text(documents_of(application_id, "change_notice")[-1])
        assert "gesonderter Bescheid" not in letter
        for figure in (
            "11.583,33 €",
            "305,90 €",
            "11.889,23 €",
            "11.10.2027",
            "170,27 €",
            "§ 49a Abs. 1",
            "§ 49a Abs. 3",
            "§ 49 Abs. 3",
        ):
            assert figure in letter, figure


def test_a_change_signed_after_a_payment_moved_the_figures_is_refused(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        _paid_14000(app, clock, application_id, clerk)
        on(clock, "2027-09-06")
        change = start(application_id, "change", "report_change", clerk, position="1", kind="end", start="31.03.2027")
        proposed_change(application_id, change)
        other = _changed(application_id, clerk, kind="vacancy", start="01.02.2028", end="29.02.2028")
        assert procedure(other).state == "decided"
        with pytest.raises(TransitionRefused, match="neu vor") as refused:
            step(application_id, change, "sign_change", "zeichnung")
        assert refused.value.status == 409
        assert procedure(change).state == "change_proposed"

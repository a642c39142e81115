"""Erstattungszinsen (§ 49a Abs. 3 LVwVfG) against cases computed by hand.

Every expected figure is worked out in the comment beside it: principal ×
(Basiszinssatz + 5) % × days / days of that year, rounded half up to the cent
per period. End dates are the day of repayment, which bears no interest.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from workflow.money.interest import PublishedRate, InterestError, interest_table, total_interest

D = Decimal

# The published Basiszinssätze these cases need (Deutsche Bundesbank), in percent.
RATES = [
    PublishedRate(date(2019, 1, 1), D("-0.88")),
    PublishedRate(date(2019, 7, 1), D("-0.88")),
    PublishedRate(date(2020, 1, 1), D("-0.88")),
    PublishedRate(date(2020, 7, 1), D("-0.88")),
    PublishedRate(date(2023, 7, 1), D("3.12")),
    PublishedRate(date(2024, 1, 1), D("3.62")),
    PublishedRate(date(2024, 7, 1), D("3.37")),
    PublishedRate(date(2025, 1, 1), D("2.27")),
    PublishedRate(date(2025, 7, 1), D("1.27")),
]


def rows(periods):
    return [(p.date_from, p.date_to, p.days, p.year_days, p.rate, p.interest) for p in periods]


def test_a_period_inside_one_half_year():
    # 01.02.2025 to repayment on 01.03.2025: 01.02.–28.02.2025 = 28 days, 2025 has 365.
    # Rate 2,27 + 5 = 7,27 %. 10.000 × 0,0727 = 727 per year; 727 × 28 / 365 = 20.356 / 365
    # = 55,7698… → 55,77 €.
    periods = interest_table(D("10000.00"), date(2025, 2, 1), date(2025, 3, 1), RATES)
    assert rows(periods) == [(date(2025, 2, 1), date(2025, 2, 28), 28, 365, D("7.27"), D("55.77"))]
    assert total_interest(periods) == D("55.77")


def test_a_period_across_a_change_of_the_basiszinssatz():
    # 15.05.2024 to repayment on 15.08.2024, split at 01.07.2024; 2024 has 366 days.
    # 15.05.–30.06.: 17 + 30 = 47 days at 3,62 + 5 = 8,62 %:
    #   50.000 × 0,0862 = 4.310; 4.310 × 47 / 366 = 202.570 / 366 = 553,4699… → 553,47 €
    # 01.07.–14.08.: 31 + 14 = 45 days at 3,37 + 5 = 8,37 %:
    #   50.000 × 0,0837 = 4.185; 4.185 × 45 / 366 = 188.325 / 366 = 514,5491… → 514,55 €
    # Total 553,47 + 514,55 = 1.068,02 €.
    periods = interest_table(D("50000.00"), date(2024, 5, 15), date(2024, 8, 15), RATES)
    assert rows(periods) == [
        (date(2024, 5, 15), date(2024, 6, 30), 47, 366, D("8.62"), D("553.47")),
        (date(2024, 7, 1), date(2024, 8, 14), 45, 366, D("8.37"), D("514.55")),
    ]
    assert total_interest(periods) == D("1068.02")


def test_a_period_across_a_year_end_and_a_leap_day():
    # 01.12.2023 to repayment on 31.03.2024.
    # 01.12.–31.12.2023: 31 days at 3,12 + 5 = 8,12 %, 2023 has 365 days:
    #   20.000 × 0,0812 = 1.624; 1.624 × 31 / 365 = 50.344 / 365 = 137,9287… → 137,93 €
    # 01.01.–30.03.2024: 31 + 29 (leap day) + 30 = 90 days at 3,62 + 5 = 8,62 %, 2024 has 366:
    #   20.000 × 0,0862 = 1.724; 1.724 × 90 / 366 = 155.160 / 366 = 423,9344… → 423,93 €
    # Total 137,93 + 423,93 = 561,86 €.
    periods = interest_table(D("20000.00"), date(2023, 12, 1), date(2024, 3, 31), RATES)
    assert rows(periods) == [
        (date(2023, 12, 1), date(2023, 12, 31), 31, 365, D("8.12"), D("137.93")),
        (date(2024, 1, 1), date(2024, 3, 30), 90, 366, D("8.62"), D("423.93")),
    ]
    assert total_interest(periods) == D("561.86")


def test_a_negative_basiszinssatz_still_adds_five_points():
    # 01.03.2020 to repayment on 01.06.2020: 31 + 30 + 31 = 92 days; 2020 has 366.
    # Rate -0,88 + 5 = 4,12 %. 100.000 × 0,0412 = 4.120; 4.120 × 92 / 366 = 379.040 / 366
    # = 1.035,6284… → 1.035,63 €.
    periods = interest_table(D("100000.00"), date(2020, 3, 1), date(2020, 6, 1), RATES)
    assert rows(periods) == [(date(2020, 3, 1), date(2020, 5, 31), 92, 366, D("4.12"), D("1035.63"))]
    assert periods[0].base_rate == D("-0.88")


def test_an_unchanged_rate_is_still_split_at_the_year_end():
    # 01.07.2019 to repayment on 01.07.2020, 4,12 % throughout; the year length changes.
    # 01.07.–31.12.2019: 184 days / 365: 10.000 × 0,0412 = 412; 412 × 184 / 365 = 75.808 / 365
    #   = 207,6931… → 207,69 €
    # 01.01.–30.06.2020: 182 days / 366: 412 × 182 / 366 = 74.984 / 366 = 204,8743… → 204,87 €
    # The half-years of one year with the same rate stay one line. Total 412,56 €.
    periods = interest_table(D("10000.00"), date(2019, 7, 1), date(2020, 7, 1), RATES)
    assert rows(periods) == [
        (date(2019, 7, 1), date(2019, 12, 31), 184, 365, D("4.12"), D("207.69")),
        (date(2020, 1, 1), date(2020, 6, 30), 182, 366, D("4.12"), D("204.87")),
    ]
    assert total_interest(periods) == D("412.56")


def test_half_a_cent_rounds_up_per_period():
    # Basiszinssatz 0 → 5 %. 36,50 × 0,05 × 1 / 365 = 1,825 / 365 = 0,005 exactly → 0,01 € (half up,
    # where banker's rounding would give 0,00). Two such periods (split at the year end) total
    # 0,01 + 0,01 = 0,02 €, the sum of the printed lines, not the rounded exact sum 0,010 → 0,01 €.
    rates = [PublishedRate(date(2021, 7, 1), D("0")), PublishedRate(date(2022, 1, 1), D("0"))]
    assert rows(interest_table(D("36.50"), date(2021, 12, 31), date(2022, 1, 1), rates)) == [
        (date(2021, 12, 31), date(2021, 12, 31), 1, 365, D("5"), D("0.01")),
    ]
    periods = interest_table(D("36.50"), date(2021, 12, 31), date(2022, 1, 2), rates)
    assert [p.interest for p in periods] == [D("0.01"), D("0.01")]
    assert total_interest(periods) == D("0.02")


def test_one_day_and_no_day():
    # Repayment the day after the start: one interest day. 365,00 × 7,27 % × 1 / 365 = 0,0727 → 0,07 €.
    assert [p.interest for p in interest_table(D("365.00"), date(2025, 3, 3), date(2025, 3, 4), RATES)] == [D("0.07")]
    # Repayment on the day the revocation takes effect: nothing is owed.
    assert interest_table(D("1000.00"), date(2025, 3, 3), date(2025, 3, 3), RATES) == []
    assert total_interest([]) == D("0.00")


def test_an_end_before_the_start_is_refused_in_german():
    with pytest.raises(
        InterestError,
        match=r"Tag der Rückzahlung \(02\.03\.2025\) liegt vor dem Beginn der Verzinsung \(03\.03\.2025\)",
    ):
        interest_table(D("1000.00"), date(2025, 3, 3), date(2025, 3, 2), RATES)


def test_other_invalid_inputs_are_refused():
    with pytest.raises(InterestError, match="nicht negativ"):
        interest_table(D("-1.00"), date(2025, 3, 3), date(2025, 3, 4), RATES)
    with pytest.raises(InterestError, match="mehr als zwei Nachkommastellen"):
        interest_table(D("1.005"), date(2025, 3, 3), date(2025, 3, 4), RATES)
    with pytest.raises(TypeError):
        interest_table(1000.0, date(2025, 3, 3), date(2025, 3, 4), RATES)  # type: ignore[arg-type]
    with pytest.raises(InterestError, match="kein Basiszinssatz hinterlegt"):
        interest_table(D("1000.00"), date(2025, 3, 3), date(2025, 3, 4), [])
    with pytest.raises(InterestError, match="zwei Basiszinssätze"):
        interest_table(
            D("1000.00"), date(2025, 3, 3), date(2025, 3, 4), RATES + [PublishedRate(date(2025, 1, 1), D("2"))]
        )


def test_days_without_a_published_rate_are_refused():
    # Before the first entry.
    with pytest.raises(InterestError, match="Für den 31.12.2018 ist kein Basiszinssatz hinterlegt"):
        interest_table(D("1000.00"), date(2018, 12, 31), date(2019, 1, 2), RATES)
    # The last entry (01.07.2025) holds until 31.12.2025; 01.01.2026 needs its own publication.
    assert interest_table(D("1000.00"), date(2025, 12, 1), date(2026, 1, 1), RATES)
    with pytest.raises(InterestError, match="Basiszinssatz ab 01.01.2026 ist noch nicht hinterlegt"):
        interest_table(D("1000.00"), date(2025, 12, 1), date(2026, 1, 2), RATES)

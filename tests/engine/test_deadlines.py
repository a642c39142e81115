"""Deadline arithmetic by § 31 LVwVfG with §§ 187–193 BGB and Baden-Württemberg's public holidays."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from workflow.deadlines import (
    end_of_day_period,
    end_of_month_period,
    holiday_name,
    is_working_day,
    next_working_day,
    notification_date,
)

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2040, 12, 31))
BW_HOLIDAYS = holidays.country_holidays("DE", subdiv="BW", years=range(2024, 2042))


def test_the_day_of_the_event_is_not_counted():
    # Sent on Wednesday 25.11.2026: the first of 14 days is Thursday 26.11, the last Wednesday 09.12.
    assert end_of_day_period(date(2026, 11, 25), 14) == date(2026, 12, 9)


def test_a_period_of_days_ending_on_christmas_ends_on_the_next_working_day():
    # 14 days from Friday 11.12.2026 end on Friday 25.12.2026; 26. and 27.12 are a weekend.
    assert end_of_day_period(date(2026, 12, 11), 14) == date(2026, 12, 28)


def test_christmas_eve_and_new_years_eve_are_working_days_in_baden_wuerttemberg():
    assert is_working_day(date(2026, 12, 24)) and is_working_day(date(2026, 12, 31))


def test_new_year_moves_the_end_past_the_weekend():
    assert end_of_day_period(date(2026, 12, 18), 14) == date(2027, 1, 4)


def test_heilige_drei_koenige_is_a_holiday_in_baden_wuerttemberg():
    assert holiday_name(date(2027, 1, 6)) == "Heilige Drei Könige"
    assert end_of_day_period(date(2026, 12, 23), 14) == date(2027, 1, 7)


@pytest.mark.parametrize(
    "plain_end,expected,reason",
    [
        (date(2027, 3, 26), date(2027, 3, 30), "Karfreitag, Wochenende und Ostermontag"),
        (date(2027, 3, 29), date(2027, 3, 30), "Ostermontag"),
        (date(2027, 5, 6), date(2027, 5, 7), "Christi Himmelfahrt"),
        (date(2027, 5, 17), date(2027, 5, 18), "Pfingstmontag"),
        (date(2027, 5, 27), date(2027, 5, 28), "Fronleichnam (Feiertag in Baden-Württemberg)"),
        (date(2027, 11, 1), date(2027, 11, 2), "Allerheiligen (Feiertag in Baden-Württemberg)"),
        (date(2027, 10, 3), date(2027, 10, 4), "Tag der Deutschen Einheit an einem Sonntag"),
    ],
)
def test_periods_ending_on_a_holiday_end_on_the_next_working_day(plain_end, expected, reason):
    start = plain_end - timedelta(days=10)
    assert end_of_day_period(start, 10) == expected, reason


def test_a_period_ending_on_a_saturday_or_sunday_ends_on_monday():
    assert end_of_day_period(date(2027, 2, 3), 10) == date(2027, 2, 15)  # Saturday 13.02
    assert end_of_day_period(date(2027, 2, 4), 10) == date(2027, 2, 15)  # Sunday 14.02


def test_a_month_period_ends_on_the_same_date_of_the_later_month():
    assert end_of_month_period(date(2027, 3, 15), 1) == date(2027, 4, 15)


def test_31_january_plus_one_month_is_the_last_day_of_february_then_the_next_working_day():
    # 28.02.2027 is a Sunday.
    assert end_of_month_period(date(2027, 1, 31), 1) == date(2027, 3, 1)


def test_31_january_plus_one_month_in_a_leap_year_is_29_february():
    assert end_of_month_period(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_a_month_period_across_the_turn_of_the_year():
    assert end_of_month_period(date(2026, 11, 30), 1) == date(2026, 12, 30)
    assert end_of_month_period(date(2026, 12, 1), 1) == date(2027, 1, 4)  # Friday 01.01.2027 is Neujahr


def test_notification_counts_three_days_after_dispatch():
    assert notification_date(date(2026, 11, 24), 3) == date(2026, 11, 27)


def test_a_notification_day_on_a_weekend_or_holiday_moves_to_the_next_working_day():
    assert notification_date(date(2026, 11, 25), 3) == date(2026, 11, 30)  # Saturday 28.11
    assert notification_date(date(2026, 12, 29), 3) == date(2027, 1, 4)  # Neujahr, then the weekend


def test_the_notification_fiction_is_a_parameter_not_a_constant():
    # The federal rule moved from three to four days in 2025; the programme setting decides.
    assert notification_date(date(2026, 11, 23), 4) == date(2026, 11, 27)
    assert notification_date(date(2026, 11, 23), 3) == date(2026, 11, 26)


def test_the_remedy_period_runs_one_month_from_the_fictional_notification():
    # Signed on Tuesday 29.12.2026: notified Monday 04.01.2027, final after Thursday 04.02.2027.
    assert end_of_month_period(notification_date(date(2026, 12, 29), 3), 1) == date(2027, 2, 4)


def test_next_working_day_keeps_a_working_day():
    assert next_working_day(date(2026, 11, 25)) == date(2026, 11, 25)


@given(DAYS)
def test_working_days_are_exactly_the_weekdays_that_are_not_bw_holidays(day):
    assert is_working_day(day) == (day.weekday() < 5 and day not in BW_HOLIDAYS)


@given(DAYS, st.integers(min_value=1, max_value=120))
def test_a_day_period_ends_on_the_first_working_day_from_its_calendar_end(start, days):
    plain_end = start + timedelta(days=days)
    result = end_of_day_period(start, days)
    assert result >= plain_end
    assert result.weekday() < 5 and result not in BW_HOLIDAYS
    # Never later than needed: every day skipped was a weekend day or a holiday.
    skipped = [plain_end + timedelta(days=n) for n in range((result - plain_end).days)]
    assert all(not is_working_day(day) for day in skipped)


@given(DAYS, st.integers(min_value=1, max_value=36))
def test_a_month_period_ends_on_the_first_working_day_from_its_calendar_end(start, months):
    plain_end = start + relativedelta(months=months)
    assert plain_end.day == start.day or (plain_end + timedelta(days=1)).day == 1
    result = end_of_month_period(start, months)
    assert result >= plain_end
    assert result.weekday() < 5 and result not in BW_HOLIDAYS
    assert (result - plain_end).days <= 4  # Karfreitag to Ostermontag is the longest run of free days


@given(DAYS, st.integers(min_value=0, max_value=7))
def test_the_notification_day_is_a_working_day_not_before_the_fiction(dispatch, fiction_days):
    result = notification_date(dispatch, fiction_days)
    assert result >= dispatch + timedelta(days=fiction_days)
    assert is_working_day(result)

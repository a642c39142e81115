"""Deadline arithmetic by German law (§ 31 LVwVfG with §§ 187–193 BGB).

- The day of the event that starts a period is not counted (§ 187 Abs. 1 BGB).
- A period of days ends with the last day; a period of months ends on the day
  of the later month with the same number as the start day, or on that
  month's last day if it has no such day (§ 188 Abs. 1–3 BGB).
- A period whose last day is a Saturday, Sunday or public holiday in
  Baden-Württemberg ends with the next working day (§ 31 Abs. 3 LVwVfG,
  § 193 BGB).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv="BW", years=year, language="de")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def holiday_name(day: date) -> str | None:
    return _holidays_of(day.year).get(day)


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def end_of_day_period(start: date, days: int) -> date:
    """The last day of a period of ``days`` days that starts with the event on ``start``."""
    return next_working_day(start + timedelta(days=days))


def working_days_after(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (an internal time limit in Arbeitstage, not a legal period)."""
    day = start
    for _ in range(days):
        day = next_working_day(day + timedelta(days=1))
    return day


def end_of_month_period(start: date, months: int) -> date:
    """The last day of a period of ``months`` months that starts with the event on ``start``.

    relativedelta already clamps to the month's last day (31 January + 1 month
    is 28 or 29 February), which is § 188 Abs. 3 BGB.
    """
    return next_working_day(start + relativedelta(months=months))


def notification_date(dispatch: date, fiction_days: int) -> date:
    """The day a letter counts as notified (Bekanntgabefiktion, § 41 Abs. 2 LVwVfG).

    Following the fiscal courts' reading of the same rule (BFH, IX R 68/98), a
    fictional notification day that is not a working day moves to the next one.
    """
    return next_working_day(dispatch + timedelta(days=fiction_days))

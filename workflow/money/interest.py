"""Erstattungszinsen (§ 49a Abs. 3 LVwVfG): five percentage points above the Basiszinssatz, day by day.

Pure: no database, no application. The caller passes the rate history (every
published Basiszinssatz with the day it applies from) and gets a table of
periods that a letter can print line by line and a person can recompute.

The rules, decided here once:

- **Start**: the first day of interest is ``start`` itself, the day the
  revocation takes effect (§ 49a Abs. 3 S. 1: "vom Eintritt der Unwirksamkeit
  des Verwaltungsaktes an"). Whether that day may lie before the payment is
  the caller's decision, not arithmetic.
- **End**: ``end`` is the day the money arrives back (Tag der Gutschrift) and
  is *not* an interest day: from that day on nothing is owed. So ``start ==
  end`` yields no interest, and the number of days is ``end - start``.
- **Day count**: actual/actual by calendar day. A day's interest is principal
  × rate / (days of that calendar year): 1/365 in a common year, 1/366 in a
  leap year. No statute fixes the count for § 49a; a fixed 360-day year
  (kaufmännisch) overstates interest, and a fixed 365 overstates it in leap
  years, while act/act charges exactly one year's rate for one calendar year.
- **Periods**: a new period begins wherever the Basiszinssatz changes and on
  every 1 January (the divisor changes), so each period has one rate and one
  year length and reads principal × rate × days / year_days.
- **Rounding**: each period's interest is rounded to the cent (ROUND_HALF_UP)
  at its end, and the total is the sum of the rounded periods, so the printed
  table adds up.
- **Negative Basiszinssatz** (2013–2022): the rate is still base + 5 points
  (e.g. -0,88 % + 5 = 4,12 %); the statute adds, it does not floor the base.
- **Unknown rates**: a day after the last published half-year is refused
  rather than charged at a guessed rate; the administrator adds the new rate
  first (``foerderweg basiszinssatz add``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

from workflow.money import within_cents

# § 49a Abs. 3 S. 1 LVwVfG: "mit fünf Prozentpunkten über dem Basiszinssatz jährlich zu verzinsen".
SURCHARGE_POINTS = Decimal("5")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


class InterestError(ValueError):
    """An input the calculation refuses; the message is for people (German)."""


@dataclass(frozen=True)
class PublishedRate:
    """One published Basiszinssatz: in percent (may be negative), applying from ``valid_from`` on."""

    valid_from: date
    rate: Decimal


@dataclass(frozen=True)
class InterestPeriod:
    """One line of the interest table: ``date_from`` to ``date_to``, both interest days."""

    date_from: date
    date_to: date
    days: int
    year_days: int
    base_rate: Decimal
    rate: Decimal
    interest: Decimal


def _de(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def year_days(year: int) -> int:
    """365, or 366 in a leap year."""
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def next_half_year(day: date) -> date:
    """The next 1 January or 1 July after ``day`` (§ 247 Abs. 1 S. 2 BGB: the days the rate may change)."""
    return date(day.year, 7, 1) if day.month < 7 else date(day.year + 1, 1, 1)


def _history(rates: Iterable[PublishedRate]) -> list[PublishedRate]:
    history = sorted(rates, key=lambda entry: entry.valid_from)
    if not history:
        raise InterestError("Es ist kein Basiszinssatz hinterlegt; ohne ihn lassen sich keine Zinsen berechnen.")
    for earlier, later in zip(history, history[1:]):
        if earlier.valid_from == later.valid_from:
            raise InterestError(f"Für den {_de(later.valid_from)} sind zwei Basiszinssätze angegeben.")
    for entry in history:
        if not isinstance(entry.rate, Decimal):
            raise TypeError("Basiszinssätze als Decimal angeben, nie als float")
    return history


def _base_rate_on(history: Sequence[PublishedRate], day: date) -> Decimal:
    """The rate of the latest entry applying on ``day`` (the history covers ``day``: checked before)."""
    current = history[0]
    for entry in history:
        if entry.valid_from > day:
            break
        current = entry
    return current.rate


def _check_covered(history: Sequence[PublishedRate], first_day: date, last_day: date) -> None:
    if first_day < history[0].valid_from:
        raise InterestError(
            f"Für den {_de(first_day)} ist kein Basiszinssatz hinterlegt; "
            f"die hinterlegten Sätze beginnen am {_de(history[0].valid_from)}."
        )
    # A published rate holds until the next change date; after that the next one must be entered,
    # even when unchanged, because only its publication says that it is unchanged.
    known_until = next_half_year(history[-1].valid_from)
    if last_day >= known_until:
        raise InterestError(
            f"Der Basiszinssatz ab {_de(known_until)} ist noch nicht hinterlegt. Bitte zuerst den von der "
            f"Deutschen Bundesbank bekannt gegebenen Satz eintragen (foerderweg basiszinssatz add)."
        )


def interest_for(principal: Decimal, rate: Decimal, days: int, days_in_year: int) -> Decimal:
    """principal × rate % × days / days_in_year, rounded to the cent (half up)."""
    exact = principal * rate * days / (HUNDRED * days_in_year)
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def interest_table(principal: Decimal, start: date, end: date, rates: Iterable[PublishedRate]) -> list[InterestPeriod]:
    """The periods of interest on ``principal`` from ``start`` (an interest day) until ``end`` (repayment, not one).

    Raises InterestError (German message) for an end before the start, a
    negative principal, or days without a published Basiszinssatz.
    """
    if not isinstance(principal, Decimal):
        raise TypeError("Beträge als Decimal angeben, nie als float")
    if principal < 0:
        raise InterestError(f"Der zu verzinsende Betrag darf nicht negativ sein (angegeben: {principal}).")
    if not within_cents(principal):
        raise InterestError(f"Der zu verzinsende Betrag {principal} hat mehr als zwei Nachkommastellen.")
    if end < start:
        raise InterestError(f"Der Tag der Rückzahlung ({_de(end)}) liegt vor dem Beginn der Verzinsung ({_de(start)}).")
    if end == start:
        return []
    history = _history(rates)
    last_day = end - timedelta(days=1)
    _check_covered(history, start, last_day)

    # Cut where the rate changes or a year begins; each piece then has one rate and one divisor.
    cuts = {entry.valid_from for entry in history if start < entry.valid_from <= last_day}
    cuts |= {date(year, 1, 1) for year in range(start.year + 1, last_day.year + 1)}
    boundaries = (
        [start]
        + sorted(
            cut
            for cut in cuts
            if (cut.month, cut.day) == (1, 1)
            or _base_rate_on(history, cut) != _base_rate_on(history, cut - timedelta(days=1))
        )
        + [end]
    )

    periods = []
    for first, following in zip(boundaries, boundaries[1:]):
        base = _base_rate_on(history, first)
        rate = base + SURCHARGE_POINTS
        days = (following - first).days
        divisor = year_days(first.year)
        periods.append(
            InterestPeriod(
                first,
                following - timedelta(days=1),
                days,
                divisor,
                base,
                rate,
                interest_for(principal, rate, days, divisor),
            )
        )
    return periods


def total_interest(periods: Iterable[InterestPeriod]) -> Decimal:
    """The sum of the rounded periods: what the letter demands."""
    return sum((period.interest for period in periods), Decimal("0.00"))

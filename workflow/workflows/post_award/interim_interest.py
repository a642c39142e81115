"""Zwischenzinsen (§ 49a Abs. 4 LVwVfG): interest on money called before it was needed.

„Wird eine Leistung nicht alsbald nach der Auszahlung für den bestimmten Zweck verwendet, so können für die Zeit bis
zur zweckentsprechenden Verwendung Zinsen nach Absatz 3 Satz 1 verlangt werden.“ The wording is the federal § 49a
Abs. 4 VwVfG, which the Land's LVwVfG repeats; its BW text was not in the stored sources, the federal courts' reading
was: BVerwG, Urteil vom 30.01.2013 – 8 C 2.12 (https://bverwg.de/300113U8C2.12.0: Abs. 4 governs Zwischen- oder
Verzögerungszinsen, not Erstattungszinsen) and BVerwG 8 C 31.01 (https://www.bundesverwaltungsgericht.de/
entscheidungen/verwandte_dokumente.php?az=BVerwG+8+C+31.01: interest on the part used more than two months after
payout). „Alsbald“ is the two months of Nr. 1.4 ANBest-K/ANBest-P; the programme setting ``interim_interest_months``
holds it. „Können“: the reviewer decides whether to demand them (Ermessen) and says why.

Pure: no database. Payments are used first in, first out: each use (a staffed month's Festbetrag on the day the
salary is paid, or a receipt's grant share on the day it was paid) takes the earliest money not yet used. A piece
used later than ``months`` after its payout bears interest from the payout day to the day of use (not an interest
day), at five points above the Basiszinssatz, actual/actual (``money.interest``). Money never used is not counted
here: it is repaid, and the Erstattung bears its own interest (Abs. 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from dateutil.relativedelta import relativedelta

from workflow.money.interest import InterestPeriod, PublishedRate, interest_table

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Late:
    """A piece of a payment used late, and its interest periods."""

    amount: Decimal
    paid_on: date
    used_on: date
    periods: tuple[InterestPeriod, ...]

    @property
    def interest(self) -> Decimal:
        return sum((period.interest for period in self.periods), ZERO)


def late_uses(
    payments: Iterable[tuple[date, Decimal]],
    uses: Iterable[tuple[date, Decimal]],
    months: int,
    rates: Iterable[PublishedRate],
) -> list[Late]:
    """The pieces of ``payments`` (day executed, amount) used by ``uses`` (day, amount) more than ``months`` after
    their payout, each with its interest to the day of use."""
    rates = list(rates)
    queue = [[day, amount] for day, amount in sorted(payments)]
    found = []
    for used_on, amount in sorted(uses):
        left = amount
        while left > 0 and queue:
            paid_on, available = queue[0]
            piece = min(left, available)
            if used_on > paid_on + relativedelta(months=months):
                found.append(Late(piece, paid_on, used_on, tuple(interest_table(piece, paid_on, used_on, rates))))
            left -= piece
            queue[0][1] -= piece
            if queue[0][1] <= 0:
                queue.pop(0)
    return found


def shared_uses(expenses: Iterable[tuple[date, Decimal]], grant: Decimal) -> list[tuple[date, Decimal]]:
    """The grant's part of each expense (day paid, amount) when the grant is spent together with the other funds in
    proportion to them („anteilig“, Nr. 1.4 ANBest-P/ANBest-K): ``grant`` spread over the expenses by their amounts,
    in the order paid, each cumulative sum rounded so that the pieces add up to ``grant`` exactly."""
    expenses = sorted(expenses)
    spent = sum((amount for _, amount in expenses), ZERO)
    if spent <= 0 or grant <= 0:
        return []
    uses, running, before = [], ZERO, ZERO
    for day, amount in expenses:
        running += amount
        upto = (grant * running / spent).quantize(CENT, rounding=ROUND_HALF_UP)
        if upto > before:
            uses.append((day, upto - before))
        before = upto
    return uses


def total(found: Iterable[Late]) -> Decimal:
    return sum((late.interest for late in found), ZERO)

"""What a claim (Forderung) comes to on a day: principal, costs and interest, less what was received.

Pure: no database. A claim's principal is made of portions, each the part of a payment it stems from with its
first interest day (the day the revocation takes effect, not before the money left the Landeskasse, § 49a Abs. 3
LVwVfG). Interest runs on each portion's unpaid principal day by day (``interest.interest_table``: five points
above the Basiszinssatz, actual/actual, the day of receipt no interest day). Each receipt pays, in the order of
§ 367 Abs. 1 BGB, first the costs, then the interest accrued up to its day, then principal; principal is
reduced on the portion that has borne interest longest first. What exceeds everything owed is ``excess``: the
caller refuses to book it (an overpayment is paid back, not kept).

The identity the ledger relies on holds by construction: open = principal + costs + interest − received.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable, Optional

from workflow.money.interest import PublishedRate, interest_table

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Portion:
    amount: Decimal
    start: date
    payment_id: Optional[int] = None


@dataclass(frozen=True)
class Money:
    """A receipt or a charge of costs on a day."""

    day: date
    amount: Decimal


@dataclass(frozen=True)
class Applied:
    day: date
    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    excess: Decimal


@dataclass
class Balance:
    until: date
    principal: Decimal
    costs: Decimal = ZERO
    interest: Decimal = ZERO
    received: Decimal = ZERO
    paid_costs: Decimal = ZERO
    paid_interest: Decimal = ZERO
    paid_principal: Decimal = ZERO
    applied: list[Applied] = field(default_factory=list)
    # Every interest period: (portion's principal then, period) – what a letter prints.
    rows: list[tuple[Decimal, object]] = field(default_factory=list)

    @property
    def open_principal(self) -> Decimal:
        return self.principal - self.paid_principal

    @property
    def open_interest(self) -> Decimal:
        return self.interest - self.paid_interest

    @property
    def open_costs(self) -> Decimal:
        return self.costs - self.paid_costs

    @property
    def open(self) -> Decimal:
        return self.open_principal + self.open_interest + self.open_costs

    @property
    def settled(self) -> bool:
        return self.open <= 0


def balance(
    portions: Iterable[Portion],
    receipts: Iterable[Money],
    until: date,
    rates: Iterable[PublishedRate],
    costs: Iterable[Money] = (),
    fixed_interest: Decimal = ZERO,
) -> Balance:
    """The claim as of ``until`` (interest up to the day before: money arriving on ``until`` owes none for it).

    ``fixed_interest`` is interest the Bescheid fixed as a sum (Zwischenzinsen, § 49a Abs. 4 LVwVfG): owed from the
    start, paid before principal, bearing no interest itself (§ 289 Satz 1 BGB: no interest on interest).

    Receipts after ``until`` are not counted; raises ``interest.InterestError`` where a Basiszinssatz is missing.
    """
    rates = list(rates)
    open_portions = sorted(([portion.amount, portion.start] for portion in portions), key=lambda item: item[1])
    result = Balance(until, sum((portion[0] for portion in open_portions), ZERO), interest=fixed_interest)
    charges = sorted((charge for charge in costs if charge.day <= until), key=lambda charge: charge.day)
    for receipt in sorted((receipt for receipt in receipts if receipt.day <= until), key=lambda receipt: receipt.day):
        _accrue(result, open_portions, receipt.day, rates)
        result.costs = sum((charge.amount for charge in charges if charge.day <= receipt.day), ZERO)
        result.applied.append(_apply(result, open_portions, receipt))
    _accrue(result, open_portions, until, rates)
    result.costs = sum((charge.amount for charge in charges), ZERO)
    return result


def _accrue(result: Balance, open_portions: list[list], day: date, rates: list[PublishedRate]) -> None:
    """Interest on each portion's unpaid principal from where it stands up to ``day``; each then starts at ``day``."""
    for portion in open_portions:
        amount, start = portion
        if amount <= 0 or day <= start:
            continue
        for period in interest_table(amount, start, day, rates):
            result.interest += period.interest
            result.rows.append((amount, period))
        portion[1] = day


def _apply(result: Balance, open_portions: list[list], receipt: Money) -> Applied:
    rest = receipt.amount
    to_costs = min(rest, result.open_costs)
    rest -= to_costs
    to_interest = min(rest, result.open_interest)
    rest -= to_interest
    to_principal = min(rest, result.open_principal)
    rest -= to_principal
    left = to_principal
    for portion in open_portions:  # the longest-running first: sorted by first interest day
        taken = min(left, portion[0])
        portion[0] -= taken
        left -= taken
    result.received += receipt.amount - rest
    result.paid_costs += to_costs
    result.paid_interest += to_interest
    result.paid_principal += to_principal
    return Applied(receipt.day, receipt.amount, to_costs, to_interest, to_principal, rest)

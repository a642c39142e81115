"""The programme's money by Haushaltsjahr, and granted against paid over time (quarter by quarter).

Paid counts executed payments in the year the cash office executed them; repaid counts booked repayments in the
year they arrived; granted counts a decision (and each change or revocation of it) in the quarter it was signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workflow.clock import BERLIN
from workflow.engine.programmes import settings_of
from workflow.money.ledger import ZERO
from workflow.models import Application, AuditEntry, Procedure, Programme, Proposal, Receipt
from workflow.workflows.post_award.accounts import ORDERED_STATE, PAID_STATES, PAYMENT
from workflow.workflows.post_award.payments import executed_on
from workflow.programmes.programme_versions import active_version


@dataclass(frozen=True)
class YearFigures:
    year: int
    budget: Optional[Decimal]
    paid: Decimal
    repaid: Decimal
    # Interest received on claims: revenue of the year it arrived in, like the principal repaid.
    interest: Decimal = ZERO
    # Ordered against the year and not yet executed: the year's budget is bound by it as by what was paid.
    ordered: Decimal = ZERO

    @property
    def available(self) -> Optional[Decimal]:
        return None if self.budget is None else self.budget - self.paid - self.ordered

    @property
    def paid_percent(self) -> Optional[Decimal]:
        return (self.paid * 100 / self.budget).quantize(Decimal("0.1")) if self.budget else None


def _sum_by_year(session: Session, programme: Programme, kind: str, states) -> dict[int, Decimal]:
    return dict(
        session.execute(
            select(Procedure.budget_year, func.sum(Procedure.amount))
            .join(Application, Application.id == Procedure.application_id)
            .where(Application.programme_id == programme.id, Procedure.kind == kind, Procedure.state.in_(states))
            .group_by(Procedure.budget_year)
        ).all()
    )


def figures_by_year(session: Session, programme: Programme) -> list[YearFigures]:
    """Every year with a budget in the active settings or with money moved, in order."""
    settings = settings_of(active_version(session, programme))
    budgets = {row.year: row.amount for row in settings.get("annual_budgets", ())}
    paid = _sum_by_year(session, programme, PAYMENT, PAID_STATES)
    ordered = _sum_by_year(session, programme, PAYMENT, (ORDERED_STATE,))
    received = {
        year: (principal, interest)
        for year, principal, interest in session.execute(
            select(Receipt.budget_year, func.sum(Receipt.to_principal), func.sum(Receipt.to_interest))
            .join(Procedure, Procedure.id == Receipt.procedure_id)
            .join(Application, Application.id == Procedure.application_id)
            .where(Application.programme_id == programme.id)
            .group_by(Receipt.budget_year)
        )
    }
    years = sorted({*budgets, *(y for y in (*paid, *ordered) if y), *received})
    return [
        YearFigures(
            year,
            budgets.get(year),
            paid.get(year) or ZERO,
            received.get(year, (ZERO, ZERO))[0],
            received.get(year, (ZERO, ZERO))[1],
            ordered.get(year) or ZERO,
        )
        for year in years
    ]


@dataclass(frozen=True)
class QuarterFigures:
    label: str
    granted: Decimal  # in force at the end of the quarter
    paid: Decimal  # paid out by the end of the quarter


def _quarter(moment: datetime) -> tuple[int, int]:
    local = moment.astimezone(BERLIN)
    return local.year, (local.month - 1) // 3 + 1


def steps_taken(programme: Programme, transition: str) -> Select:
    """(when, procedure) of every step ``transition`` taken in a procedure of ``programme`` (through the index
    of the procedures' steps, never the whole history)."""
    return (
        select(AuditEntry.created_at, Procedure)
        .join(Procedure, Procedure.id == AuditEntry.procedure_id)
        .join(Application, Application.id == Procedure.application_id)
        .where(Application.programme_id == programme.id, AuditEntry.transition == transition)
    )


def _steps_by_quarter(session: Session, programme: Programme, transition: str):
    """(quarter, procedure) of every step ``transition`` taken in a procedure of ``programme``."""
    for taken_at, procedure in session.execute(steps_taken(programme, transition)):
        yield _quarter(taken_at), procedure


def granted_and_paid_over_time(session: Session, programme: Programme) -> list[QuarterFigures]:
    """Cumulative granted and paid at the end of each quarter from the first decision on."""
    granted_changes: dict[tuple[int, int], Decimal] = {}
    # Each signed decision replaces the case's one before: count the difference when it was signed.
    last: dict[int, Decimal] = {}
    for application_id, amount, decided_at, kind in session.execute(
        select(Proposal.application_id, Proposal.amount, Proposal.decided_at, Proposal.kind)
        .join(Application, Application.id == Proposal.application_id)
        .where(Application.programme_id == programme.id, Proposal.status == Proposal.SIGNED)
        .order_by(Proposal.decided_at)
    ):
        now = ZERO if kind == "rejection" else amount
        key = _quarter(decided_at)
        granted_changes[key] = granted_changes.get(key, ZERO) + now - last.get(application_id, ZERO)
        last[application_id] = now
    for key, procedure in _steps_by_quarter(session, programme, "sign_revocation"):
        granted_changes[key] = granted_changes.get(key, ZERO) - Decimal(procedure.data.get("revoked", "0"))
    paid_changes: dict[tuple[int, int], Decimal] = {}
    for _, procedure in _steps_by_quarter(session, programme, "confirm_execution"):
        day = executed_on(procedure)  # paid in the quarter the cash office executed it, not when that was recorded
        key = (day.year, (day.month - 1) // 3 + 1)
        paid_changes[key] = paid_changes.get(key, ZERO) + procedure.amount
    quarters = sorted({*granted_changes, *paid_changes})
    if not quarters:
        return []
    result, granted, paid = [], ZERO, ZERO
    year, quarter = quarters[0]
    while (year, quarter) <= quarters[-1]:
        granted += granted_changes.get((year, quarter), ZERO)
        paid += paid_changes.get((year, quarter), ZERO)
        result.append(QuarterFigures(f"{quarter}. Quartal {year}", granted, paid))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result

"""The budget ledger (Mittelübersicht): allocated, requested, granted, paid and recovered, in exact decimal.

For the programme as a whole and for every applicant: an organisation alone,
or the consortium its allocation is pooled in. Requested counts submitted
applications that are not decided yet; granted counts signed grants and
partial grants (in their current amount, after changes and revocations); paid
counts ordered payments; recovered counts repayment claims of signed revocations,
repaid those whose receipt is booked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, Sequence

from sqlalchemy import Select, String, and_, case, cast, func, select
from sqlalchemy.orm import Session

from workflow.engine.programmes import undecided_states
from workflow.money.ledger import ZERO, current_allocations
from workflow.models import Application, Organisation, OrganisationKind, Participation, Procedure, Programme, Receipt
from workflow.workflows.post_award.accounts import CENT, CLAIM, CLAIMED_STATES, PAID_STATES, PAYMENT
from workflow.views.pagination import Paged, paginate

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figures:
    allocated: Decimal = ZERO
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    paid: Decimal = ZERO
    recovered: Decimal = ZERO
    repaid: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        """Claimed back and not repaid yet."""
        return self.recovered - self.repaid

    @property
    def remaining(self) -> Decimal:
        """What is allocated and not granted yet."""
        return self.allocated - self.granted

    def share(self, amount: Decimal) -> Optional[Decimal]:
        """``amount`` as a share of the allocation, in percent with one decimal (None without allocation)."""
        if not self.allocated:
            return None
        return (amount * HUNDRED / self.allocated).quantize(Decimal("0.1"))

    @property
    def granted_percent(self) -> Optional[Decimal]:
        return self.share(self.granted)

    @property
    def requested_percent(self) -> Optional[Decimal]:
        return self.share(self.requested)

    @property
    def paid_percent(self) -> Optional[Decimal]:
        return self.share(self.paid)

    @property
    def bound(self) -> Decimal:
        """Granted, and requested but not decided yet: what the allocation is claimed for."""
        return self.granted + self.requested

    @property
    def bound_percent(self) -> Optional[Decimal]:
        return self.share(self.bound)


@dataclass(frozen=True)
class ProgrammeLedger:
    budget: Decimal
    figures: Figures

    @property
    def available(self) -> Decimal:
        """The budget not yet granted."""
        return self.budget - self.figures.granted


def requested_sum():
    """SUM of the requested amounts of undecided applications (a column expression)."""
    return func.sum(case((Application.state.in_(undecided_states()), Application.requested_amount), else_=None))


def money_moved():
    """Per application: paid, recovered (the principal of its claims) and repaid (principal received), from its
    procedures after the decision (a subquery)."""

    def total(kind, states):
        return func.coalesce(
            func.sum(case((and_(Procedure.kind == kind, Procedure.state.in_(states)), Procedure.amount), else_=None)), 0
        )

    received = (
        select(Receipt.procedure_id, func.sum(Receipt.to_principal).label("principal"))
        .group_by(Receipt.procedure_id)
        .subquery()
    )
    return (
        select(
            Procedure.application_id,
            total(PAYMENT, PAID_STATES).label("paid"),
            total(CLAIM, CLAIMED_STATES).label("recovered"),
            func.coalesce(func.sum(received.c.principal), 0).label("repaid"),
        )
        .outerjoin(received, received.c.procedure_id == Procedure.id)
        .group_by(Procedure.application_id)
        .subquery()
    )


def moved_figures(paid, recovered, repaid) -> dict[str, Decimal]:
    return {
        "paid": Decimal(paid or 0).quantize(CENT),
        "recovered": Decimal(recovered or 0).quantize(CENT),
        "repaid": Decimal(repaid or 0).quantize(CENT),
    }


def programme_ledger(session: Session, programme: Programme) -> ProgrammeLedger:
    allocations = current_allocations(programme)
    allocated = session.scalar(select(func.sum(allocations.c.amount)))
    requested, granted = session.execute(
        select(requested_sum(), func.sum(Application.granted_amount)).where(Application.programme_id == programme.id)
    ).one()
    moved = money_moved()
    paid, recovered, repaid = session.execute(
        select(func.sum(moved.c.paid), func.sum(moved.c.recovered), func.sum(moved.c.repaid))
        .join(Application, Application.id == moved.c.application_id)
        .where(Application.programme_id == programme.id)
    ).one()
    return ProgrammeLedger(
        budget=programme.budget,
        figures=Figures(
            allocated=allocated or ZERO,
            requested=requested or ZERO,
            granted=granted or ZERO,
            **moved_figures(paid, recovered, repaid),
        ),
    )


@dataclass(frozen=True)
class LedgerLine:
    """One applicant: an organisation alone, or the application its allocation is bound to (pooled)."""

    organisations: Sequence[Organisation]
    application: Optional[Application]
    figures: Figures

    @property
    def name(self) -> str:
        return self.application.display_name if self.application is not None else self.organisations[0].name


def applicant_lines(programme: Programme, region: Optional[Organisation] = None) -> Select:
    """Every allocation, grouped by the application it is bound to: (application_id, organisation_ids, allocated).

    An organisation without a live or granted application is a line of its own. With ``region`` (a
    Regierungsbezirk or Kreis), only the lines with an organisation in it: a consortium across borders is a
    line of every region one of its members lies in, always with all its members.
    """
    allocations = current_allocations(programme)
    bound = (
        select(Participation.organisation_id, Participation.application_id)
        .where(Participation.programme_id == programme.id)
        .subquery()
    )
    alone = case((bound.c.application_id.is_(None), allocations.c.organisation_id), else_=None)
    lines = (
        select(
            bound.c.application_id,
            func.aggregate_strings(cast(allocations.c.organisation_id, String), ",").label("organisation_ids"),
            func.sum(allocations.c.amount).label("allocated"),
        )
        .select_from(allocations)
        .join(Organisation, Organisation.id == allocations.c.organisation_id)
        .outerjoin(bound, bound.c.organisation_id == allocations.c.organisation_id)
        .group_by(bound.c.application_id, alone)
        .order_by(func.min(Organisation.ags))
    )
    if region is None:
        return lines
    column = (
        Organisation.regierungsbezirk_id if region.kind == OrganisationKind.REGIERUNGSBEZIRK else Organisation.kreis_id
    )
    return lines.having(func.max(case((column == region.id, 1), else_=0)) == 1)


def ledger_page(
    session: Session, programme: Programme, page: int, size: int, region: Optional[Organisation] = None
) -> Paged:
    """One page of ``LedgerLine``s (of ``region``, see ``applicant_lines``) in order of the official key; a fixed
    number of queries."""
    rows = paginate(session, applicant_lines(programme, region), page, size, scalars=False)
    organisation_ids = {int(i) for row in rows.items for i in row.organisation_ids.split(",")}
    application_ids = [row.application_id for row in rows.items if row.application_id is not None]
    organisations = {
        org.id: org for org in session.scalars(select(Organisation).where(Organisation.id.in_(organisation_ids)))
    }
    applications = {a.id: a for a in session.scalars(select(Application).where(Application.id.in_(application_ids)))}
    moved = money_moved()
    movements = {
        row.application_id: moved_figures(row.paid, row.recovered, row.repaid)
        for row in session.execute(select(moved).where(moved.c.application_id.in_(application_ids)))
    }
    lines = []
    for row in rows.items:
        application = applications.get(row.application_id)
        members = sorted((organisations[int(i)] for i in row.organisation_ids.split(",")), key=lambda org: org.ags)
        lines.append(
            LedgerLine(
                organisations=members,
                application=application,
                figures=Figures(
                    allocated=row.allocated,
                    requested=(application.requested_amount or ZERO)
                    if application is not None and application.state in undecided_states()
                    else ZERO,
                    granted=(application.granted_amount or ZERO) if application is not None else ZERO,
                    **movements.get(row.application_id, {}),
                ),
            )
        )
    return Paged(items=lines, total=rows.total, number=rows.number, size=rows.size)

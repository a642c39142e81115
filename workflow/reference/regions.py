"""The programme seen by region: budget use per Regierungsbezirk and Kreis, and who has not applied yet.

An application counts in the region of its applicant; a consortium across
Kreis borders counts where its lead (the federführende Kommune) lies, while
each member's Planungsrahmen counts where the member lies.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Optional, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workflow.money.budget import Figures, money_moved, moved_figures, requested_sum
from workflow.money.ledger import ZERO, current_allocations
from workflow.models import Application, Organisation, OrganisationKind, Participation, Programme
from workflow.models.organisation import KREIS_KINDS
from workflow.reference.municipality_search import folded


@dataclass(frozen=True)
class RegionFigures:
    region: Organisation
    figures: Figures


def figures_by_regions(session: Session, programme: Programme) -> tuple[list[RegionFigures], list[RegionFigures]]:
    """Allocated, requested, granted, paid, recovered and repaid per Regierungsbezirk and per Kreis, each list
    by key.

    Both levels come from the same two grouped queries (allocations, and applications with the money moved,
    summed per applicant first, then per Bezirk and Kreis), so the applications are read once: the
    index application(programme_id, applicant_id, state, requested_amount, granted_amount) holds all a
    query reads of them."""
    allocations = current_allocations(programme)
    allocated = session.execute(
        select(Organisation.regierungsbezirk_id, Organisation.kreis_id, func.sum(allocations.c.amount))
        .select_from(allocations)
        .join(Organisation, Organisation.id == allocations.c.organisation_id)
        .group_by(Organisation.regierungsbezirk_id, Organisation.kreis_id)
    ).all()
    applied = session.execute(money_by_region(programme)).all()
    totals: dict[int, dict[str, Decimal]] = {}
    for bezirk, kreis, amount in allocated:
        for region in {bezirk, kreis} - {None}:
            _add(totals, region, {"allocated": amount})
    for bezirk, kreis, *amounts in applied:
        for region in {bezirk, kreis} - {None}:
            _add(totals, region, dict(zip(AMOUNTS, amounts)))
    bezirke, kreise = regions_to_choose(session)
    return _figures(bezirke, totals), _figures(kreise, totals)


AMOUNTS = ("requested", "granted", "paid", "recovered", "repaid")


def money_by_region(programme: Programme) -> Select:
    """(Bezirk, Kreis, *AMOUNTS) of the programme's applications, summed per applicant first."""
    moved = money_moved()
    per_applicant = (
        select(
            Application.applicant_id,
            requested_sum().label("requested"),
            func.sum(Application.granted_amount).label("granted"),
            func.sum(moved.c.paid).label("paid"),
            func.sum(moved.c.recovered).label("recovered"),
            func.sum(moved.c.repaid).label("repaid"),
        )
        .outerjoin(moved, moved.c.application_id == Application.id)
        .where(Application.programme_id == programme.id)
        .group_by(Application.applicant_id)
        .subquery()
    )
    return (
        select(
            Organisation.regierungsbezirk_id,
            Organisation.kreis_id,
            *(func.sum(per_applicant.c[name]) for name in AMOUNTS),
        )
        .join(per_applicant, per_applicant.c.applicant_id == Organisation.id)
        .group_by(Organisation.regierungsbezirk_id, Organisation.kreis_id)
    )


def _add(totals: dict[int, dict[str, Decimal]], region: int, amounts: dict[str, Optional[Decimal]]) -> None:
    sums = totals.setdefault(region, {})
    for name, amount in amounts.items():
        sums[name] = sums.get(name, ZERO) + Decimal(amount or 0)


def _figures(regions: list[Organisation], totals: dict[int, dict[str, Decimal]]) -> list[RegionFigures]:
    result = []
    for region in regions:
        sums = totals.get(region.id, {})
        figures = Figures(
            allocated=sums.get("allocated", ZERO),
            requested=sums.get("requested", ZERO),
            granted=sums.get("granted", ZERO),
            **moved_figures(sums.get("paid"), sums.get("recovered"), sums.get("repaid")),
        )
        result.append(RegionFigures(region, figures))
    return result


# How a list of regions can be ordered: key → label. The shares sort from the highest, a region without a
# Planungsrahmen last; equal ones stay in the order of the official key.
REGION_SORTS = {
    "schluessel": "Amtlicher Schlüssel",
    "name": "Name (A–Z)",
    "planungsrahmen": "Planungsrahmen (größter zuerst)",
    "bewilligt": "Anteil bewilligt (höchster zuerst)",
    "gebunden": "Anteil bewilligt und beantragt (höchster zuerst)",
}
DESCENDING_SORTS = ("planungsrahmen", "bewilligt", "gebunden")


def _highest_share_first(share: Callable[[Figures], Optional[Decimal]]):
    def key(row: RegionFigures):
        value = share(row.figures)
        return (value is None, -(value or 0))

    return key


_SORT_KEYS: dict[str, Callable[[RegionFigures], object]] = {
    "schluessel": lambda row: row.region.ags or "",
    "name": lambda row: folded(row.region.name),
    "planungsrahmen": lambda row: -row.figures.allocated,
    "bewilligt": _highest_share_first(lambda figures: figures.granted_percent),
    "gebunden": _highest_share_first(lambda figures: figures.bound_percent),
}


def sorted_regions(rows: Sequence[RegionFigures], sort: str) -> list[RegionFigures]:
    """``rows`` (in the order of the official key) ordered by ``sort``, a key of ``REGION_SORTS``."""
    return sorted(rows, key=_SORT_KEYS[sort])


def unbound_municipalities(programme: Programme, below: Optional[Decimal] = None) -> Select:
    """(Organisation, Planungsrahmen) of every organisation with a Planungsrahmen that no application binds.

    That is: it has not applied, alone or in a consortium, or its application
    was withdrawn or rejected. With ``below``, only those under that threshold:
    they can apply only by joining a consortium.
    """
    allocations = current_allocations(programme)
    bound = select(Participation.organisation_id).where(Participation.programme_id == programme.id)
    statement = (
        select(Organisation, allocations.c.amount)
        .join(allocations, allocations.c.organisation_id == Organisation.id)
        .where(Organisation.id.not_in(bound))
        .order_by(Organisation.ags)
    )
    if below is not None:
        statement = statement.where(allocations.c.amount < below)
    return statement


def regions_to_choose(session: Session) -> tuple[list[Organisation], list[Organisation]]:
    """The Regierungsbezirke and the Kreise, each in the order of the official key (one query)."""
    found = session.scalars(
        select(Organisation)
        .where(Organisation.kind.in_((OrganisationKind.REGIERUNGSBEZIRK, *KREIS_KINDS)))
        .order_by(Organisation.ags)
    ).all()
    return (
        [region for region in found if region.kind == OrganisationKind.REGIERUNGSBEZIRK],
        [region for region in found if region.kind != OrganisationKind.REGIERUNGSBEZIRK],
    )

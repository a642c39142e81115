"""The programme seen by region: budget use per Regierungsbezirk and Kreis, and who has not applied yet.

An application counts in the region of its applicant; a consortium across
Kreis borders counts where its lead (the federführende Kommune) lies, while
each member's Planungsrahmen counts where the member lies.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Literal, Optional, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workflow.budget import Figures, money_moved, moved_figures, requested_sum
from workflow.ledger import ZERO, current_allocations
from workflow.models import Application, Organisation, OrganisationKind, Participation, Programme
from workflow.models.organisation import KREIS_KINDS
from workflow.municipality_search import folded

Level = Literal["regierungsbezirk", "kreis"]


@dataclass(frozen=True)
class RegionFigures:
    region: Organisation
    figures: Figures


def _region_column(level: Level):
    return Organisation.regierungsbezirk_id if level == "regierungsbezirk" else Organisation.kreis_id


def figures_by_region(session: Session, programme: Programme, level: Level) -> list[RegionFigures]:
    """Allocated, requested, granted, paid, recovered and repaid per Regierungsbezirk or Kreis, by key (three queries)."""
    column = _region_column(level)
    allocations = current_allocations(programme)
    allocated = dict(
        session.execute(
            select(column, func.sum(allocations.c.amount))
            .select_from(allocations)
            .join(Organisation, Organisation.id == allocations.c.organisation_id)
            .group_by(column)
        ).all()
    )
    moved = money_moved()
    applied = {
        row[0]: row[1:]
        for row in session.execute(
            select(column, requested_sum(), func.sum(Application.granted_amount),
                   func.sum(moved.c.paid), func.sum(moved.c.recovered), func.sum(moved.c.repaid))
            .join(Organisation, Organisation.id == Application.applicant_id)
            .outerjoin(moved, moved.c.application_id == Application.id)
            .where(Application.programme_id == programme.id)
            .group_by(column)
        )
    }
    kinds = (OrganisationKind.REGIERUNGSBEZIRK,) if level == "regierungsbezirk" else KREIS_KINDS
    regions = session.scalars(select(Organisation).where(Organisation.kind.in_(kinds)).order_by(Organisation.ags))
    result = []
    for region in regions:
        requested, granted, *movements = applied.get(region.id, (None, None, None, None, None))
        figures = Figures(allocated=allocated.get(region.id) or ZERO, requested=requested or ZERO, granted=granted or ZERO,
                          **moved_figures(*movements))
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
    return ([region for region in found if region.kind == OrganisationKind.REGIERUNGSBEZIRK],
            [region for region in found if region.kind != OrganisationKind.REGIERUNGSBEZIRK])

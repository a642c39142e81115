"""Anonymous key figures of the counselling, from the figure tables alone (no decryption, no person).

``key_figures(session, organisation_id, start, end, manager_id=None)`` is the function the proof of use
(Verwendungsnachweis) calls: persons counselled in the period, plans written and updated, goals agreed
by area and goals reached by area. ``published(session, year)`` is what the authority may see of a year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from workflow.counselling.models import CaseFigure, GoalFigure, PlanFigure
from workflow.counselling.plan import AREAS
from workflow.counselling.suppression import SuppressedTable, side_by_side, suppress
from workflow.models import Organisation


@dataclass(frozen=True)
class KeyFigures:
    persons_counselled: int = 0
    plans_written: int = 0
    plans_updated: int = 0
    goals_by_area: dict[str, int] = field(default_factory=dict)
    reached_by_area: dict[str, int] = field(default_factory=dict)

    @property
    def goals(self) -> int:
        return sum(self.goals_by_area.values())

    @property
    def goals_reached(self) -> int:
        return sum(self.reached_by_area.values())


def _scoped(column_org, column_manager, organisation_id, manager_id):
    conditions = []
    if organisation_id is not None:
        conditions.append(column_org == organisation_id)
    if manager_id is not None:
        conditions.append(column_manager == manager_id)
    return conditions


def _counted_by(session, key, conditions) -> dict:
    return dict(session.execute(select(key, func.count()).where(*conditions).group_by(key)).all())


def figures_by(
    session: Session,
    key: str,
    start: date,
    end: date,
    organisation_id: int | None = None,
    manager_id: int | None = None,
) -> dict[int, KeyFigures]:
    """Key figures grouped by ``organisation`` or ``manager``, for the period ``start``–``end`` (both included)."""
    case_key = CaseFigure.organisation_id if key == "organisation" else CaseFigure.manager_id
    plan_key = PlanFigure.organisation_id if key == "organisation" else PlanFigure.manager_id
    goal_key = GoalFigure.organisation_id if key == "organisation" else GoalFigure.manager_id
    active = and_(CaseFigure.started_on <= end, or_(CaseFigure.ended_on.is_(None), CaseFigure.ended_on >= start))
    persons = _counted_by(
        session,
        case_key,
        [active, *_scoped(CaseFigure.organisation_id, CaseFigure.manager_id, organisation_id, manager_id)],
    )
    in_period = [
        PlanFigure.occurred_on.between(start, end),
        *_scoped(PlanFigure.organisation_id, PlanFigure.manager_id, organisation_id, manager_id),
    ]
    written = _counted_by(session, plan_key, [*in_period, PlanFigure.kind == PlanFigure.WRITTEN])
    updated = _counted_by(session, plan_key, [*in_period, PlanFigure.kind == PlanFigure.UPDATED])
    goal_scope = _scoped(GoalFigure.organisation_id, GoalFigure.manager_id, organisation_id, manager_id)
    goals, reached = {}, {}
    for owner, area, count in session.execute(
        select(goal_key, GoalFigure.area, func.count())
        .where(GoalFigure.agreed_on.between(start, end), *goal_scope)
        .group_by(goal_key, GoalFigure.area)
    ):
        goals.setdefault(owner, {})[area] = count
    for owner, area, count in session.execute(
        select(goal_key, GoalFigure.area, func.count())
        .where(GoalFigure.reached_on.between(start, end), *goal_scope)
        .group_by(goal_key, GoalFigure.area)
    ):
        reached.setdefault(owner, {})[area] = count
    owners = {*persons, *written, *updated, *goals, *reached} - {None}
    return {
        owner: KeyFigures(
            persons.get(owner, 0),
            written.get(owner, 0),
            updated.get(owner, 0),
            {area: goals.get(owner, {}).get(area, 0) for area, _ in AREAS},
            {area: reached.get(owner, {}).get(area, 0) for area, _ in AREAS},
        )
        for owner in owners
    }


def key_figures(
    session: Session, organisation_id: int, start: date, end: date, manager_id: int | None = None
) -> KeyFigures:
    """The key figures of one organisation (or one of its managers) for the period ``start``–``end``."""
    grouped = figures_by(session, "organisation", start, end, organisation_id, manager_id)
    nothing = {area: 0 for area, _ in AREAS}
    return grouped.get(organisation_id, KeyFigures(goals_by_area=dict(nothing), reached_by_area=dict(nothing)))


@dataclass
class PublishedYear:
    """One year's tables for the authority, withheld figures ``None``, rows in the order of ``organisations``
    (id, name). ``totals`` keeps the true goal totals per row and the Land's, to add two years."""

    organisations: list[tuple[int, str]] = field(default_factory=list)
    activity: SuppressedTable | None = None
    goals: SuppressedTable | None = None
    reached: SuppressedTable | None = None
    totals: dict[str, list[int]] = field(default_factory=dict)


def published_year(session: Session, year: int) -> PublishedYear:
    """A year's figures per organisation with small numbers withheld and protected (``suppression``).

    Each year is protected on its own, whatever year it is shown beside, so that two pages showing the same
    year show the same figures withheld."""
    grouped = figures_by(session, "organisation", date(year, 1, 1), date(year, 12, 31))
    names = dict(session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(grouped))).all())
    order = sorted(grouped, key=lambda i: (names.get(i, ""), i))
    if not order:
        return PublishedYear()
    goals = [[grouped[i].goals_by_area[a] for a, _ in AREAS] for i in order]
    reached = [[grouped[i].reached_by_area[a] for a, _ in AREAS] for i in order]
    return PublishedYear(
        [(i, names[i]) for i in order],
        suppress(
            [[grouped[i].persons_counselled, grouped[i].plans_written, grouped[i].plans_updated] for i in order],
            with_row_totals=False,
        ),
        suppress(goals),
        suppress(reached),
        {
            name: [sum(row) for row in cells] + [sum(map(sum, cells))]
            for name, cells in (("goals", goals), ("reached", reached))
        },
    )


def _line(year: PublishedYear, table: str, organisations: list[int]) -> tuple[list[int], list[int | None]]:
    """A year's true and published goal totals for the organisations given, then the Land's; an organisation
    without figures that year has 0, shown."""
    if not year.organisations:
        return [0] * (len(organisations) + 1), [0] * (len(organisations) + 1)
    suppressed: SuppressedTable = getattr(year, table)
    row = {organisation: r for r, (organisation, _) in enumerate(year.organisations)}
    indices = [row.get(organisation) for organisation in organisations] + [len(year.organisations)]
    true, shown = year.totals[table], suppressed.row_totals + [suppressed.total]
    return [0 if r is None else true[r] for r in indices], [0 if r is None else shown[r] for r in indices]


def compared(earlier: PublishedYear, later: PublishedYear) -> tuple[list[str], dict[str, list[tuple]]]:
    """Goals agreed and reached per organisation in two years side by side with their sum; the last line is
    the Land's."""
    names = dict(earlier.organisations + later.organisations)
    organisations = sorted(names, key=lambda i: (names[i], i))
    lines = {}
    for table in ("goals", "reached"):
        (first, first_shown), (second, second_shown) = (
            _line(earlier, table, organisations),
            _line(later, table, organisations),
        )
        lines[table] = side_by_side(first, second, first_shown, second_shown)
    return [names[i] for i in organisations], lines

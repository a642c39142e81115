"""Anonymous key figures of the counselling, from the figure tables alone (no decryption, no person).

``key_figures(session, organisation_id, start, end, manager_id=None)`` is the function the proof of use
(Verwendungsnachweis) calls: persons counselled in the period, plans written and updated, goals agreed
by area and goals reached by area.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from workflow.counselling.models import CaseFigure, GoalFigure, PlanFigure
from workflow.counselling.plan import AREAS


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


def figures_by(session: Session, key: str, start: date, end: date, organisation_id: int | None = None,
               manager_id: int | None = None) -> dict[int, KeyFigures]:
    """Key figures grouped by ``organisation`` or ``manager``, for the period ``start``–``end`` (both included)."""
    case_key = CaseFigure.organisation_id if key == "organisation" else CaseFigure.manager_id
    plan_key = PlanFigure.organisation_id if key == "organisation" else PlanFigure.manager_id
    goal_key = GoalFigure.organisation_id if key == "organisation" else GoalFigure.manager_id
    active = and_(CaseFigure.started_on <= end, or_(CaseFigure.ended_on.is_(None), CaseFigure.ended_on >= start))
    persons = _counted_by(session, case_key, [active, *_scoped(CaseFigure.organisation_id, CaseFigure.manager_id,
                                                               organisation_id, manager_id)])
    in_period = [PlanFigure.occurred_on.between(start, end), *_scoped(PlanFigure.organisation_id, PlanFigure.manager_id,
                                                             organisation_id, manager_id)]
    written = _counted_by(session, plan_key, [*in_period, PlanFigure.kind == PlanFigure.WRITTEN])
    updated = _counted_by(session, plan_key, [*in_period, PlanFigure.kind == PlanFigure.UPDATED])
    goal_scope = _scoped(GoalFigure.organisation_id, GoalFigure.manager_id, organisation_id, manager_id)
    goals, reached = {}, {}
    for owner, area, count in session.execute(
            select(goal_key, GoalFigure.area, func.count())
            .where(GoalFigure.agreed_on.between(start, end), *goal_scope).group_by(goal_key, GoalFigure.area)):
        goals.setdefault(owner, {})[area] = count
    for owner, area, count in session.execute(
            select(goal_key, GoalFigure.area, func.count())
            .where(GoalFigure.reached_on.between(start, end), *goal_scope).group_by(goal_key, GoalFigure.area)):
        reached.setdefault(owner, {})[area] = count
    owners = {*persons, *written, *updated, *goals, *reached} - {None}
    return {
        owner: KeyFigures(persons.get(owner, 0), written.get(owner, 0), updated.get(owner, 0),
                          {area: goals.get(owner, {}).get(area, 0) for area, _ in AREAS},
                          {area: reached.get(owner, {}).get(area, 0) for area, _ in AREAS})
        for owner in owners
    }


def key_figures(session: Session, organisation_id: int, start: date, end: date,
                manager_id: int | None = None) -> KeyFigures:
    """The key figures of one organisation (or one of its managers) for the period ``start``–``end``."""
    grouped = figures_by(session, "organisation", start, end, organisation_id, manager_id)
    nothing = {area: 0 for area, _ in AREAS}
    return grouped.get(organisation_id, KeyFigures(goals_by_area=dict(nothing), reached_by_area=dict(nothing)))

"""Reading the Einwohnerzahlen: the current version, and the inhabitants of given organisations."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.models import Population, PopulationVersion


def current_version(session: Session) -> Optional[PopulationVersion]:
    return session.scalars(select(PopulationVersion).where(PopulationVersion.is_current.is_(True))).first()


def inhabitants_by_organisation(session: Session, organisation_ids: Iterable[int]) -> dict[int, tuple[int, date]]:
    """Inhabitants and Stichtag of the current version per organisation; organisations not in it are absent.

    The Stichtag travels with the number because a grant computed from it must
    say which statistics it used.
    """
    rows = session.execute(
        select(Population.organisation_id, Population.inhabitants, PopulationVersion.reference_date)
        .join(PopulationVersion, Population.version_id == PopulationVersion.id)
        .where(PopulationVersion.is_current.is_(True), Population.organisation_id.in_(list(organisation_ids)))
    )
    return {organisation_id: (inhabitants, reference_date) for organisation_id, inhabitants, reference_date in rows}


def row_counts(session: Session, version_ids: Iterable[int]) -> dict[int, int]:
    """How many Gemeinden each version holds."""
    rows = session.execute(
        select(Population.version_id, func.count())
        .where(Population.version_id.in_(list(version_ids)))
        .group_by(Population.version_id)
    )
    return dict(rows.all())

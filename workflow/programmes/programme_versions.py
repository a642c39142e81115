"""Reading programme versions: the active one, one by number, the list, and how many cases each one governs."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.engine.programmes import draft_states
from workflow.models import Application, Programme, ProgrammeVersion


def active_version(session: Session, programme: Programme) -> Optional[ProgrammeVersion]:
    return session.scalars(
        select(ProgrammeVersion).where(
            ProgrammeVersion.programme_id == programme.id, ProgrammeVersion.is_active.is_(True)
        )
    ).first()


def versions(session: Session, programme: Programme) -> list[ProgrammeVersion]:
    return list(
        session.scalars(
            select(ProgrammeVersion)
            .where(ProgrammeVersion.programme_id == programme.id)
            .order_by(ProgrammeVersion.number.desc())
        )
    )


def version_by_number(session: Session, programme: Programme, number: int) -> Optional[ProgrammeVersion]:
    return session.scalars(
        select(ProgrammeVersion).where(ProgrammeVersion.programme_id == programme.id, ProgrammeVersion.number == number)
    ).first()


def case_counts(session: Session, version_ids: list[int]) -> dict[int, int]:
    """Submitted applications per version (drafts follow the active version and are not counted)."""
    rows = session.execute(
        select(Application.programme_version_id, func.count())
        .where(Application.programme_version_id.in_(version_ids), Application.state.not_in(draft_states()))
        .group_by(Application.programme_version_id)
    )
    return {version_id: count for version_id, count in rows}


def template_hashes(version: ProgrammeVersion) -> dict[str, str]:
    return {row.kind: row.sha256 for row in version.templates}

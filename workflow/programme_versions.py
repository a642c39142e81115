"""Reading programme versions: the active one, and the list with their templates."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.models import Programme, ProgrammeVersion


def active_version(session: Session, programme: Programme) -> Optional[ProgrammeVersion]:
    return session.scalars(
        select(ProgrammeVersion).where(ProgrammeVersion.programme_id == programme.id, ProgrammeVersion.is_active.is_(True))
    ).first()


def versions(session: Session, programme: Programme) -> list[ProgrammeVersion]:
    return list(
        session.scalars(
            select(ProgrammeVersion).where(ProgrammeVersion.programme_id == programme.id).order_by(ProgrammeVersion.number.desc())
        )
    )

"""Installing programmes and making, checking and activating their versions.

Every installed programme package gets its ``programme`` row and a first
version from its defaults. A version is immutable; changed settings or changed
templates make a new one, which is activated only when ``check_programme``
finds nothing. Cases keep the version they were submitted under.
"""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from workflow import clock
from workflow.db import lock_row
from workflow.programmes.check import check_programme, package_templates
from workflow.engine.programmes import ProgrammeDefinition, all_definitions
from workflow.engine.settings import to_json
from workflow.models import Organisation, Programme, ProgrammeTemplate, ProgrammeVersion, User
from workflow.programmes.programme_versions import active_version


class VersionRefused(Exception):
    """The version was not made or not activated; ``problems`` say why in German."""

    def __init__(self, problems: list):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = [str(problem) for problem in problems]


def create_version(
    session: Session,
    programme: Programme,
    definition: ProgrammeDefinition,
    settings: dict[str, Any],
    templates: list[ProgrammeTemplate],
    actor: Optional[User],
    note: str,
) -> ProgrammeVersion:
    """A new, inactive version after a passing check; refused with the check's problems otherwise."""
    problems = check_programme(definition, settings, {row.kind: (row.filename, row.content) for row in templates})
    if problems:
        raise VersionRefused(problems)
    number = (
        session.scalar(select(func.max(ProgrammeVersion.number)).where(ProgrammeVersion.programme_id == programme.id))
        or 0
    ) + 1
    version = ProgrammeVersion(
        programme=programme,
        number=number,
        settings=settings,
        templates=templates,
        created_by_id=actor.id if actor else None,
        note=note[:500],
    )
    session.add(version)
    session.flush()
    return version


def activate(session: Session, version: ProgrammeVersion) -> None:
    """Make ``version`` the one new applications use; the programme row is locked, so one is active at a time."""
    lock_row(session, Programme, version.programme_id)
    session.execute(
        update(ProgrammeVersion)
        .where(ProgrammeVersion.programme_id == version.programme_id, ProgrammeVersion.id != version.id)
        .values(is_active=False)
    )
    version.is_active = True
    version.activated_at = clock.now()
    session.flush()


def _install(session: Session, definition: ProgrammeDefinition) -> Optional[str]:
    programme = session.scalars(select(Programme).where(Programme.code == definition.code)).first()
    if programme is None:
        authority = session.scalars(select(Organisation).where(Organisation.ags == definition.authority_ags)).first()
        programme = Programme(
            code=definition.code,
            name=definition.name,
            budget=definition.budget,
            routing=definition.routing,
            authority=authority,
            file_number_prefix=definition.file_number_prefix,
        )
        session.add(programme)
        settings = {setting.name: to_json(setting.default) for setting in definition.all_settings}
        version = create_version(
            session,
            programme,
            definition,
            settings,
            package_templates(definition),
            None,
            "Erstfassung aus dem Programmpaket",
        )
        activate(session, version)
        return f"{definition.name}: installiert (Fassung 1)."
    current = active_version(session, programme)
    shipped = {row.kind: row.sha256 for row in package_templates(definition)}
    if current is not None and shipped == {row.kind: row.sha256 for row in current.templates}:
        return None
    settings = (
        current.settings if current is not None else {s.name: to_json(s.default) for s in definition.all_settings}
    )
    version = create_version(
        session,
        programme,
        definition,
        settings,
        package_templates(definition),
        None,
        "Vorlagen des Programmpakets geändert",
    )
    activate(session, version)
    return f"{definition.name}: neue Fassung {version.number} mit den geänderten Vorlagen des Programmpakets."


def install_programmes(session: Session) -> list[str]:
    """Every installed programme package with a row and an active version whose templates are the package's."""
    return [message for definition in all_definitions() if (message := _install(session, definition))]

"""Administrators change a programme's settings or one of its Word templates: a new version (checked, not yet
active), then its activation.

Both steps lock the programme row, so that version numbers and the one active
version stay consistent when two administrators act at once, and either
commit everything or nothing. The version records who made it and why
(``created_by_id``, ``note``); each step is an entry of the administration's audit.
"""

from __future__ import annotations

import hashlib
import zipfile
from typing import Any, Callable, Optional

from sqlalchemy.orm import Session

from workflow import permissions
from workflow.db import lock_row
from workflow.programmes.check import check_programme
from workflow.letters.documents import DOCUMENT_KINDS
from workflow.engine.programmes import definition_for
from workflow.models import Programme, ProgrammeTemplate, ProgrammeVersion, User
from workflow.operations import admin_audit
from workflow.operations.programme_versions import VersionRefused, activate, create_version
from workflow.programmes.programme_versions import active_version
from workflow.letters.template_safety import package_refusal


class SettingsRefused(VersionRefused):
    """Refused before the programme check ran (not allowed, unchanged, or the form was opened on an older version)."""


def _require_manager(actor: User) -> None:
    if not permissions.can_manage_programmes(actor):
        raise SettingsRefused(["Nur die Administration kann die Einstellungen eines Förderprogramms ändern."])


Change = Callable[[ProgrammeVersion], tuple[dict[str, Any], list[ProgrammeTemplate]]]


def _derived_version(
    session: Session,
    programme: Programme,
    actor: User,
    note: str,
    base_number: Optional[int],
    change: Change,
    what: str,
) -> ProgrammeVersion:
    """A new, inactive version: the active one with ``change`` applied (settings and templates), checked."""
    _require_manager(actor)
    try:
        lock_row(session, Programme, programme.id)
        current = active_version(session, programme)
        if current is None:
            raise SettingsRefused(
                ["Das Programm hat keine geltende Fassung; bitte zuerst „foerderweg init“ ausführen."]
            )
        if base_number is not None and current.number != base_number:
            raise SettingsRefused(
                [
                    f"Seit dem Öffnen des Formulars ist Fassung {current.number} in Kraft getreten. Bitte prüfen Sie Ihre "
                    "Eingaben gegen diese Fassung und speichern Sie erneut."
                ]
            )
        settings, templates = change(current)
        version = create_version(
            session, programme, definition_for(programme.code), settings, templates, actor, note.strip()
        )
        admin_audit.record(
            session,
            actor,
            "programme_version_created",
            f"{programme.name}: Fassung {version.number} angelegt ({what})",
            before={"Fassung": current.number},
            after={"Fassung": version.number, "Anlass": note.strip()},
        )
        session.commit()
        return version
    except BaseException:
        session.rollback()
        raise


def _copies(templates: list[ProgrammeTemplate]) -> list[ProgrammeTemplate]:
    return [
        ProgrammeTemplate(kind=row.kind, filename=row.filename, sha256=row.sha256, content=row.content)
        for row in templates
    ]


def create_settings_version(
    session: Session, programme: Programme, settings: dict[str, Any], actor: User, note: str, base_number: Optional[int]
) -> ProgrammeVersion:
    """A new, inactive version with ``settings`` and the active version's Word templates.

    Refused (``VersionRefused``) when the settings are those of the active version, when another version was
    activated since the form was opened (``base_number``), or when the programme check finds problems.
    """

    def change(current: ProgrammeVersion):
        if settings == current.settings:
            raise SettingsRefused(
                [
                    "Die Einstellungen sind gegenüber der geltenden Fassung unverändert; "
                    "es wurde keine neue Fassung angelegt."
                ]
            )
        return settings, _copies(current.templates)

    return _derived_version(session, programme, actor, note, base_number, change, "Einstellungen")


def create_template_version(
    session: Session,
    programme: Programme,
    kind: str,
    filename: str,
    content: bytes,
    actor: User,
    note: str,
    base_number: Optional[int],
) -> ProgrammeVersion:
    """A new, inactive version whose template of ``kind`` is the uploaded file; everything else as in the active one.

    The programme check renders every template with the sample case: an unknown tag refuses the version with a
    message naming the tag. The old version keeps its template, and so do the cases submitted under it.
    """

    def change(current: ProgrammeVersion):
        old = next((row for row in current.templates if row.kind == kind), None)
        if old is None:
            raise SettingsRefused([f"Das Programm hat keine Vorlage der Art „{kind}“."])
        try:
            too_big = package_refusal(content)
        except zipfile.BadZipFile:
            too_big = None  # the programme check says the file is no Word document
        if too_big:  # refused before the check renders every letter with it
            raise SettingsRefused([f"Vorlage {filename}: {too_big}"])
        digest = hashlib.sha256(content).hexdigest()
        if digest == old.sha256:
            raise SettingsRefused(
                ["Die Datei ist dieselbe wie die geltende Vorlage; es wurde keine neue Fassung angelegt."]
            )
        new = ProgrammeTemplate(kind=kind, filename=f"{programme.code}/{filename}", sha256=digest, content=content)
        return current.settings, [*_copies([row for row in current.templates if row.kind != kind]), new]

    return _derived_version(
        session,
        programme,
        actor,
        note,
        base_number,
        change,
        f"Vorlage {DOCUMENT_KINDS[kind].title if kind in DOCUMENT_KINDS else kind}: {filename}",
    )


def activate_version(session: Session, version: ProgrammeVersion, actor: User) -> bool:
    """Make ``version`` the one new applications use; False if it already was (nothing changes then).

    The version is checked again, so that an older version is only activated if it still passes the check.
    """
    _require_manager(actor)
    try:
        lock_row(session, Programme, version.programme_id)
        version = lock_row(session, ProgrammeVersion, version.id)
        if version.is_active:
            session.rollback()
            return False
        problems = check_programme(
            definition_for(version.programme.code),
            version.settings,
            {row.kind: (row.filename, row.content) for row in version.templates},
        )
        if problems:
            raise VersionRefused(problems)
        activate(session, version)
        admin_audit.record(
            session,
            actor,
            "programme_version_activated",
            f"{version.programme.name}: Fassung {version.number} aktiviert",
            after={"Fassung": version.number},
        )
        session.commit()
        return True
    except BaseException:
        session.rollback()
        raise

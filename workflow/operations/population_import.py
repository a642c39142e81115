"""Importing a table of Einwohnerzahlen as a new population version, all or nothing.

The table is checked completely before anything is written; a table with any
problem changes nothing. The new version becomes the current one; earlier
versions stay, with their Stichtag, the file's SHA-256, who imported them and
when. Population is reference data of the Land: no programme is involved.
"""

from __future__ import annotations

import hashlib
from datetime import date
from importlib.resources import files
from typing import Optional

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.db import lock_row
from workflow.formatting import date_de
from workflow.models import Organisation, PendingPopulationImport, Population, PopulationVersion, User
from workflow.reference.population import current_version
from workflow.reference.population_table import CheckedPopulation, check_population_table


class ImportRefused(Exception):
    """Nothing was imported; ``message`` says why, ``checked`` holds the table's report if it was read."""

    def __init__(self, message: str, checked: Optional[CheckedPopulation] = None, status: int = 422):
        super().__init__(message)
        self.message = message
        self.checked = checked
        self.status = status


def check_table(session: Session, content: bytes) -> CheckedPopulation:
    """The report on ``content`` against the Gemeinden in the database."""
    known = session.scalars(select(Organisation.ags).where(func.length(Organisation.ags) == 8))
    return check_population_table(content, set(known))


def import_population(
    session: Session, actor: Optional[User], filename: str, content: bytes, reference_date: Optional[date]
) -> PopulationVersion:
    """Import ``content`` as the new current Einwohnerzahlen (``actor`` None: command line or demo)."""
    try:
        _require_administrator(actor)
        _lock_current(session)
        version = _import(session, actor, filename, content, reference_date)
        session.commit()
        return version
    except BaseException:
        session.rollback()
        raise


def stage_import(session: Session, actor: User, filename: str, content: bytes, reference_date: date):
    """Check an uploaded table and keep it for the confirmation if it can be imported.

    Returns the report and the pending import (None when the table has problems;
    then nothing is kept). An administrator's earlier pending upload is replaced.
    """
    try:
        _require_administrator(actor)
        checked = check_table(session, content)
        if not checked.ok:
            return checked, None
        session.execute(delete(PendingPopulationImport).where(PendingPopulationImport.uploaded_by_id == actor.id))
        current = current_version(session)
        pending = PendingPopulationImport(
            uploaded_by_id=actor.id,
            uploaded_at=clock.now(),
            filename=filename,
            reference_date=reference_date,
            content=content,
            base_version_id=current.id if current else None,
        )
        session.add(pending)
        session.commit()
        return checked, pending
    except BaseException:
        session.rollback()
        raise


def pending_import(session: Session, pending_id: int, actor: User) -> PendingPopulationImport:
    """The actor's own pending upload; anybody else's does not exist for them."""
    pending = session.get(PendingPopulationImport, pending_id)
    if pending is None or pending.uploaded_by_id != actor.id or not permissions.can_administer(actor):
        raise ImportRefused("Dieser Import liegt nicht (mehr) vor. Bitte laden Sie die Datei erneut hoch.", status=404)
    return pending


def confirm_pending_import(session: Session, pending_id: int, actor: User) -> PopulationVersion:
    """Import a pending upload, unless another version was imported since it was checked."""
    try:
        pending = pending_import(session, pending_id, actor)
        current = _lock_current(session)
        if (current.id if current else None) != pending.base_version_id:
            raise ImportRefused(
                f"Seit dem Hochladen wurde eine andere Fassung der Einwohnerzahlen eingespielt (Fassung {current.number}). "
                "Bitte laden Sie die Datei erneut hoch und prüfen Sie das Ergebnis noch einmal.",
                status=409,
            )
        version = _import(session, actor, pending.filename, pending.content, pending.reference_date)
        session.delete(pending)
        session.commit()
        return version
    except BaseException:
        session.rollback()
        raise


def discard_pending_import(session: Session, pending_id: int, actor: User) -> None:
    try:
        session.delete(pending_import(session, pending_id, actor))
        session.commit()
    except BaseException:
        session.rollback()
        raise


def _require_administrator(actor: Optional[User]) -> None:
    if actor is not None and not permissions.can_administer(actor):
        raise ImportRefused("Nur die Administration kann Einwohnerzahlen einspielen.", status=403)


def _lock_current(session: Session) -> Optional[PopulationVersion]:
    """The current version, locked so that a concurrent import waits until this one is committed."""
    current = current_version(session)
    return lock_row(session, PopulationVersion, current.id) if current else None


def reference_date_problem(reference_date: Optional[date]) -> Optional[str]:
    """Why ``reference_date`` cannot be a Stichtag of Einwohnerzahlen, or None."""
    if not isinstance(reference_date, date):
        return "Bitte geben Sie den Stichtag der Einwohnerzahlen an (z. B. 31.12.2024)."
    if reference_date > clock.today():
        return f"Der Stichtag {date_de(reference_date)} liegt in der Zukunft; Einwohnerzahlen gibt es nur für vergangene Tage."
    if reference_date.year < 1950:
        return f"Der Stichtag {date_de(reference_date)} ist unplausibel früh."
    return None


def _import(
    session: Session, actor, filename: str, content: bytes, reference_date: Optional[date]
) -> PopulationVersion:
    """Write the checked table as the new current version (the current one is locked by the caller)."""
    problem = reference_date_problem(reference_date)
    if problem:
        raise ImportRefused(problem)
    checked = check_table(session, content)
    if not checked.ok:
        raise ImportRefused(f"Die Tabelle enthält {len(checked.problems)} Fehler.", checked)
    ids = dict(
        session.execute(select(Organisation.ags, Organisation.id).where(func.length(Organisation.ags) == 8)).all()
    )
    session.execute(update(PopulationVersion).where(PopulationVersion.is_current.is_(True)).values(is_current=False))
    number = session.scalar(select(func.max(PopulationVersion.number)))
    version = PopulationVersion(
        number=(number or 0) + 1,
        is_current=True,
        reference_date=reference_date,
        source_name=filename[:255],
        source_sha256=hashlib.sha256(content).hexdigest(),
        total_inhabitants=checked.total,
        imported_at=clock.now(),
        imported_by_id=actor.id if actor is not None else None,
    )
    session.add(version)
    try:
        # The first import ever has no row to lock; two at once meet at the unique version number.
        session.flush()
    except IntegrityError:
        raise ImportRefused(
            "Gleichzeitig wurde eine andere Fassung der Einwohnerzahlen eingespielt. Bitte versuchen Sie es erneut.",
            status=409,
        ) from None
    session.execute(
        insert(Population),
        [
            {"version_id": version.id, "organisation_id": ids[row.ags], "inhabitants": row.inhabitants}
            for row in checked.rows
        ],
    )
    return version


DEMO_FILE = "einwohner.csv"
# The shared extract (Destatis GV-ISys, 2020) carries the population of 31.12.2019 (Stuttgart: 635.911).
DEMO_REFERENCE_DATE = date(2019, 12, 31)


def load_demo_population(session: Session) -> PopulationVersion:
    """The demo's Einwohnerzahlen as version 1, through the same check as every import.

    Not committed: the demo loader commits it together with the rest of the demo data.
    """
    content = files("workflow.demo").joinpath(DEMO_FILE).read_bytes()
    return _import(session, None, f"Demo-Einwohnerzahlen ({DEMO_FILE}, Destatis GV-ISys)", content, DEMO_REFERENCE_DATE)

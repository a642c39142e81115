"""Importing a Planungsrahmen table as a new allocation version, all or nothing.

The table is checked completely before anything is written; a table with any
problem changes nothing. Gemeinden that are not known yet but lie in a known
Kreis are created from their row. The new version becomes the current one;
earlier versions stay, with who imported them and when. Imports lock the
programme row, like signatures, so that no grant is checked against a
Planungsrahmen that is being replaced.
"""

from __future__ import annotations

import hashlib
from typing import Optional

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.operations.gemeinde_import import add_gemeinde
from workflow.money import ledger
from workflow.reference.allocation_table import CheckedTable, check_allocation_table
from workflow.db import lock_row
from workflow.formatting import euro
from workflow.models import Allocation, AllocationVersion, Organisation, PendingAllocationImport, Programme, User
from workflow.models.organisation import KREIS_KINDS


class ImportRefused(Exception):
    """Nothing was imported; ``message`` says why, ``checked`` holds the table's report if it was read."""

    def __init__(self, message: str, checked: Optional[CheckedTable] = None, status: int = 422):
        super().__init__(message)
        self.message = message
        self.checked = checked
        self.status = status


def check_table(session: Session, content: bytes) -> CheckedTable:
    """The report on ``content`` against the Gemeinden and Kreise in the database."""
    known = session.scalars(select(Organisation.ags).where(func.length(Organisation.ags) == 8))
    kreise = session.scalars(select(Organisation.ags).where(Organisation.kind.in_(KREIS_KINDS)))
    return check_allocation_table(content, set(known), set(kreise))


def total_deviation(checked: CheckedTable, programme: Programme) -> Optional[str]:
    """The warning when the table's total is not the programme budget, or None."""
    difference = checked.total - programme.budget
    if not difference:
        return None
    direction = "über" if difference > 0 else "unter"
    return (
        f"Die Summe der Tabelle ({euro(checked.total)}) liegt um {euro(abs(difference))} {direction} dem "
        f"Programmbudget ({euro(programme.budget)})."
    )


def import_allocations(
    session: Session,
    programme_id: int,
    actor: Optional[User],
    filename: str,
    content: bytes,
    confirm_total: bool = False,
) -> AllocationVersion:
    """Import ``content`` as the programme's new current Planungsrahmen (``actor`` None: command line)."""
    try:
        _require_administrator(actor)
        programme = lock_row(session, Programme, programme_id)
        if programme is None:
            raise ImportRefused("Dieses Förderprogramm gibt es nicht.", status=404)
        version = _import(session, programme, actor, filename, content, confirm_total)
        session.commit()
        return version
    except BaseException:
        session.rollback()
        raise


def stage_import(session: Session, programme: Programme, actor: User, filename: str, content: bytes):
    """Check an uploaded table and keep it for the confirmation if it can be imported.

    Returns the report and the pending import (None when the table has problems;
    then nothing is kept). An administrator's earlier pending upload is replaced.
    """
    try:
        _require_administrator(actor)
        checked = check_table(session, content)
        if not checked.ok:
            return checked, None
        session.execute(
            delete(PendingAllocationImport).where(
                PendingAllocationImport.programme_id == programme.id, PendingAllocationImport.uploaded_by_id == actor.id
            )
        )
        current = ledger.current_version(session, programme)
        pending = PendingAllocationImport(
            programme_id=programme.id,
            uploaded_by_id=actor.id,
            uploaded_at=clock.now(),
            filename=filename,
            content=content,
            base_version_id=current.id if current else None,
        )
        session.add(pending)
        session.commit()
        return checked, pending
    except BaseException:
        session.rollback()
        raise


def pending_import(session: Session, pending_id: int, actor: User) -> PendingAllocationImport:
    """The actor's own pending upload; anybody else's does not exist for them."""
    pending = session.get(PendingAllocationImport, pending_id)
    if pending is None or pending.uploaded_by_id != actor.id or not permissions.can_administer(actor):
        raise ImportRefused("Dieser Import liegt nicht (mehr) vor. Bitte laden Sie die Datei erneut hoch.", status=404)
    return pending


def confirm_pending_import(session: Session, pending_id: int, actor: User, confirm_total: bool) -> AllocationVersion:
    """Import a pending upload, unless another version was imported since it was checked."""
    try:
        pending = pending_import(session, pending_id, actor)
        programme = lock_row(session, Programme, pending.programme_id)
        current = ledger.current_version(session, programme)
        if (current.id if current else None) != pending.base_version_id:
            raise ImportRefused(
                f"Seit dem Hochladen wurde eine andere Fassung des Planungsrahmens eingespielt (Fassung {current.number}). "
                "Bitte laden Sie die Datei erneut hoch und prüfen Sie das Ergebnis noch einmal.",
                status=409,
            )
        version = _import(session, programme, actor, pending.filename, pending.content, confirm_total)
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
        raise ImportRefused("Nur die Administration kann einen Planungsrahmen einspielen.", status=403)


def _import(
    session, programme: Programme, actor, filename: str, content: bytes, confirm_total: bool
) -> AllocationVersion:
    """Write the checked table as the new current version (the programme row is locked by the caller)."""
    checked = check_table(session, content)
    if not checked.ok:
        raise ImportRefused(f"Die Tabelle enthält {len(checked.problems)} Fehler.", checked)
    deviation = total_deviation(checked, programme)
    if deviation and not confirm_total:
        raise ImportRefused(f"{deviation} Bitte bestätigen Sie die Abweichung, wenn sie beabsichtigt ist.", checked)
    organisation_ids = _organisation_ids(session, checked)
    session.execute(
        update(AllocationVersion)
        .where(AllocationVersion.programme_id == programme.id, AllocationVersion.is_current.is_(True))
        .values(is_current=False)
    )
    number = session.scalar(
        select(func.max(AllocationVersion.number)).where(AllocationVersion.programme_id == programme.id)
    )
    version = AllocationVersion(
        programme_id=programme.id,
        number=(number or 0) + 1,
        is_current=True,
        source_name=filename[:255],
        source_sha256=hashlib.sha256(content).hexdigest(),
        total=checked.total,
        deviation_confirmed=deviation is not None,
        imported_at=clock.now(),
        imported_by_id=actor.id if actor is not None else None,
    )
    session.add(version)
    session.flush()
    session.execute(
        insert(Allocation),
        [
            {"version_id": version.id, "organisation_id": organisation_ids[row.ags], "amount": row.amount}
            for row in checked.rows
        ],
    )
    return version


def _organisation_ids(session: Session, checked: CheckedTable) -> dict[str, int]:
    """The organisation of every row's key, creating the Gemeinden that are new."""
    ids = dict(
        session.execute(select(Organisation.ags, Organisation.id).where(func.length(Organisation.ags) == 8)).all()
    )
    new_rows = checked.new_rows
    if new_rows:
        kreise = {
            kreis.ags: kreis
            for kreis in session.scalars(select(Organisation).where(Organisation.kind.in_(KREIS_KINDS)))
        }
        created = [add_gemeinde(session, row.ags, row.name, kreise) for row in new_rows]
        session.flush()
        ids.update((gemeinde.ags, gemeinde.id) for gemeinde in created)
    return ids

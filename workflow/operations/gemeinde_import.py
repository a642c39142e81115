"""The Land's Gemeinden as reference data: the list shipped with Förderweg, and newer official lists.

``load_shipped`` creates the Gemeinden missing from the shipped list (``foerderweg init``), never renaming
one: a newer official list imported since knows better. ``import_gemeinden`` creates and renames after the
operator saw the preview, all or nothing; Gemeinden missing from a file stay (cases and accounts hang on them).
"""

from __future__ import annotations

import csv
from importlib.resources import files

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.models import Organisation, OrganisationKind, User
from workflow.operations import admin_audit
from workflow.reference.gemeinde_table import CheckedGemeinden, check_gemeinde_table


class ImportRefused(Exception):
    def __init__(self, checked: CheckedGemeinden):
        super().__init__(f"{len(checked.problems)} Fehler")
        self.checked = checked


def _kreise(session: Session) -> dict[str, Organisation]:
    return {
        org.ags: org
        for org in session.scalars(
            select(Organisation).where(Organisation.kind.in_((OrganisationKind.LANDKREIS, OrganisationKind.STADTKREIS)))
        )
    }


def _gemeinden(session: Session) -> dict[str, Organisation]:
    return {org.ags: org for org in session.scalars(select(Organisation).where(func.length(Organisation.ags) == 8))}


def add_gemeinde(session: Session, ags: str, name: str, kreise: dict[str, Organisation]) -> Organisation:
    """A Gemeinde under its Kreis (the first five digits of its key)."""
    gemeinde = Organisation(kind=OrganisationKind.GEMEINDE, name=name, ags=ags)
    gemeinde.place_under(kreise[ags[:5]])
    session.add(gemeinde)
    return gemeinde


def load_shipped(session: Session) -> int:
    """Create the Gemeinden of ``workflow/reference/gemeinden.csv`` that do not exist; how many were created."""
    kreise, known = _kreise(session), _gemeinden(session)
    with files("workflow.reference").joinpath("gemeinden.csv").open(encoding="utf-8", newline="") as handle:
        missing = [row for row in csv.DictReader(handle) if row["ags"] not in known]
    for row in missing:
        add_gemeinde(session, row["ags"], row["name"], kreise)
    return len(missing)


def check_table(session: Session, content: bytes) -> CheckedGemeinden:
    """What importing ``content`` would change; nothing is written."""
    return check_gemeinde_table(
        content, set(_kreise(session)), {ags: org.name for ags, org in _gemeinden(session).items()}
    )


def import_gemeinden(session: Session, actor: User | None, filename: str, content: bytes) -> CheckedGemeinden:
    """Check again (the database may have changed since the preview), then create and rename in one transaction."""
    try:
        checked = check_table(session, content)
        if not checked.ok:
            raise ImportRefused(checked)
        kreise, known = _kreise(session), _gemeinden(session)
        for row in checked.new:
            add_gemeinde(session, row.ags, row.name, kreise)
        for row, _ in checked.renamed:
            known[row.ags].name = row.name
        admin_audit.record(
            session,
            actor,
            "gemeinden_imported",
            f"Gemeindeverzeichnis „{filename}“: {len(checked.new)} Gemeinden angelegt, "
            f"{len(checked.renamed)} umbenannt",
            after={"Datei": filename, "neu": len(checked.new), "umbenannt": len(checked.renamed)},
        )
        session.commit()
        return checked
    except BaseException:
        session.rollback()
        raise

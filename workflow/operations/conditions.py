"""Loading the Allgemeine Nebenbestimmungen and finding the version in force on a day.

A loaded version is never changed: Bescheide signed under it quote it word for word. The official wording for
the shipped structure, or a new Fassung, is loaded as a further version; the newest one applying on a day wins.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.formatting import date_de
from workflow.models import ConditionsText, User
from workflow.operations import admin_audit
from workflow.reference.conditions import (
    CODES,
    ConditionsVersion,
    check_version,
    entries_from,
    read_text,
    shipped_versions,
)

SHIPPED_BY = "Stammdaten (workflow/reference/nebenbestimmungen.json)"


def as_version(row: ConditionsText) -> ConditionsVersion:
    return ConditionsVersion(row.code, row.title, row.stand, row.valid_from, row.source, entries_from(row.entries))


def in_force(session: Optional[Session], code: str, day: date) -> Optional[ConditionsVersion]:
    """The version applying on ``day``: the latest loaded among those with the latest start on or before it.

    Without a database (a template rendered for a check), the shipped structure.
    """
    if session is None:
        shipped = [v for v in shipped_versions() if v.code == code and v.valid_from <= day]
        return max(shipped, key=lambda v: v.valid_from, default=None)
    row = session.scalars(
        select(ConditionsText)
        .where(ConditionsText.code == code, ConditionsText.valid_from <= day)
        .order_by(ConditionsText.valid_from.desc(), ConditionsText.id.desc())
        .limit(1)
    ).first()
    return as_version(row) if row else None


def loaded_versions(session: Session) -> list[ConditionsText]:
    return list(
        session.scalars(
            select(ConditionsText).order_by(ConditionsText.code, ConditionsText.valid_from, ConditionsText.id)
        )
    )


def load_shipped(session: Session) -> list[str]:
    """Enter the shipped structure where no version of a kind is loaded yet (idempotent)."""
    loaded = {row.code for row in loaded_versions(session)}
    messages = []
    for version in shipped_versions():
        if version.code in loaded:
            continue
        session.add(
            ConditionsText(
                code=version.code,
                title=version.title,
                stand=version.stand,
                valid_from=version.valid_from,
                source=version.source,
                entries=[entry.as_dict() for entry in version.entries],
                imported_by=SHIPPED_BY,
            )
        )
        messages.append(
            f"{version.code}: Gliederung eingetragen; der Wortlaut ist noch aus der amtlichen Fassung zu "
            "laden (foerderweg nebenbestimmungen import)."
        )
    session.flush()
    return messages


def import_text(
    session: Session,
    code: str,
    raw: bytes,
    stand: str,
    valid_from: Optional[date],
    source: str,
    by: str,
    actor: Optional[User] = None,
) -> ConditionsText:
    """Check and store a loaded text as a new version; raises TextRefused (German) and stores nothing."""
    check_version(code, stand, valid_from, source)
    entries = read_text(raw)
    row = ConditionsText(
        code=code,
        title=CODES[code],
        stand=stand.strip(),
        valid_from=valid_from,
        source=source.strip(),
        entries=[entry.as_dict() for entry in entries],
        source_sha256=hashlib.sha256(raw).hexdigest(),
        imported_by=by,
    )
    session.add(row)
    admin_audit.record(
        session,
        actor,
        "conditions_imported",
        f"{code}, {stand.strip()}, anzuwenden ab {date_de(valid_from)}: {len(entries)} Nummern "
        f"(Quelle: {source.strip()}; {by})",
    )
    session.commit()
    return row

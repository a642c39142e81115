"""The administration's audit as a table (CSV or Excel), for whoever reviews the administration."""

from __future__ import annotations

import json
from typing import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.formatting import datetime_de
from workflow.models import AdminAuditEntry
from workflow.operations.admin_audit import ACTION_LABELS, actor_label
from workflow.exports.spreadsheets import XlsxTable, csv_bytes

HEADER = ("Nr.", "Zeitpunkt", "Durch", "Aktion", "Betrifft", "Beschreibung", "Vorher", "Nachher")


def _rows(session: Session) -> Iterator[tuple]:
    entries = session.scalars(select(AdminAuditEntry).order_by(AdminAuditEntry.id).execution_options(yield_per=500))
    for entry in entries:
        yield (
            entry.id,
            datetime_de(entry.created_at),
            f"{entry.actor.full_name} ({entry.actor.username})" if entry.actor else actor_label(entry),
            ACTION_LABELS.get(entry.action, entry.action),
            entry.subject_user.username if entry.subject_user else "",
            entry.summary,
            json.dumps(entry.before, ensure_ascii=False) if entry.before else "",
            json.dumps(entry.after, ensure_ascii=False) if entry.after else "",
        )


def audit_csv(session: Session) -> bytes:
    return csv_bytes(HEADER, _rows(session))


def audit_workbook(session: Session) -> bytes:
    table = XlsxTable("Protokoll", HEADER)
    for row in _rows(session):
        table.add(row)
    return table.content()

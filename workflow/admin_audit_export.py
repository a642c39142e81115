"""The administration's audit as a table (CSV or Excel), for whoever reviews the administration."""
from __future__ import annotations

import csv
import io
import json
from typing import Iterator

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.export import _cell
from workflow.formatting import datetime_de
from workflow.models import AdminAuditEntry
from workflow.operations.admin_audit import ACTION_LABELS, actor_label

HEADER = ("Nr.", "Zeitpunkt", "Durch", "Aktion", "Betrifft", "Beschreibung", "Vorher", "Nachher")
# A spreadsheet would run a cell that begins with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def _inert(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def audit_csv(session: Session) -> bytes:
    """Semicolon-separated, UTF-8 with BOM: Excel in German opens it as it is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for row in _rows(session):
        writer.writerow([_inert(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def audit_workbook(session: Session) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Protokoll")
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, title) for title in HEADER])
    for row in _rows(session):
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The XLSX export of all cases and amounts, for the ministry and the Regierungspräsidium.

Amounts are numbers with a euro format, dates are dates, so that the sheet
can be summed and filtered in Excel. Text that Excel would run as a formula
(a consortium named "=…") is written as text.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from workflow import permissions
from workflow.clock import BERLIN
from workflow.models import Application, Consortium, Organisation, Programme, User
from workflow.engine.programmes import definition_for

EURO_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "DD.MM.YYYY"
BATCH = 500


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[Application], Any]
    number_format: str | None = None
    width: int = 16


def _local_date(moment: datetime | None):
    return moment.astimezone(BERLIN).date() if moment is not None else None


def _region(application: Application, attribute: str) -> str:
    region = getattr(application.applicant, attribute)
    return region.name if region is not None else ""


def columns(programme: Programme) -> tuple[ExportColumn, ...]:
    workflow = definition_for(programme.code).workflow
    return (
        ExportColumn("Aktenzeichen", lambda a: a.file_number, width=20),
        ExportColumn("Antragsteller (federführend)", lambda a: a.applicant.name, width=32),
        ExportColumn("Gemeindeschlüssel", lambda a: a.applicant.ags, width=14),
        ExportColumn("Kreis", lambda a: _region(a, "kreis"), width=24),
        ExportColumn("Regierungsbezirk", lambda a: _region(a, "regierungsbezirk"), width=24),
        ExportColumn("Zusammenschluss", lambda a: a.consortium.name if a.consortium else "", width=32),
        ExportColumn("Weitere Mitglieder", lambda a: ", ".join(org.label for org in a.member_organisations), width=48),
        ExportColumn("Status", lambda a: workflow.state(a.state).label, width=22),
        ExportColumn("Eingegangen am", lambda a: _local_date(a.submitted_at), DATE_FORMAT, 14),
        ExportColumn("Planungsrahmen bei Antragstellung", lambda a: a.pooled_allocation, EURO_FORMAT),
        ExportColumn("Beantragt", lambda a: a.requested_amount, EURO_FORMAT),
        ExportColumn("Bewilligt", lambda a: a.granted_amount, EURO_FORMAT),
        ExportColumn("Entschieden am", lambda a: _local_date(a.decided_at), DATE_FORMAT, 14),
    )


def _cell(sheet, value: Any, number_format: str | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text begins with
    if number_format is not None:
        cell.number_format = number_format
    return cell


def cases_workbook(session: Session, user: User, programme: Programme) -> bytes:
    """Every submitted case of ``programme`` that ``user`` may see, one row each, in file-number order."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Anträge")
    chosen = columns(programme)
    for index, column in enumerate(chosen, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, column.header) for column in chosen])
    applications = session.scalars(
        select(Application)
        .where(Application.programme_id == programme.id, Application.state != "draft", permissions.visible_applications(user))
        .options(
            joinedload(Application.applicant).options(joinedload(Organisation.kreis), joinedload(Organisation.regierungsbezirk)),
            selectinload(Application.consortium).selectinload(Consortium.members),
        )
        .order_by(Application.file_number)
        .execution_options(yield_per=BATCH)
    )
    for application in applications:
        sheet.append([_cell(sheet, column.value(application), column.number_format) for column in chosen])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The XLSX export of all cases and amounts, for the ministry and the Regierungspräsidium.

Amounts are numbers with a euro format, dates are dates, so that the sheet
can be summed and filtered in Excel. Text that Excel would run as a formula
(a consortium named "=…") is written as text (``workflow.exports.spreadsheets``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterator

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from workflow.money.budget import money_moved, moved_figures
from workflow import permissions
from workflow.clock import BERLIN
from workflow.models import Application, Consortium, ConsortiumMember, Organisation, Programme, User
from workflow.engine.programmes import definition_for, draft_states
from workflow.exports.spreadsheets import XlsxTable

EURO_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "DD.MM.YYYY"
BATCH = 500

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[Any], Any]  # of a row of ``case_rows``
    number_format: str | None = None
    width: int = 16


def _local_date(moment: datetime | None):
    return moment.astimezone(BERLIN).date() if moment is not None else None


def columns(programme: Programme) -> tuple[ExportColumn, ...]:
    workflow = definition_for(programme.code).workflow
    labels = {state.name: state.label for state in workflow.states}
    return (
        ExportColumn("Aktenzeichen", lambda r: r.file_number, width=20),
        ExportColumn("Antragsteller (federführend)", lambda r: r.applicant_name, width=32),
        ExportColumn("Gemeindeschlüssel", lambda r: r.applicant_ags, width=14),
        ExportColumn("Kreis", lambda r: r.kreis_name or "", width=24),
        ExportColumn("Regierungsbezirk", lambda r: r.regierungsbezirk_name or "", width=24),
        ExportColumn("Zusammenschluss", lambda r: r.consortium_name or "", width=32),
        ExportColumn("Weitere Mitglieder", lambda r: r.members, width=48),
        ExportColumn("Status", lambda r: labels[r.state], width=22),
        ExportColumn("Eingegangen am", lambda r: _local_date(r.submitted_at), DATE_FORMAT, 14),
        ExportColumn("Planungsrahmen bei Antragstellung", lambda r: r.pooled_allocation, EURO_FORMAT),
        ExportColumn("Beantragt", lambda r: r.requested_amount, EURO_FORMAT),
        ExportColumn("Bewilligt", lambda r: r.granted_amount, EURO_FORMAT),
        ExportColumn("Entschieden am", lambda r: _local_date(r.decided_at), DATE_FORMAT, 14),
        ExportColumn("Ausgezahlt", lambda r: r.paid, EURO_FORMAT),
        ExportColumn("Zurückgefordert", lambda r: r.recovered, EURO_FORMAT),
        ExportColumn("Erstattet", lambda r: r.repaid, EURO_FORMAT),
    )


@dataclass(frozen=True)
class CaseRow:
    file_number: str | None
    applicant_name: str
    applicant_ags: str | None
    kreis_name: str | None
    regierungsbezirk_name: str | None
    consortium_name: str | None
    members: str  # the other members as „Name (AGS)“, by name
    state: str
    submitted_at: datetime | None
    pooled_allocation: Any
    requested_amount: Any
    granted_amount: Any
    decided_at: datetime | None
    paid: Any
    recovered: Any
    repaid: Any


def case_rows(session: Session, user: User, programme: Programme, batch: int = BATCH) -> Iterator[CaseRow]:
    """Every submitted case of ``programme`` that ``user`` may see, in file-number order, fetched in batches.

    Only the columns the sheet shows are selected (no ORM objects, no draft or details JSON); the consortium
    members of a batch come in one more query per batch.
    """
    applicant, kreis, bezirk = aliased(Organisation), aliased(Organisation), aliased(Organisation)
    moved = money_moved()
    query = (
        select(
            Application.file_number,
            Application.applicant_id,
            Application.consortium_id,
            Application.state,
            Application.submitted_at,
            Application.pooled_allocation,
            Application.requested_amount,
            Application.granted_amount,
            Application.decided_at,
            applicant.name.label("applicant_name"),
            applicant.ags.label("applicant_ags"),
            kreis.name.label("kreis_name"),
            bezirk.name.label("regierungsbezirk_name"),
            Consortium.name.label("consortium_name"),
            moved.c.paid,
            moved.c.recovered,
            moved.c.repaid,
        )
        .join(applicant, applicant.id == Application.applicant_id)
        .outerjoin(moved, moved.c.application_id == Application.id)
        .outerjoin(kreis, kreis.id == applicant.kreis_id)
        .outerjoin(bezirk, bezirk.id == applicant.regierungsbezirk_id)
        .outerjoin(Consortium, Consortium.id == Application.consortium_id)
        .where(exported_cases(user, programme))
        .order_by(Application.file_number)
        .execution_options(yield_per=batch)
    )
    for rows in session.execute(query).partitions():
        members = _members(session, {row.consortium_id for row in rows if row.consortium_id is not None})
        for row in rows:
            others = sorted(
                (name, ags)
                for organisation_id, name, ags in members.get(row.consortium_id, ())
                if organisation_id != row.applicant_id
            )
            yield CaseRow(
                row.file_number,
                row.applicant_name,
                row.applicant_ags,
                row.kreis_name,
                row.regierungsbezirk_name,
                row.consortium_name,
                ", ".join(f"{name} ({ags})" if ags else name for name, ags in others),
                row.state,
                row.submitted_at,
                row.pooled_allocation,
                row.requested_amount,
                row.granted_amount,
                row.decided_at,
                *moved_figures(row.paid, row.recovered, row.repaid).values(),
            )


def _members(session: Session, consortium_ids: set[int]) -> dict[int, list[tuple[int, str, str]]]:
    if not consortium_ids:
        return {}
    result: dict[int, list[tuple[int, str, str]]] = {}
    for consortium_id, organisation_id, name, ags in session.execute(
        select(ConsortiumMember.consortium_id, Organisation.id, Organisation.name, Organisation.ags)
        .join(Organisation, Organisation.id == ConsortiumMember.organisation_id)
        .where(ConsortiumMember.consortium_id.in_(sorted(consortium_ids)))
    ):
        result.setdefault(consortium_id, []).append((organisation_id, name, ags or ""))
    return result


def exported_cases(user: User, programme: Programme):
    """The filter of ``case_rows``: every submitted case of ``programme`` that ``user`` may see."""
    return and_(
        Application.programme_id == programme.id,
        Application.state.not_in(draft_states()),
        permissions.visible_applications(user),
    )


def count_cases(session: Session, user: User, programme: Programme) -> int:
    return session.scalar(select(func.count()).select_from(Application).where(exported_cases(user, programme)))


def cases_workbook(
    session: Session, user: User, programme: Programme, on_row: Callable[[], None] = lambda: None
) -> bytes:
    """Every submitted case of ``programme`` that ``user`` may see, one row each, in file-number order.

    A write-only workbook (openpyxl streams the rows to a temporary file), filled from ``case_rows``;
    ``on_row`` is called after each row (a background job counts its progress with it).
    """
    chosen = columns(programme)
    table = XlsxTable("Anträge", [column.header for column in chosen], [column.width for column in chosen])
    formats = [column.number_format for column in chosen]
    for row in case_rows(session, user, programme):
        table.add([column.value(row) for column in chosen], formats)
        on_row()
    return table.content()

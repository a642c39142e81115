"""The kinds of background job: what each does with its parameters, and the file it leaves.

- ``dossiers``: the audit dossiers of many cases (a programme, optionally one
  Kreis and one year of receipt) as one ZIP with a table of contents;
- ``case_export``: the XLSX list of a programme's cases, for lists too long
  to wait for in the browser;
- ``round``: a round of Bescheide signed and payments ordered from a list (``workflow.jobs.rounds``).

Every kind runs with the rights of the person who ordered it: it sees the
cases that person may see, no more.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.exports import export
from workflow.clock import BERLIN
from workflow.letters.dossier import build_dossier, dossier_filename
from workflow.letters.dossier_seal import SealUnavailable
from workflow.engine.programmes import draft_states, workflow_of
from workflow.jobs.progress import JobKind, JobRefused, JobResult, Progress
from workflow.exports.spreadsheets import CsvTable
from workflow.jobs.rounds import run_round
from workflow.models import Application, Organisation, Programme, User

ZIP_MIMETYPE = "application/zip"
# Kept in memory up to this size, then in a temporary file: a bundle of many dossiers never fills the memory.
SPOOL_BYTES = 32 * 1024 * 1024


def dossier_selection(user: User, programme_id: int, kreis_id: int | None, year: int | None):
    """The cases of a dossier bundle: submitted, of the programme, visible to ``user``; by Kreis and year of receipt."""
    clauses = [
        Application.programme_id == programme_id,
        Application.state.not_in(draft_states()),
        permissions.visible_applications(user),
    ]
    if kreis_id is not None:
        clauses.append(Application.applicant_id.in_(select(Organisation.id).where(Organisation.kreis_id == kreis_id)))
    if year is not None:
        clauses.append(Application.submitted_at >= datetime(year, 1, 1, tzinfo=BERLIN))
        clauses.append(Application.submitted_at < datetime(year + 1, 1, 1, tzinfo=BERLIN))
    return and_(*clauses)


def count_dossiers(session: Session, user: User, programme_id: int, kreis_id: int | None, year: int | None) -> int:
    return session.scalar(
        select(func.count()).select_from(Application).where(dossier_selection(user, programme_id, kreis_id, year))
    )


def _dossiers(session: Session, progress: Progress, user: User, params: dict[str, Any]) -> JobResult:
    selection = dossier_selection(user, params["programme_id"], params.get("kreis_id"), params.get("year"))
    ids = session.scalars(select(Application.id).where(selection).order_by(Application.file_number)).all()
    if not ids:
        raise JobRefused("Für diese Auswahl gibt es keine eingereichten Anträge, die Sie sehen dürfen.")
    if len(ids) > current_app.config["DOSSIER_BUNDLE_MAX_CASES"]:
        raise JobRefused(
            f"Die Auswahl umfasst {len(ids)} Anträge, höchstens "
            f"{current_app.config['DOSSIER_BUNDLE_MAX_CASES']} sind möglich. "
            "Bitte grenzen Sie nach Kreis oder Jahr ein."
        )
    progress.start(len(ids))
    table = CsvTable(["Aktenzeichen", "Antragsteller", "Status", "Datei", "SHA-256"])
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_STORED) as bundle:  # each dossier is compressed already
            for application_id in ids:
                application = session.get(Application, application_id)
                if not permissions.can_download_dossier(user, application):
                    progress.problem(f"{application.file_number}: keine Berechtigung für die Prüfakte.")
                else:
                    try:
                        content = build_dossier(session, user, application)
                    except SealUnavailable as error:  # a bundle of unsealed dossiers would prove nothing
                        raise JobRefused(str(error)) from None
                    name = dossier_filename(application)
                    bundle.writestr(name, content)
                    table.add(
                        [
                            application.file_number,
                            application.applicant.name,
                            workflow_of(application).state(application.state).label,
                            name,
                            hashlib.sha256(content).hexdigest(),
                        ]
                    )
                session.expunge_all()  # one case at a time in memory, however many the bundle holds
                progress.advance()
            bundle.writestr("verzeichnis.csv", table.content())
        spool.seek(0)
        content = spool.read()
    programme = session.get(Programme, params["programme_id"])
    return JobResult(f"Pruefakten_{programme.code}_{clock.today():%Y-%m-%d}.zip", ZIP_MIMETYPE, content)


def _case_export(session: Session, progress: Progress, user: User, params: dict[str, Any]) -> JobResult:
    programme = session.get(Programme, params["programme_id"])
    progress.start(export.count_cases(session, user, programme))
    content = export.cases_workbook(session, user, programme, on_row=progress.advance)
    return JobResult(f"antraege-{programme.code}-{clock.today():%Y-%m-%d}.xlsx", export.XLSX_MIMETYPE, content)


KINDS: dict[str, JobKind] = {
    "dossiers": JobKind("Prüfakten mehrerer Anträge", _dossiers),
    "case_export": JobKind("Antragsliste (Excel)", _case_export),
    "round": JobKind("Sammelzeichnung", run_round),
}

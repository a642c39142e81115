"""A round: the steps the workflows mark as ``batch`` (signing a Bescheid, ordering a payment) for many cases at once.

The approver chooses from a list; the job then fires, item by item and each
in its own transaction, the one batch step that person may take on it now,
exactly as the button on the case page would (permissions, four eyes, budget
and every other guard included). An item that cannot be done is named with
the reason and the round goes on. The file is a ZIP of every letter the round
produced (Bescheide, Auszahlungsmitteilungen) and a protocol.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from workflow import clock, permissions
from workflow.clock import BERLIN
from workflow.letters.dossier import safe_filename
from workflow.engine import procedures
from workflow.engine.actions import Action, available_actions, procedure_actions
from workflow.engine.context import TransitionRefused
from workflow.workflows.standard.guards import read_grant_limits
from workflow.engine.programmes import procedure_states_with_batch_steps, states_waiting_for
from workflow.engine.transitions import perform_transition
from workflow.jobs.progress import JobRefused, JobResult, Progress
from workflow.exports.spreadsheets import CsvTable
from workflow.models import Application, Procedure, Proposal, Role, User

# Each list a round is chosen from shows at most this many items, the oldest first.
CANDIDATE_LIMIT = 200
DECISION = "Entscheidung"


@dataclass(frozen=True)
class Candidate:
    application: Application
    action: Action
    procedure: Optional[Procedure] = None

    @property
    def what(self) -> str:
        """What the step acts on: the decision, or a procedure by its title (Auszahlung 2)."""
        return _what(self.procedure)


def _what(procedure: Optional[Procedure]) -> str:
    return procedures.title(procedure) if procedure is not None else DECISION


def _batch(actions: list[Action]) -> Action | None:
    return next((action for action in actions if action.transition.batch), None)


def batch_action(
    session: Session,
    user: User,
    application: Application,
    procedure: Optional[Procedure] = None,
    programme_figures: Optional[dict[str, Any]] = None,
) -> Action | None:
    """The step ``user`` could take within a round now (blocked or not) on the case or one of its procedures."""
    if procedure is None:
        return _batch(available_actions(session, user, application, programme_figures))
    return _batch(procedure_actions(session, user, application, procedure, programme_figures))


def candidates(session: Session, user: User) -> list[Candidate]:
    """The decisions awaiting ``user``'s signature with the step a round would take, oldest receipt first.

    The proposals come with the cases; the programme's totals and the applicants' own limits are read once for
    the whole list."""
    waiting = (
        select(Application)
        .where(Application.state.in_(states_waiting_for(Role.APPROVER)), permissions.visible_applications(user))
        # Programme and version (its settings) once for the list, not joined into each of up to 200 rows.
        .options(
            selectinload(Application.proposals).selectinload(Proposal.rulings),
            selectinload(Application.programme),
            selectinload(Application.programme_version),
        )
        .order_by(Application.submitted_at, Application.id)
        .limit(CANDIDATE_LIMIT)
    )
    applications, figures = session.scalars(waiting).all(), {}
    read_grant_limits(session, applications, figures)
    found = []
    for application in applications:
        action = batch_action(session, user, application, programme_figures=figures)
        if action is not None:
            found.append(Candidate(application, action))
    return found


def procedure_candidates(session: Session, user: User) -> list[Candidate]:
    """The steps after the decision that ``user`` could take in a round (ordering a payment), oldest first.

    Only procedures in a state a batch step leaves from are read: a change or revocation awaiting its
    signature takes no place in the list."""
    waiting = procedures.in_states(procedure_states_with_batch_steps())
    if waiting is None:
        return []
    found, figures = [], {}
    for procedure in session.scalars(
        select(Procedure)
        .join(Application, Application.id == Procedure.application_id)
        .where(waiting, permissions.visible_applications(user))
        .options(contains_eager(Procedure.application))
        .order_by(Procedure.updated_at, Procedure.id)
        .limit(CANDIDATE_LIMIT)
    ):
        action = batch_action(session, user, procedure.application, procedure, figures)
        if action is not None:
            found.append(Candidate(procedure.application, action, procedure))
    return found


def run_round(session: Session, progress: Progress, user: User, params: dict[str, Any]) -> JobResult:
    items = [(application_id, None) for application_id in params.get("application_ids", [])]
    items += [(None, procedure_id) for procedure_id in params.get("procedure_ids", [])]
    if not items:
        raise JobRefused("Es wurde nichts ausgewählt.")
    progress.start(len(items))
    table = CsvTable(["Aktenzeichen", "Vorgang", "Ergebnis", "Schritt", "Dokumente"])
    letters = io.BytesIO()
    user_id = user.id
    with zipfile.ZipFile(letters, "w", zipfile.ZIP_STORED) as archive:  # Word files are compressed already
        for application_id, procedure_id in items:
            # Each step commits and the session is cleared per item: the signer is loaded afresh each time.
            _take(session, progress, table, archive, session.get(User, user_id), application_id, procedure_id)
            session.expunge_all()
            progress.advance()
        archive.writestr(PROTOCOL, table.content())
    return JobResult(
        f"Sammelzeichnung_{clock.now().astimezone(BERLIN):%Y-%m-%d_%H%M}.zip", "application/zip", letters.getvalue()
    )


def _take(
    session: Session,
    progress: Progress,
    table: CsvTable,
    archive: zipfile.ZipFile,
    actor: User,
    application_id: Optional[int],
    procedure_id: Optional[int],
) -> None:
    """One item of the round: its batch step, or the reason it was not taken, in the protocol."""
    if procedure_id is not None:
        procedure = session.get(Procedure, procedure_id)
        application = procedure.application if procedure is not None else None
    else:
        procedure, application = None, session.get(Application, application_id)
    file_number = application.file_number if application else f"Nr. {application_id or procedure_id}"
    what = _what(procedure)
    action = batch_action(session, actor, application, procedure) if application else None
    try:
        if action is None:
            raise TransitionRefused("Der Vorgang liegt Ihnen nicht mehr zur Zeichnung vor.")
        entry = perform_transition(session, application.id, action.transition.name, actor, procedure_id=procedure_id)
    except TransitionRefused as refusal:
        session.rollback()
        progress.problem(f"{file_number}, {what}: {refusal.message}")
        table.add([file_number, what, f"nicht erledigt: {refusal.message}", "", ""])
    else:
        # A case's payments in one round each get a folder: their notices share a file name.
        folder = safe_filename(file_number) + (f"/{safe_filename(what)}" if procedure is not None else "")
        names = [f"{folder}/{safe_filename(document.filename)}" for document in entry.documents]
        for name, document in zip(names, entry.documents):
            archive.writestr(name, document.content)
        table.add([file_number, what, "erledigt", action.transition.label, ", ".join(names)])


PROTOCOL = "protokoll.csv"


def round_protocol(job) -> list[dict[str, str]]:
    """What a finished round did, item by item, read back from the protocol in its ZIP (the page shows it, so that
    nobody has to open the file to learn which Bescheide were issued and which were not, and why)."""
    if job.kind != "round" or job.status != job.DONE or not job.result_content:
        return []
    with zipfile.ZipFile(io.BytesIO(job.result_content)) as archive:
        text = archive.read(PROTOCOL).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    keys = ("file_number", "what", "result", "step", "documents")
    return [dict(zip(keys, row)) for row in rows[1:]]

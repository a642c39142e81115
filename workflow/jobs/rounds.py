"""A round of letters: one step the workflow marks as ``batch`` (signing a Bescheid) for many cases at once.

The approver chooses the cases from a list; the job then fires, case by
case and each in its own transaction, the one batch step that person may
take on it now, exactly as the button on the case page would (permissions,
four eyes, budget and every other guard included). A case that cannot be
done is named with the reason and the round goes on. The file is a ZIP of
every letter the round produced and a protocol.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.clock import BERLIN
from workflow.dossier import safe_filename
from workflow.engine.actions import Action, available_actions
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import states_waiting_for
from workflow.engine.transitions import perform_transition
from workflow.jobs.progress import JobRefused, JobResult, Progress
from workflow.models import Application, Role, User

# The list a round is chosen from shows at most this many cases, the oldest first.
CANDIDATE_LIMIT = 200


@dataclass(frozen=True)
class Candidate:
    application: Application
    action: Action


def batch_action(session: Session, user: User, application: Application) -> Action | None:
    """The step ``user`` could take on the case within a round now (blocked or not), or None."""
    return next((action for action in available_actions(session, user, application) if action.transition.batch), None)


def candidates(session: Session, user: User) -> list[Candidate]:
    """The cases awaiting ``user``'s signature with the step a round would take, oldest receipt first."""
    waiting = select(Application).where(Application.state.in_(states_waiting_for(Role.APPROVER)),
                                        permissions.visible_applications(user))
    found = []
    for application in session.scalars(waiting.order_by(Application.submitted_at, Application.id).limit(CANDIDATE_LIMIT)):
        action = batch_action(session, user, application)
        if action is not None:
            found.append(Candidate(application, action))
    return found


def run_round(session: Session, progress: Progress, user: User, params: dict[str, Any]) -> JobResult:
    ids = params["application_ids"]
    if not ids:
        raise JobRefused("Es wurde kein Antrag ausgewählt.")
    progress.start(len(ids))
    protocol = io.StringIO()
    table = csv.writer(protocol, delimiter=";")
    table.writerow(["Aktenzeichen", "Ergebnis", "Schritt", "Dokumente"])
    letters = io.BytesIO()
    user_id = user.id
    with zipfile.ZipFile(letters, "w", zipfile.ZIP_STORED) as archive:  # Word files are compressed already
        for application_id in ids:
            # Each signature commits and the session is cleared per case: the signer is loaded afresh each time.
            actor = session.get(User, user_id)
            application = session.get(Application, application_id)
            file_number = application.file_number if application else f"Antrag {application_id}"
            action = batch_action(session, actor, application) if application else None
            try:
                if action is None:
                    raise TransitionRefused("Der Antrag liegt Ihnen nicht mehr zur Zeichnung vor.")
                entry = perform_transition(session, application_id, action.transition.name, actor)
            except TransitionRefused as refusal:
                session.rollback()
                progress.problem(f"{file_number}: {refusal.message}")
                table.writerow([file_number, f"nicht erledigt: {refusal.message}", "", ""])
            else:
                names = [f"{safe_filename(file_number)}/{safe_filename(document.filename)}" for document in entry.documents]
                for name, document in zip(names, entry.documents):
                    archive.writestr(name, document.content)
                table.writerow([file_number, "erledigt", action.transition.label, ", ".join(names)])
            session.expunge_all()
            progress.advance()
        archive.writestr("protokoll.csv", protocol.getvalue().encode("utf-8-sig"))
    return JobResult(f"Sammelzeichnung_{clock.now().astimezone(BERLIN):%Y-%m-%d_%H%M}.zip", "application/zip", letters.getvalue())

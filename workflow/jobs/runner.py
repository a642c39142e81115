"""Running the long jobs people order (``BackgroundJob``): claim, run, keep the result.

``run_background_jobs`` is a scheduler job like the sweep and the mail: each
run takes queued jobs one after the other, and a job whose runner died (its
lease ran out while it was running) is started again from the beginning.
What a job does is its kind's ``work`` (``workflow.jobs.kinds``): it tells its
total, advances item by item and returns the file.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from workflow import clock
from workflow.jobs.kinds import KINDS
from workflow.jobs.progress import CLAIM_LEASE, JobRefused, JobResult, Progress
from workflow.models import BackgroundJob, User


@dataclass
class JobsReport:
    finished: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def anything_happened(self) -> bool:
        return bool(self.finished or self.failed)

    def summary(self) -> str:
        lines = [f"Hintergrundaufträge erledigt: {len(self.finished)}."]
        lines.extend(f"- fehlgeschlagen: {reason}" for reason in self.failed)
        return "\n".join(lines)


def order(session: Session, user: User, kind: str, title: str, params: dict[str, Any]) -> BackgroundJob:
    """Queue a job of ``kind`` for ``user``; the scheduler's next run starts it."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = BackgroundJob(kind=kind, title=title, params=params, created_by_id=user.id, problems=[])
    session.add(job)
    session.commit()
    return job


def claim_next(session: Session, token: str) -> BackgroundJob | None:
    now = clock.now()
    candidate = (
        select(BackgroundJob.id)
        .where(
            or_(
                BackgroundJob.status == BackgroundJob.QUEUED,
                (BackgroundJob.status == BackgroundJob.RUNNING) & (BackgroundJob.claimed_until < now),
            )
        )
        .order_by(BackgroundJob.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    claimed = session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.id == candidate)
        .values(
            status=BackgroundJob.RUNNING,
            claim_token=token,
            claimed_until=now + CLAIM_LEASE,
            started_at=now,
            done=0,
            attempts=BackgroundJob.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    if not claimed:
        return None
    return session.scalar(select(BackgroundJob).where(BackgroundJob.claim_token == token))


def run_background_jobs(session: Session) -> JobsReport:
    """Run every job that is waiting (or whose runner died), oldest first."""
    report = JobsReport()
    while (job := claim_next(session, secrets.token_hex(16))) is not None:
        # The work may commit and clear the session (a round fires one transition per case): keep what is needed.
        job_id, title, work, params = job.id, job.title, KINDS[job.kind].work, dict(job.params)
        progress = Progress(job_id, job.claim_token)
        user = session.get(User, job.created_by_id)
        try:
            result = work(session, progress, user, params)
        except JobRefused as refusal:
            session.rollback()
            _finish(session, job_id, progress, error=str(refusal))
            report.failed.append(f"{title}: {refusal}")
        except Exception as error:  # noqa: BLE001 - any failure ends this job, never the runner or the next job
            session.rollback()
            current_app.logger.exception("Hintergrundauftrag %s fehlgeschlagen", job_id)
            _finish(
                session,
                job_id,
                progress,
                error="Der Auftrag ist an einem internen Fehler gescheitert; der Betrieb ist informiert. "
                "Bitte geben Sie ihn neu auf.",
            )
            report.failed.append(f"{title}: {type(error).__name__}: {error}")
        else:
            _finish(session, job_id, progress, result=result)
            report.finished.append(title)
    return report


def _finish(
    session: Session, job_id: int, progress: Progress, *, result: JobResult | None = None, error: str | None = None
) -> None:
    values: dict[str, Any] = {
        "finished_at": clock.now(),
        "claimed_until": None,
        "problems": progress.problems,
        "done": progress.done,
        "total": progress.total,
    }
    if result is not None:
        values.update(
            status=BackgroundJob.DONE,
            result_filename=result.filename,
            result_mimetype=result.mimetype,
            result_content=result.content,
            result_sha256=hashlib.sha256(result.content).hexdigest(),
        )
    else:
        values.update(status=BackgroundJob.FAILED, error=error)
    session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.id == job_id, BackgroundJob.claim_token == progress.token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()

"""What a background job's work gets and gives: its progress, its result, a refusal in German.

Progress is written through a connection of its own, so that a kind may stream
rows from the session meanwhile and the page shows the count while the job runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Callable

from sqlalchemy import update
from sqlalchemy.orm import Session

from workflow import clock
from workflow.db import db
from workflow.models import BackgroundJob, User

CLAIM_LEASE = timedelta(minutes=10)
# Progress reaches the database at most this often; the lease is renewed with it.
PROGRESS_INTERVAL = timedelta(seconds=1)


class JobRefused(Exception):
    """The job cannot be done as ordered (e.g. nothing left to do it for); the message is German and shown."""


@dataclass(frozen=True)
class JobResult:
    filename: str
    mimetype: str
    content: bytes


@dataclass(frozen=True)
class JobKind:
    label: str
    work: Callable[[Session, "Progress", User, dict[str, Any]], JobResult]


@dataclass
class Progress:
    """Handed to a kind's ``work``: ``start(total)``, then ``advance()`` per item; ``problem(text)`` notes a skipped one."""

    job_id: int
    token: str
    done: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)
    _written_at: Any = None

    def start(self, total: int) -> None:
        self.total = total
        self._write(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._write()

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def _write(self, force: bool = False) -> None:
        now = clock.now()
        if not force and self._written_at is not None and now - self._written_at < PROGRESS_INTERVAL:
            return
        self._written_at = now
        with db.engine.begin() as connection:
            connection.execute(
                update(BackgroundJob)
                .where(BackgroundJob.id == self.job_id, BackgroundJob.claim_token == self.token)
                .values(done=self.done, total=self.total, claimed_until=now + CLAIM_LEASE)
            )

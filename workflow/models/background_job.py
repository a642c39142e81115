"""Long jobs a person orders and fetches later: a dossier of many cases, a large export, a round of letters.

A job runs in the scheduler's process (``workflow.background_jobs``), never in
a web worker; the page shows its progress from ``done`` and ``total``. A
runner claims a job with a token and a lease, so two schedulers never run the
same job and a job whose runner died is taken up again when its lease ends.
The result is kept in the database so that every web host can hand it out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime, utcnow
from workflow.models.user import User


class BackgroundJob(Base):
    __tablename__ = "background_job"
    __table_args__ = (
        Index("ix_background_job_status_id", "status", "id"),
        Index("ix_background_job_created_by_id_id", "created_by_id", "id"),
    )

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What the person ordered, in words: „Prüfakten: Integrationsmanagement, Bodenseekreis, 2026“.
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    started_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    finished_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    claim_token: Mapped[Optional[str]] = mapped_column(String(64))
    claimed_until: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Shown to the person who ordered the job: German, no traceback.
    error: Mapped[Optional[str]] = mapped_column(Text)
    # Per item that could not be done (a case a round of letters skipped): what and why.
    problems: Mapped[list[str]] = mapped_column(JSON, default=list)
    result_filename: Mapped[Optional[str]] = mapped_column(String(200))
    result_mimetype: Mapped[Optional[str]] = mapped_column(String(100))
    result_sha256: Mapped[Optional[str]] = mapped_column(String(64))
    result_content: Mapped[Optional[bytes]] = deferred(mapped_column(LargeBinary))

    created_by: Mapped[User] = relationship()

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

"""The jobs that run by themselves: the deadline sweep, the mail delivery, the daily digests of notifications,
the background jobs people order, the PDF copies of new letters and the webhooks.

They run in their own process (``foerderweg scheduler``), never inside web
workers; ``foerderweg demo`` runs them in the background of its one process.

APScheduler drops a run that starts more than ``misfire_grace_time`` late
(one second by default), e.g. after the machine slept or a sweep took longer
than its interval. Here a late run always happens, and runs missed in a row
are coalesced into one: each job works off everything that is due by now, so
one run catches up on all that was missed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from apscheduler.schedulers.base import BaseScheduler
from flask import Flask
from sqlalchemy.orm import Session

from workflow import mail
from workflow.clock import BERLIN
from workflow.db import db
from workflow.events.delivery import deliver_webhooks
from workflow.jobs.runner import run_background_jobs
from workflow.operations.digests import send_digests
from workflow.operations.sweep import run_sweep
from workflow.letters.pdf_copies import make_pending_copies

JOB_DEFAULTS = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}


def run_job(app: Flask, work: Callable[[Session], Any]) -> None:
    """One run of ``work`` in its own application context (and so its own session); logged if it did anything."""
    with app.app_context():
        report = work(db.session)
        if report.anything_happened:
            app.logger.info("%s", report.summary())


def make_scheduler(app: Flask, scheduler_class: type[BaseScheduler]) -> BaseScheduler:
    """A scheduler of ``scheduler_class`` with its jobs, each due at once and then at its interval."""
    scheduler = scheduler_class(job_defaults=JOB_DEFAULTS, timezone=BERLIN)
    start = datetime.now(timezone.utc)
    jobs = (
        ("sweep", "Fristenlauf", run_sweep, timedelta(minutes=app.config["SWEEP_INTERVAL_MINUTES"])),
        ("mail", "E-Mail-Versand", mail.deliver_queued_mail, timedelta(seconds=app.config["MAIL_INTERVAL_SECONDS"])),
        (
            "digest",
            "Tägliche Zusammenfassung",
            send_digests,
            timedelta(minutes=app.config["DIGEST_INTERVAL_MINUTES"]),
        ),
        ("jobs", "Hintergrundaufträge", run_background_jobs, timedelta(seconds=app.config["JOBS_INTERVAL_SECONDS"])),
        (
            "pdf",
            "PDF-Kopien",
            lambda session: make_pending_copies(session, app.config["SOFFICE"]),
            timedelta(seconds=app.config["PDF_INTERVAL_SECONDS"]),
        ),
        ("webhooks", "Webhooks", deliver_webhooks, timedelta(seconds=app.config["WEBHOOK_INTERVAL_SECONDS"])),
    )
    for job_id, name, work, interval in jobs:
        scheduler.add_job(
            run_job,
            "interval",
            seconds=interval.total_seconds(),
            args=[app, work],
            id=job_id,
            name=name,
            next_run_time=start,
        )
    return scheduler

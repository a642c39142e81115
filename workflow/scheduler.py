"""The jobs that run by themselves: the deadline sweep and the mail delivery.

They run in their own process (``foerderweg scheduler``), never inside web
workers; ``foerderweg demo`` runs them in the background of its one process.

APScheduler drops a run that starts more than ``misfire_grace_time`` late
(one second by default), e.g. after the machine slept or a sweep took longer
than its interval. Here a late run always happens, and runs missed in a row
are coalesced into one: each job works off everything that is due by now, so
one run catches up on all that was missed.
"""
from __future__ import annotations

from datetime import datetime, timezone

from apscheduler.schedulers.base import BaseScheduler
from flask import Flask

from workflow import mail
from workflow.clock import BERLIN
from workflow.db import db
from workflow.operations.sweep import run_sweep

JOB_DEFAULTS = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}


def sweep_job(app: Flask) -> None:
    with app.app_context():
        report = run_sweep(db.session)
        if report.done or report.failed:
            app.logger.info("%s", report.summary())


def mail_job(app: Flask) -> None:
    with app.app_context():
        report = mail.deliver_queued_mail(db.session)
        if report.sent or report.failed:
            app.logger.info("%s", report.summary())


def make_scheduler(app: Flask, scheduler_class: type[BaseScheduler]) -> BaseScheduler:
    """A scheduler of ``scheduler_class`` with both jobs, each due at once and then at its interval."""
    scheduler = scheduler_class(job_defaults=JOB_DEFAULTS, timezone=BERLIN)
    start = datetime.now(timezone.utc)
    scheduler.add_job(
        sweep_job,
        "interval",
        args=[app],
        id="sweep",
        name="Fristenlauf",
        minutes=app.config["SWEEP_INTERVAL_MINUTES"],
        next_run_time=start,
    )
    scheduler.add_job(
        mail_job,
        "interval",
        args=[app],
        id="mail",
        name="E-Mail-Versand",
        seconds=app.config["MAIL_INTERVAL_SECONDS"],
        next_run_time=start,
    )
    return scheduler

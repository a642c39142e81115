"""The scheduler: its own process, jobs that run late rather than never, once at a time."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from conftest import _test_config
from factories import in_state
from sweeping import berlin
from workflow import create_app
from workflow.clock import BERLIN
from workflow.db import db
from workflow.models import Application
from workflow.scheduler import make_scheduler

JOB_OUTCOMES = EVENT_JOB_EXECUTED | EVENT_JOB_MISSED | EVENT_JOB_ERROR


def missed_for_an_hour() -> datetime:
    """A first run time 67 minutes ago: with a 15-minute interval, even the latest missed run is 7 minutes late."""
    return datetime.now(BERLIN) - timedelta(minutes=67)


class Outcomes:
    """Collects what happened to which job; a test waits for the job it cares about."""

    def __init__(self, job_id: str):
        self.job_id = job_id
        self.events = []
        self.arrived = threading.Event()

    def __call__(self, event) -> None:
        if event.job_id == self.job_id:
            self.events.append(event)
            self.arrived.set()


def test_both_jobs_run_late_rather_than_never_coalesced_and_one_at_a_time(app):
    scheduler = make_scheduler(app, BackgroundScheduler)
    scheduler.start(paused=True)  # job defaults apply when a job reaches the job store
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown()
    assert set(jobs) == {"sweep", "mail", "digest", "jobs", "pdf", "webhooks"}
    for job in jobs.values():
        assert job.misfire_grace_time is None and job.coalesce is True and job.max_instances == 1
    assert jobs["sweep"].trigger.interval == timedelta(minutes=15)
    assert jobs["mail"].trigger.interval == timedelta(seconds=60)


def test_a_sweep_missed_for_an_hour_still_runs_once_and_catches_up(app, clock):
    application_id, _ = in_state(app, "information_requested")  # due 09.12.2026
    clock.set(berlin(2026, 12, 10, 8))
    scheduler = make_scheduler(app, BackgroundScheduler)
    outcomes = Outcomes("sweep")
    scheduler.add_listener(outcomes, JOB_OUTCOMES)
    scheduler.start(paused=True)
    try:
        # As after an hour with the machine switched off: five runs were missed.
        scheduler.modify_job("sweep", next_run_time=missed_for_an_hour())
        scheduler.resume()
        assert outcomes.arrived.wait(timeout=60)
    finally:
        scheduler.shutdown()
    assert [event.code for event in outcomes.events] == [EVENT_JOB_EXECUTED]
    with app.app_context():
        assert db.session.get(Application, application_id).state == "response_overdue"


def test_apschedulers_default_grace_would_have_dropped_that_run():
    """Why the jobs set ``misfire_grace_time=None``: by default the late run is skipped."""
    scheduler = BackgroundScheduler(timezone=BERLIN)
    outcomes = Outcomes("late")
    scheduler.add_listener(outcomes, JOB_OUTCOMES)
    scheduler.add_job(lambda: None, IntervalTrigger(minutes=15), id="late", next_run_time=missed_for_an_hour())
    scheduler.start()
    try:
        assert outcomes.arrived.wait(timeout=60)
    finally:
        scheduler.shutdown()
    assert outcomes.events[0].code == EVENT_JOB_MISSED


def test_creating_the_web_application_starts_no_scheduler(database_url):
    before = set(threading.enumerate())
    web_app = create_app(_test_config(database_url))
    started = set(threading.enumerate()) - before
    assert started == set()
    assert not any("scheduler" in name.lower() for name in web_app.extensions)
    with web_app.app_context():
        db.engine.dispose()

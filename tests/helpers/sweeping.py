"""Running sweeps and mail deliveries from tests: once, or several at the same moment.

Each run gets its own application context and with it its own database
session, as separate scheduler processes would.
"""

from __future__ import annotations

import email
import threading
from datetime import datetime
from email import policy
from pathlib import Path

from workflow.clock import BERLIN
from workflow.db import db
from workflow.mail import deliver_queued_mail
from workflow.operations.sweep import SweepReport, run_sweep


def berlin(*parts: int) -> datetime:
    """A moment in Baden-Württemberg's local time, e.g. ``berlin(2026, 12, 29, 0, 5)``."""
    return datetime(*parts, tzinfo=BERLIN)


def sweep(app) -> SweepReport:
    with app.app_context():
        return run_sweep(db.session)


def deliver(app):
    with app.app_context():
        return deliver_queued_mail(db.session)


def at_once(app, job, count: int = 2) -> list:
    """``job(app)`` in ``count`` threads released together by a barrier; their results."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = job(app)
        except BaseException as error:  # handed to the test's thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def outbox_messages(app) -> list[email.message.EmailMessage]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(folder.glob("*.eml"))]

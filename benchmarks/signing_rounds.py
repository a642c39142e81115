"""The Sammelzeichnung on the loaded database: a round of Bescheide, then a round of payment orders for the same
cases, each one background job (``workflow.jobs.rounds``) timed from start to end."""

from __future__ import annotations

import time
from datetime import datetime, time as clock_time, timezone

from flask import current_app
from sqlalchemy import func, select

from factories import GRANT_ALL, draft, fire, fresh_applicant, revision, rulings, user, waive
from workflow import clock
from workflow.clock import SettableClock
from workflow.db import db
from workflow.engine.transitions import perform_transition
from workflow.jobs.runner import order, run_background_jobs
from workflow.models import Application, Procedure
from workflow.workflows.post_award.payments import requestable_on

IM = "integrationsmanagement"


def _timed_round(title: str, params: dict) -> float:
    order(db.session, user("zeichnung"), "round", title, params)
    start = time.perf_counter()
    run_background_jobs(db.session)
    return (time.perf_counter() - start) * 1000


def bescheid_round(count: int) -> tuple[float, int, list[tuple[int, str]]]:
    """``count`` proposals signed in one round: ms per Bescheid, how many were signed, and the cases with their clerks."""
    cases = []
    for _ in range(count):
        clerk = fresh_applicant(IM)
        application_id = draft(clerk)
        fire(application_id, "submit", clerk, revision=revision(application_id))
        fire(application_id, "take", "pruefung.sued")
        positions = rulings(db.session.get(Application, application_id), GRANT_ALL)
        fire(application_id, "propose_decision", "pruefung.sued", positions=positions, comment="")
        cases.append((application_id, clerk))
    ids = [application_id for application_id, _ in cases]
    elapsed = _timed_round("Sammelzeichnung (Benchmark)", {"application_ids": ids})
    signed = db.session.scalar(
        select(func.count()).select_from(Application).where(Application.id.in_(ids), Application.state == "granted")
    )
    return elapsed / count, signed, cases


def payment_round(cases: list[tuple[int, str]]) -> tuple[float, int]:
    """The granted ``cases`` made final (remedies waived), each requesting what falls due and checked by the reviewer,
    then ordered in one round: ms per Auszahlungsmitteilung, and how many were ordered.

    The requests are made on the first day of the funding (or today, if that is later), on a clock that stands
    there for this part: before it nothing falls due."""
    app = current_app._get_current_object()
    real_clock = app.extensions["foerderweg.clock"]
    first_day = min(position.funding_start for position in db.session.get(Application, cases[0][0]).positions)
    start = max(clock.now(), datetime.combine(first_day, clock_time(9), timezone.utc))
    app.extensions["foerderweg.clock"] = SettableClock(start)
    try:
        payments = []
        for application_id, clerk in cases:
            waive(application_id, clerk)
            amount = requestable_on(db.session, db.session.get(Application, application_id), clock.today())
            payment = perform_transition(
                db.session,
                application_id,
                "request_payment",
                user(clerk),
                {"amount": str(amount)},
                new_procedure="payment",
            ).procedure_id
            perform_transition(
                db.session,
                application_id,
                "check_payment",
                user("pruefung.sued"),
                {"comment": ""},
                procedure_id=payment,
            )
            payments.append(payment)
        elapsed = _timed_round("Sammelzeichnung der Auszahlungen (Benchmark)", {"procedure_ids": payments})
    finally:
        app.extensions["foerderweg.clock"] = real_clock
    ordered = db.session.scalar(
        select(func.count()).select_from(Procedure).where(Procedure.id.in_(payments), Procedure.state == "ordered")
    )
    return elapsed / len(cases), ordered

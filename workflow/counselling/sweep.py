"""The counselling's part of the sweep: reminders of review dates, and the deletion after the retention period.

Both run inside ``run_sweep``. A reminder goes to the responsible manager once per review date,
``COUNSELLING_REMINDER_DAYS`` before it. A person whose counselling ended more than
``COUNSELLING_RETENTION_DAYS`` ago is deleted with everything held about them; the anonymous figures stay.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workflow import clock, seed
from workflow.counselling.models import Client, Reminder
from workflow.counselling.operations import erase_client


def remind_reviews(session: Session, today: date) -> int:
    cutoff = today + timedelta(days=current_app.config["COUNSELLING_REMINDER_DAYS"])
    due = session.scalars(
        select(Client).where(
            Client.review_on <= cutoff,
            Client.consent_withdrawn_on.is_(None),
            or_(Client.reminded_for.is_(None), Client.reminded_for != Client.review_on),
        )
    ).all()
    for client in due:
        session.add(
            Reminder(
                user_id=client.responsible_id, client_id=client.id, review_on=client.review_on, created_at=clock.now()
            )
        )
        client.reminded_for = client.review_on
    session.commit()
    return len(due)


def erase_expired(session: Session, today: date) -> int:
    ended_before = today - timedelta(days=current_app.config["COUNSELLING_RETENTION_DAYS"])
    expired = session.scalars(select(Client).where(Client.counselling_end < ended_before)).all()
    system = seed.system_user(session) if expired else None
    for client in expired:
        erase_client(session, system, client, "retention_erased")
    return len(expired)


def sweep_counselling(session: Session, today: date) -> list[str]:
    """The sweep's report lines of the counselling (counts only: the report is no place for names)."""
    reminded, erased = remind_reviews(session, today), erase_expired(session, today)
    lines = []
    if reminded:
        lines.append(f"- Integrationspläne: {reminded} Wiedervorlage(n) erinnert")
    if erased:
        lines.append(f"- Integrationspläne: {erased} Person(en) nach Ablauf der Aufbewahrungsfrist gelöscht")
    return lines

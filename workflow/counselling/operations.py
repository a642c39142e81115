"""State changes of the counselling: persons, consent, the plan's versions, assignments, the person's rights.

Every change and every read of a person's data writes an ``AccessLogEntry`` in the same transaction, and so
does every attempt that was refused (``record_access(..., "refused")`` before the 404 or 403).
The anonymous figures (``CaseFigure``, ``GoalFigure``, ``PlanFigure``) are kept up to date here, so the
key figures never have to decrypt anything and survive the deletion of the person.
"""

from __future__ import annotations

import json
import secrets
from datetime import date
from typing import Any, Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workflow import clock
from workflow.counselling.models import (
    AccessLogEntry,
    CaseFigure,
    Client,
    CounsellingStaff,
    GoalFigure,
    PlanDraft,
    PlanFigure,
    PlanVersion,
    Reminder,
)
from workflow.counselling.plan import REACHED, empty_plan
from workflow.db import forget_deleted_pages
from workflow.models import User
from workflow.text import parse_german_date

ACTION_LABELS = {
    "created": "Person angelegt",
    "read": "Daten angesehen",
    "changed": "Stammdaten oder Einwilligung geändert",
    "consent_read": "Einwilligung heruntergeladen",
    "plan_saved": "Integrationsplan fortgeschrieben",
    "draft_saved": "Entwurf des Integrationsplans gespeichert",
    "version_read": "Ältere Fassung angesehen",
    "word_export": "Integrationsplan als Word-Datei exportiert",
    "assigned": "Zuständigkeit geändert",
    "art15_export": "Auskunft nach Art. 15 DSGVO exportiert",
    "art17_erased": "Gelöscht auf Antrag (Art. 17 DSGVO)",
    "retention_erased": "Gelöscht nach Ablauf der Aufbewahrungsfrist",
    "refused": "Zugriff verweigert (keine Berechtigung)",
}


def new_token() -> str:
    return secrets.token_hex(16)


def log_access(session: Session, user: User, client: Client, action: str) -> None:
    session.add(
        AccessLogEntry(
            organisation_id=client.organisation_id,
            user_id=user.id,
            client_number=client.id,
            action=action,
            at=clock.now(),
        )
    )


def record_access(session: Session, user: User, client: Client, action: str) -> None:
    """A read or export on its own: logged and committed before the data leaves."""
    log_access(session, user, client, action)
    session.commit()


def create_client(
    session: Session,
    user: User,
    personal: dict[str, Any],
    start: date,
    end: date | None,
    consent_given_on: date,
    consent_document: bytes | None,
) -> Client:
    """A new person, counselled by ``user`` (responsible) in ``user``'s organisation."""
    personal = {**personal, "case_token": new_token()}
    client = Client(
        organisation_id=user.organisation_id,
        responsible_id=user.id,
        personal=personal,
        counselling_start=start,
        counselling_end=end,
        consent_given_on=consent_given_on,
        consent_document=consent_document,
        created_at=clock.now(),
    )
    session.add(client)
    session.add(
        CaseFigure(
            token=personal["case_token"],
            organisation_id=user.organisation_id,
            manager_id=user.id,
            started_on=start,
            ended_on=end,
        )
    )
    session.flush()
    log_access(session, user, client, "created")
    session.commit()
    return client


def update_client(
    session: Session,
    user: User,
    client: Client,
    personal: dict[str, Any],
    start: date,
    end: date | None,
    consent_document: bytes | None,
    withdrawn_on: date | None,
) -> None:
    """New master data; a new consent file replaces the old one; a withdrawal ends the processing."""
    client.personal = {
        **personal,
        "case_token": client.personal["case_token"],
        "consent_filename": personal.get("consent_filename") or client.personal.get("consent_filename", ""),
    }
    client.counselling_start, client.counselling_end = start, end
    if consent_document is not None:
        client.consent_document = consent_document
    if withdrawn_on is not None and client.consent_withdrawn_on is None:
        client.consent_withdrawn_on = withdrawn_on
    figure = session.get(CaseFigure, client.personal["case_token"])
    if figure is not None:
        figure.started_on, figure.ended_on = start, end
    log_access(session, user, client, "changed")
    session.commit()


def latest_plan(client: Client) -> dict[str, Any]:
    return client.versions[-1].content if client.versions else empty_plan()


def save_plan(session: Session, user: User, client: Client, plan: dict[str, Any]) -> PlanVersion:
    """The next version of the plan (Fortschreibung); new goals get their token, the figures follow."""
    today = clock.today()
    goals = [{**goal, "token": goal.get("token") or new_token()} for goal in plan["goals"]]
    content = {**plan, "goals": goals}
    version = PlanVersion(
        client=client, number=len(client.versions) + 1, author_id=user.id, created_at=clock.now(), content=content
    )
    session.add(version)
    review_on = parse_german_date(plan.get("review_on") or "")
    if review_on != client.review_on:
        client.review_on, client.reminded_for = review_on, None
    kind = PlanFigure.WRITTEN if version.number == 1 else PlanFigure.UPDATED
    session.add(PlanFigure(organisation_id=client.organisation_id, manager_id=user.id, kind=kind, occurred_on=today))
    _record_goals(session, user, client, goals, today)
    session.execute(delete(PlanDraft).where(PlanDraft.client_id == client.id, PlanDraft.user_id == user.id))
    log_access(session, user, client, "plan_saved")
    session.commit()
    return version


def _record_goals(session: Session, user: User, client: Client, goals: list[dict[str, Any]], today: date) -> None:
    known = {
        figure.token: figure
        for figure in session.scalars(select(GoalFigure).where(GoalFigure.token.in_([goal["token"] for goal in goals])))
    }
    for goal in goals:
        figure = known.get(goal["token"])
        if figure is None:
            figure = GoalFigure(
                token=goal["token"],
                organisation_id=client.organisation_id,
                manager_id=user.id,
                area=goal["area"],
                agreed_on=today,
            )
            session.add(figure)
        figure.area = goal["area"]
        if goal["status"] == REACHED and figure.reached_on is None:
            figure.reached_on = today
        elif goal["status"] != REACHED:
            figure.reached_on = None


def draft_of(session: Session, user: User, client: Client) -> PlanDraft | None:
    return session.get(PlanDraft, (client.id, user.id))


def keep_draft(session: Session, user: User, client: Client, form_data: dict[str, str]) -> None:
    """What was typed, kept server-side (encrypted) until the plan is saved."""
    draft = draft_of(session, user, client) or PlanDraft(client=client, user_id=user.id)
    draft.form_data, draft.saved_at = form_data, clock.now()
    session.add(draft)
    log_access(session, user, client, "draft_saved")
    session.commit()


def assign(session: Session, lead: User, client: Client, responsible: User, deputies: Iterable[User]) -> None:
    client.responsible = responsible
    client.deputies = [deputy for deputy in deputies if deputy.id != responsible.id]
    figure = session.get(CaseFigure, client.personal["case_token"])
    if figure is not None:
        figure.manager_id = responsible.id
    log_access(session, lead, client, "assigned")
    session.commit()


def link_positions(session: Session, positions: dict[int, int | None]) -> None:
    """Each manager's funded position (None: not funded through a position of this organisation)."""
    for user_id, position_id in positions.items():
        staff = session.get(CounsellingStaff, user_id) or CounsellingStaff(user_id=user_id)
        staff.position_id = position_id
        session.add(staff)
    session.commit()


def subject_access_export(session: Session, user: User, client: Client) -> bytes:
    """Everything held about the person (Art. 15 DSGVO) as JSON; the log says that it was exported, not what."""
    data = {
        "Person": {key: value for key, value in client.personal.items() if key != "case_token"},
        "Beginn der Beratung": client.counselling_start.isoformat(),
        "Ende der Beratung": client.counselling_end.isoformat() if client.counselling_end else None,
        "Einwilligung erteilt am": client.consent_given_on.isoformat() if client.consent_given_on else None,
        "Einwilligung widerrufen am": client.consent_withdrawn_on.isoformat() if client.consent_withdrawn_on else None,
        "Unterschriebene Einwilligung gespeichert": client.consent_document is not None,
        "Zuständig": client.responsible.full_name,
        "Vertretung": [deputy.full_name for deputy in client.deputies],
        "Fassungen des Integrationsplans": [
            {
                "Fassung": v.number,
                "gespeichert am": v.created_at.isoformat(),
                "von": v.author.full_name,
                "Inhalt": {**v.content, "goals": [{k: g[k] for k in g if k != "token"} for g in v.content["goals"]]},
            }
            for v in client.versions
        ],
        "Protokoll der Zugriffe": [
            {
                "am": entry.at.isoformat(),
                "von": entry.user.full_name,
                "Vorgang": ACTION_LABELS.get(entry.action, entry.action),
            }
            for entry in session.scalars(
                select(AccessLogEntry)
                .where(
                    AccessLogEntry.organisation_id == client.organisation_id, AccessLogEntry.client_number == client.id
                )
                .order_by(AccessLogEntry.id)
            )
        ],
    }
    log_access(session, user, client, "art15_export")
    session.commit()
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def erase_client(session: Session, user: User, client: Client, action: str = "art17_erased") -> None:
    """Delete the person with plan, drafts, reminders, consent file and the person's data key: any copy of the
    ciphertext left elsewhere (WAL, dead tuples, backups) can no longer be read. The access log (append-only) keeps
    its lines: who read, changed or exported the person's data when, and now who erased it, by number, never content.

    The anonymous figures stay: they hold nothing that leads back to the person.
    """
    log_access(session, user, client, action)
    session.execute(delete(Reminder).where(Reminder.client_id == client.id))
    session.execute(delete(PlanDraft).where(PlanDraft.client_id == client.id))
    session.delete(client)
    session.commit()
    forget_deleted_pages(session)

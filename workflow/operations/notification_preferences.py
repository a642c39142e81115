"""Each person's choice, per kind of notification, of how its mail reaches them (``engine.notice_kinds``).

Only a choice other than „sofort“ is stored; a kind without a row, and every fixed kind, is mailed at once.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workflow.engine.notice_kinds import CHOICES, IMMEDIATELY, NOTICE_KINDS, delivery
from workflow.models import NotificationPreference, User


class PreferenceRefused(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


def choices_of(session: Session, user: User) -> dict[str, str]:
    """Every kind with how ``user`` gets its mail."""
    stored = dict(
        session.execute(
            select(NotificationPreference.kind, NotificationPreference.choice).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {code: delivery(code, stored.get(code)) for code in NOTICE_KINDS}


def deliveries(session: Session, user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """How each of ``user_ids`` gets the mail of a notice of ``kind`` (one query; none for a fixed kind)."""
    user_ids = list(user_ids)
    if NOTICE_KINDS[kind].fixed:
        return dict.fromkeys(user_ids, IMMEDIATELY)
    stored = dict(
        session.execute(
            select(NotificationPreference.user_id, NotificationPreference.choice).where(
                NotificationPreference.kind == kind, NotificationPreference.user_id.in_(user_ids)
            )
        ).all()
    )
    return {user_id: delivery(kind, stored.get(user_id)) for user_id in user_ids}


def save(session: Session, user: User, wanted: Mapping[str, str]) -> None:
    """Store ``user``'s choices; a kind not named keeps its choice. Refused as a whole, with nothing stored,
    when a kind is unknown, a choice is unknown, or a fixed kind is to be mailed other than at once."""
    for code, choice in wanted.items():
        kind = NOTICE_KINDS.get(code)
        if kind is None or choice not in CHOICES:
            raise PreferenceRefused("Diese Auswahl gibt es nicht. Bitte wählen Sie aus den angebotenen.", 422)
        if kind.fixed and choice != IMMEDIATELY:
            raise PreferenceRefused(f"„{kind.label}“ kommt immer sofort. {kind.fixed_because}", 403)
    session.execute(
        delete(NotificationPreference).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind.in_(list(wanted))
        )
    )
    session.add_all(
        NotificationPreference(user_id=user.id, kind=code, choice=choice)
        for code, choice in wanted.items()
        if choice != IMMEDIATELY
    )
    session.commit()

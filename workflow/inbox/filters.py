"""The inbox's filters as GET parameters, and each person's saved filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.inbox.items import Item
from workflow.models import SavedFilter, User

# Whose work: the user's own and nobody's (the default), only the user's own, nobody's, or the whole team's.
ASSIGNMENTS = {
    "": "Meine und nicht zugewiesene",
    "mir": "Mir zugewiesen",
    "offen": "Nicht zugewiesen",
    "team": "Alle meines Teams",
}
DUE = {"": "Alle", "ueberfaellig": "Überfällig", "bald": "Fällig in 14 Tagen", "frist": "Mit Frist"}
SOON = timedelta(days=14)
PARAMETERS = ("art", "programm", "frist", "zustaendig")
MAX_SAVED = 20


@dataclass(frozen=True)
class Filter:
    kind: str = ""
    programme: str = ""
    due: str = ""
    assignment: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "Filter":
        due, assignment = args.get("frist", ""), args.get("zustaendig", "")
        return cls(
            args.get("art", "")[:32],
            args.get("programm", "")[:64],
            due if due in DUE else "",
            assignment if assignment in ASSIGNMENTS else "",
        )

    @property
    def query(self) -> str:
        """The filter as the inbox's query string, only its own parameters and only those set."""
        values = dict(zip(PARAMETERS, (self.kind, self.programme, self.due, self.assignment)))
        return urlencode({key: value for key, value in values.items() if value})

    def keeps_assignment(self, item: Item, user: User) -> bool:
        if not item.assignable or self.assignment == "team":
            return True
        mine = item.assignee is not None and item.assignee.id == user.id
        nobody = item.assignee is None
        return {"mir": mine, "offen": nobody}.get(self.assignment, mine or nobody)

    def keeps(self, item: Item, user: User, today: date) -> bool:
        """Whether ``item`` passes every part of the filter but its kind (the counts per kind are taken there)."""
        if self.programme and item.application.programme.code != self.programme:
            return False
        if self.due == "ueberfaellig" and not item.overdue(today):
            return False
        if self.due == "bald" and (item.due_on is None or item.due_on > today + SOON):
            return False
        if self.due == "frist" and item.due_on is None:
            return False
        return self.keeps_assignment(item, user)


def saved_filters(session: Session, user: User) -> list[SavedFilter]:
    return list(session.scalars(select(SavedFilter).where(SavedFilter.user_id == user.id).order_by(SavedFilter.name)))


class FilterRefused(Exception):
    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status


def save(session: Session, user: User, name: str, chosen: Filter) -> SavedFilter:
    """Save the filter under ``name``; a filter of the same name is replaced."""
    name = " ".join(name.split())
    if not name:
        raise FilterRefused("Bitte geben Sie dem Filter einen Namen.")
    if len(name) > 80:
        raise FilterRefused("Der Name darf höchstens 80 Zeichen lang sein.")
    existing = session.scalar(select(SavedFilter).where(SavedFilter.user_id == user.id, SavedFilter.name == name))
    if existing is None:
        if len(saved_filters(session, user)) >= MAX_SAVED:
            raise FilterRefused(f"Sie können höchstens {MAX_SAVED} Filter speichern; bitte löschen Sie erst einen.")
        existing = SavedFilter(user_id=user.id, name=name)
        session.add(existing)
    existing.query = chosen.query
    session.commit()
    return existing


def delete(session: Session, user: User, filter_id: int) -> None:
    saved = session.get(SavedFilter, filter_id)
    if saved is None or saved.user_id != user.id:
        raise FilterRefused("Diesen gespeicherten Filter gibt es nicht.", 404)
    session.delete(saved)
    session.commit()

"""Paginated lists (applications, notifications) with a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from sqlalchemy import ColumnElement, case, func, select, union
from sqlalchemy.orm import Session, joinedload, lazyload, selectinload

from workflow import permissions
from workflow.models import (
    Application,
    Consortium,
    ConsortiumMember,
    Deadline,
    Notification,
    Organisation,
    Position,
    Programme,
    Proposal,
    User,
)
from workflow.views.pagination import Paged, bounded_count
from workflow.search.text_search import Contains


@dataclass(frozen=True)
class Page(Paged):
    # For lists of applications: the nearest open deadline of each that has one.
    deadlines: dict[int, Deadline] = field(default_factory=dict)


SORTS = {
    "frist": "Nächste Frist zuerst",
    "eingang": "Eingang (älteste zuerst)",
    "beantragt": "Beantragt (höchster Betrag zuerst)",
    "neu": "Zuletzt geändert zuerst",
}
# Longer search texts are cut: nobody types more to find a file number, a municipality or a person.
MAX_SEARCH_LENGTH = 100


def search_filter(text: str) -> Optional[ColumnElement[bool]]:
    """Cases whose Aktenzeichen, applicant, consortium or member, contact person or Integrationsmanager/in
    contains ``text`` (any case); None for an empty search.

    The matching ids are one uncorrelated union, each part searching one column of one table, so the
    database finds them once (PostgreSQL through the trigram indexes, SQLite by scanning narrow indexes),
    instead of testing every visible case against every table."""
    text = " ".join(text.split())[:MAX_SEARCH_LENGTH]
    if not text:
        return None
    named = select(Organisation.id).where(Contains(Organisation.name, text))
    consortia = union(
        select(Consortium.id).where(Contains(Consortium.name, text)),
        select(ConsortiumMember.consortium_id).where(ConsortiumMember.organisation_id.in_(named)),
    )
    return Application.id.in_(
        union(
            select(Application.id).where(Contains(Application.file_number, text)),
            select(Application.id).where(Contains(Application.contact_name, text)),
            select(Application.id).where(Application.applicant_id.in_(named)),
            select(Application.id).where(Application.consortium_id.in_(consortia)),
            select(Position.application_id).where(Contains(Position.person_name, text)),
        )
    )


def state_counts(session: Session, user: User, where: Optional[ColumnElement[bool]] = None) -> dict[str, int]:
    """How many of the cases ``user`` may see (and ``where`` chooses) are in each state: one grouped query."""
    rows = session.execute(
        select(Application.state, func.count()).where(*_filters(user, where, None)).group_by(Application.state)
    )
    return dict(rows.all())


def _filters(
    user: User, where: Optional[ColumnElement[bool]], states: Optional[Sequence[str]]
) -> list[ColumnElement[bool]]:
    filters = [permissions.visible_applications(user)]
    if where is not None:
        filters.append(where)
    if states:
        filters.append(Application.state.in_(list(states)))
    return filters


def assignment_counts_by_state(
    session: Session,
    user: User,
    reviewer_id: int,
    where: Optional[ColumnElement[bool]] = None,
) -> dict[str, dict[str, int]]:
    """Per state, of the cases ``user`` may see (and ``where`` chooses): how many the reviewer took („mir“),
    how many nobody took („offen“), and all („“). One grouped query gives the reviewer's list its state tabs,
    its assignment tabs and its total."""
    mine = func.coalesce(func.sum(case((Application.reviewer_id == reviewer_id, 1), else_=0)), 0)
    untaken = func.coalesce(func.sum(case((Application.reviewer_id.is_(None), 1), else_=0)), 0)
    rows = session.execute(
        select(Application.state, mine, untaken, func.count())
        .where(*_filters(user, where, None))
        .group_by(Application.state)
    )
    return {state: {"mir": taken, "offen": nobody, "": every} for state, taken, nobody, every in rows}


def programme_counts(
    session: Session, user: User, where: Optional[ColumnElement[bool]], states: Sequence[str]
) -> list[tuple[str, str, int]]:
    """(code, name, count) of the programmes whose cases ``user`` may see in ``states`` and ``where`` chooses:
    where a search found its cases."""
    rows = session.execute(
        select(Programme.code, Programme.name, func.count())
        .join(Application, Application.programme_id == Programme.id)
        .where(*_filters(user, where, states))
        .group_by(Programme.code, Programme.name)
        .order_by(Programme.name)
    )
    return [(code, name, count) for code, name, count in rows]


def next_due_on() -> ColumnElement:
    """The nearest open deadline of the application in the outer query (index deadline(application_id, status, due_on))."""
    return (
        select(func.min(Deadline.due_on))
        .where(Deadline.application_id == Application.id, Deadline.status == Deadline.OPEN)
        .correlate(Application)
        .scalar_subquery()
    )


def page_ids_query(
    user: User,
    *,
    where: Optional[ColumnElement[bool]] = None,
    states: Optional[Sequence[str]] = None,
    sort: str = "frist",
    page: int = 1,
    size: int = 20,
):
    """The ids of one page, in the list's order: ids only, so the database sorts and cuts narrow rows.

    „eingang“ and „neu“ are served by the indexes application(state, submitted_at, id) and
    application(updated_at, id); „frist“ orders by the nearest open deadline, looked up per application
    in the index deadline(application_id, status, due_on).
    """
    order: list[Any]
    if sort == "eingang":
        order = [Application.submitted_at.asc(), Application.id]
    elif sort == "beantragt":
        order = [Application.requested_amount.desc().nulls_last(), Application.id]
    elif sort == "neu":
        order = [Application.updated_at.desc(), Application.id.desc()]
    else:
        due = next_due_on()
        order = [due.asc().nulls_last(), Application.submitted_at.asc(), Application.id]
    return (
        select(Application.id)
        .where(*_filters(user, where, states))
        .order_by(*order)
        .limit(size)
        .offset((max(1, page) - 1) * size)
    )


def application_page(
    session: Session,
    user: User,
    *,
    where: Optional[ColumnElement[bool]] = None,
    states: Optional[Sequence[str]] = None,
    sort: str = "frist",
    page: int = 1,
    size: int = 20,
    total: Optional[int] = None,
) -> Page:
    """One page of the applications ``user`` may see, with their nearest open deadline.

    Three steps, each bounded by the page, not by the rows behind it: the page's ids (``page_ids_query``),
    those applications with what the lists show of them, and their nearest open deadlines. ``total`` is
    counted unless the caller knows it already.
    """
    number = max(1, page)
    if total is None:
        total = session.scalar(select(func.count()).select_from(Application).where(*_filters(user, where, states)))
    ids = session.scalars(page_ids_query(user, where=where, states=states, sort=sort, page=number, size=size)).all()
    items: list[Application] = []
    if ids:
        loaded = {
            application.id: application
            for application in session.scalars(
                select(Application)
                .where(Application.id.in_(ids))
                .options(
                    joinedload(Application.applicant).joinedload(Organisation.kreis),
                    joinedload(Application.reviewer),
                    selectinload(Application.consortium),
                    # The proposals mark a returned one and give the signature queue kind and amount.
                    selectinload(Application.proposals).options(
                        lazyload(Proposal.rulings), lazyload(Proposal.proposed_by), lazyload(Proposal.decided_by)
                    ),
                    # Nothing of the version (its settings JSON) shows in a list.
                    lazyload(Application.programme_version),
                )
            ).unique()
        }
        items = [loaded[application_id] for application_id in ids if application_id in loaded]
    return Page(
        items=items, deadlines=nearest_open_deadlines(session, items), total=total or 0, number=number, size=size
    )


def nearest_open_deadlines(session: Session, applications: Sequence[Application]) -> dict[int, Deadline]:
    if not applications:
        return {}
    nearest: dict[int, Deadline] = {}
    open_deadlines = session.scalars(
        select(Deadline)
        .where(Deadline.application_id.in_([a.id for a in applications]), Deadline.status == Deadline.OPEN)
        .order_by(Deadline.due_on.desc())
    )
    for deadline in open_deadlines:
        nearest[deadline.application_id] = deadline
    return nearest


def notification_page(session: Session, user: User, *, page: int = 1, size: int = 20) -> Page:
    """One page of ``user``'s notifications, newest first, with their cases."""
    mine = Notification.user_id == user.id
    total, more = bounded_count(session, select(Notification.id).where(mine))
    number = max(1, page)
    items = (
        session.scalars(
            select(Notification)
            .where(mine)
            .options(
                joinedload(Notification.application).options(
                    selectinload(Application.consortium), lazyload(Application.programme_version)
                )
            )
            .order_by(Notification.id.desc())
            .limit(size)
            .offset((number - 1) * size)
        )
        .unique()
        .all()
    )
    return Page(items=items, total=total, number=number, size=size, more=more)

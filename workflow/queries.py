"""Paginated lists (applications, notifications) with a constant number of queries."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload, lazyload, selectinload

from workflow import permissions
from workflow.models import Application, Deadline, Notification, Organisation, User
from workflow.pagination import Paged


@dataclass(frozen=True)
class Page(Paged):
    # For lists of applications: the nearest open deadline of each that has one.
    deadlines: dict[int, Deadline] = field(default_factory=dict)


SORTS = {
    "frist": "Nächste Frist zuerst",
    "eingang": "Eingang (älteste zuerst)",
    "neu": "Zuletzt geändert zuerst",
}


def application_page(
    session: Session,
    user: User,
    *,
    where: Optional[ColumnElement[bool]] = None,
    states: Optional[Sequence[str]] = None,
    sort: str = "frist",
    page: int = 1,
    size: int = 20,
) -> Page:
    """One page of the applications ``user`` may see, with their nearest open deadline."""
    next_due = (
        select(Deadline.application_id, func.min(Deadline.due_on).label("due_on"))
        .where(Deadline.status == Deadline.OPEN)
        .group_by(Deadline.application_id)
        .subquery()
    )
    filters = [permissions.visible_applications(user)]
    if where is not None:
        filters.append(where)
    if states:
        filters.append(Application.state.in_(list(states)))
    total = session.scalar(select(func.count()).select_from(Application).where(*filters))
    order: list[Any]
    if sort == "eingang":
        order = [Application.submitted_at.asc(), Application.id]
    elif sort == "neu":
        order = [Application.updated_at.desc(), Application.id.desc()]
    else:
        order = [next_due.c.due_on.asc().nulls_last(), Application.submitted_at.asc(), Application.id]
    number = max(1, page)
    rows = session.execute(
        select(Application, next_due.c.due_on)
        .outerjoin(next_due, next_due.c.application_id == Application.id)
        .where(*filters)
        .options(
            joinedload(Application.applicant).joinedload(Organisation.kreis),
            # Lists show the reviewer's name only; their roles, Kreise and programmes stay unloaded.
            joinedload(Application.reviewer).options(
                lazyload(User.role_rows), lazyload(User.kreise), lazyload(User.programmes)
            ),
            selectinload(Application.consortium),
        )
        .order_by(*order)
        .limit(size)
        .offset((number - 1) * size)
    ).unique().all()
    items = [application for application, _ in rows]
    return Page(items=items, deadlines=nearest_open_deadlines(session, items), total=total or 0, number=number, size=size)


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
    total = session.scalar(select(func.count()).select_from(Notification).where(mine))
    number = max(1, page)
    items = session.scalars(
        select(Notification)
        .where(mine)
        .options(joinedload(Notification.application).selectinload(Application.consortium))
        .order_by(Notification.id.desc())
        .limit(size)
        .offset((number - 1) * size)
    ).unique().all()
    return Page(items=items, total=total or 0, number=number, size=size)

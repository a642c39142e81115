"""One page of a list: the rows, how many there are in all, and where the page stands."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


# A list counts its rows only up to this many: beyond it „mehr als 10.000“ says enough, and the count
# costs the same however many rows there are (a reviewer at ten times the Land has 275,000 notifications).
COUNT_LIMIT = 10_000


def bounded_count(session: Session, statement: Select) -> tuple[int, bool]:
    """How many rows ``statement`` has, counted up to ``COUNT_LIMIT``; and whether there are more."""
    capped = statement.order_by(None).limit(COUNT_LIMIT + 1).subquery()
    found = session.scalar(select(func.count()).select_from(capped)) or 0
    return min(found, COUNT_LIMIT), found > COUNT_LIMIT


@dataclass(frozen=True)
class Paged:
    items: Sequence[Any]
    total: int
    number: int
    size: int
    # ``total`` is a lower bound: the list holds more than ``COUNT_LIMIT`` rows.
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages or (self.more and len(self.items) == self.size)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def paginate(session: Session, statement: Select, page: int, size: int, scalars: bool = True) -> Paged:
    """Page ``page`` (from 1; anything lower is 1) of ``statement``: two queries, however long the list."""
    number = max(1, page)
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    limited = statement.limit(size).offset((number - 1) * size)
    result = session.execute(limited)
    items = result.unique().scalars().all() if scalars else result.all()
    return Paged(items=items, total=total, number=number, size=size)

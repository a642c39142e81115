"""One page of a list: the rows, how many there are in all, and where the page stands."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Paged:
    items: Sequence[Any]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

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

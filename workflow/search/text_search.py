"""A column contains a text, in any case: the substring test of every search field.

PostgreSQL compiles it to ``ILIKE`` (served by the trigram indexes where ``pg_trgm`` is installed). SQLite's
own ``lower()`` folds ASCII only, so ``workflow.db`` replaces it with Python's, which folds „Ä“ too, at the
price of a call into Python per row. SQLite's ``LIKE`` already ignores the case of ASCII letters, so a text
of ASCII characters only is compared with plain ``LIKE``, which gives the same rows without those calls;
only a text with other letters („Überlingen“) takes the ``lower()`` path.
"""

from __future__ import annotations

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement


def like_pattern(text: str) -> str:
    """``text`` anywhere, with its own ``%``, ``_`` and backslashes taken literally (escape character ``\\``)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Contains(ColumnElement[bool]):
    """``column`` contains ``text``, ignoring case."""

    type = Boolean()
    # The SQL depends on the text (SQLite), so a statement holding it is compiled afresh each time.
    inherit_cache = False

    def __init__(self, column, text: str) -> None:
        self.column = column
        self.text = text


@compiles(Contains)
def _contains_ignoring_case(element: Contains, compiler, **kw) -> str:
    return compiler.process(element.column.ilike(like_pattern(element.text), escape="\\"), **kw)


@compiles(Contains, "sqlite")
def _contains_on_sqlite(element: Contains, compiler, **kw) -> str:
    if element.text.isascii():
        return compiler.process(element.column.like(like_pattern(element.text), escape="\\"), **kw)
    return _contains_ignoring_case(element, compiler, **kw)

"""Counting the SQL statements a piece of code sends, for the tests that keep lists at a constant number of queries."""

from __future__ import annotations

from sqlalchemy import event


class QueryCounter:
    def __init__(self, engine):
        self.engine = engine
        self.count = 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1


def page_statements(app, client, path: str) -> tuple[int, str]:
    """The statements one view of ``path`` sends, after a first view that fills the caches, and the page's text."""
    from workflow.db import db

    with app.app_context():
        engine = db.engine
    client.get(path)
    with QueryCounter(engine) as counter:
        text = client.get(path).get_data(as_text=True)
    return counter.count, text

"""Migration 0040 (saved filters of „Meine Aufgaben“) on a database with cases and users: down to 0039 drops only the
saved filters, up again the table is back, empty, and takes a filter."""

from __future__ import annotations

from sqlalchemy import func, inspect, select

from factories import in_state, user
from migration_steps import downgrade, upgrade
from workflow import schema
from workflow.db import db
from workflow.inbox import filters
from workflow.models import Application, SavedFilter


def test_saved_filters_go_down_to_0039_and_up_again(app, database_url):
    in_state(app, "submitted")
    with app.app_context():
        filters.save(db.session, user("pruefung.sued"), "Überfällig", filters.Filter(due="ueberfaellig"))
        cases = db.session.scalar(select(func.count()).select_from(Application))
        db.session.close()
        downgrade(database_url, "0039")
        assert "saved_filter" not in inspect(db.engine).get_table_names()
        upgrade(database_url)
        assert schema.current_revision(db.engine) == schema.head_revision()
        assert db.session.scalar(select(func.count()).select_from(Application)) == cases
        assert db.session.scalars(select(SavedFilter)).all() == []
        saved = filters.save(db.session, user("pruefung.sued"), "Überfällig", filters.Filter(due="ueberfaellig"))
        assert saved.query == "frist=ueberfaellig"

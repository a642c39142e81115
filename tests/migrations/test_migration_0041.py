"""Migration 0041 (external identities) on a database with users: down to 0040 drops only the links to the directory,
up again the table is back, empty, and binds a subject to a user."""

from __future__ import annotations

from sqlalchemy import func, inspect, select

from factories import user
from migration_steps import downgrade, upgrade
from workflow import schema
from workflow.db import db
from workflow.models import ExternalIdentity, User


def test_external_identities_go_down_to_0040_and_up_again(app, database_url):
    with app.app_context():
        db.session.add(ExternalIdentity(issuer="https://idp.example", subject="abc", user=user("pruefung.sued")))
        db.session.commit()
        users = db.session.scalar(select(func.count()).select_from(User))
        db.session.close()
        downgrade(database_url, "0040")
        assert "external_identity" not in inspect(db.engine).get_table_names()
        upgrade(database_url)
        assert schema.current_revision(db.engine) == schema.head_revision()
        assert db.session.scalar(select(func.count()).select_from(User)) == users
        assert db.session.scalars(select(ExternalIdentity)).all() == []
        db.session.add(ExternalIdentity(issuer="https://idp.example", subject="abc", user=user("pruefung.sued")))
        db.session.commit()

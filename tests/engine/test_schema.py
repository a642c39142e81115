"""The schema comes from the migrations, and the migrations match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from conftest import migrate_down
from workflow import schema
from workflow.search import search_indexes
from workflow.db import db
from workflow.models import Base


def test_migrations_produce_exactly_the_models_schema(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": search_indexes.compared})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_database_is_at_the_newest_migration(app):
    with app.app_context():
        assert schema.current_revision(db.engine) == schema.head_revision()


def test_init_is_idempotent(app, runner):
    first = runner.invoke(args=["init"])
    second = runner.invoke(args=["init"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "Datenbank ist auf Stand" in second.output


def test_the_newest_migration_runs_on_a_database_that_holds_cases(app, runner):
    from alembic.script import ScriptDirectory
    from sqlalchemy import func, select

    from factories import in_state
    from workflow.models import AuditEntry

    in_state(app, "granted")
    with app.app_context():
        engine = db.engine
        previous = (
            ScriptDirectory.from_config(schema.alembic_config()).get_revision(schema.head_revision()).down_revision
        )
        migrate_down(engine, previous)
        schema.upgrade(engine)
        assert schema.current_revision(engine) == schema.head_revision()
        # submit, take, propose, sign, and the proof of use the grant opens
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 5
    assert runner.invoke(args=["verify"]).exit_code == 0

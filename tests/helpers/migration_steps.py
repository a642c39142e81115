"""Taking a test's database down to an earlier revision and up to the head again, as an operator would."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine

from workflow import schema


def downgrade(database_url: str, revision: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection, connection.begin():
            command.downgrade(schema.alembic_config(connection), revision)
    finally:
        engine.dispose()


def upgrade(database_url: str) -> None:
    engine = create_engine(database_url)
    schema.upgrade(engine)
    engine.dispose()

"""Alembic environment: runs against the engine of the Förderweg app that called it."""

from __future__ import annotations

from alembic import context
from sqlalchemy.types import TypeDecorator

from workflow.search import search_indexes
from workflow.models import Base
import workflow.counselling.models  # noqa: F401  (the counselling tables, a capability apart)

config = context.config
target_metadata = Base.metadata


def render_item(kind, item, autogen_context):
    """Write our column types as the plain types they store, so migrations never import model code."""
    if kind == "type" and isinstance(item, TypeDecorator):
        return f"sa.{item.impl!r}"
    return False


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Migrationen laufen über `foerderweg init`, nicht über die alembic-Kommandozeile.")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        include_object=search_indexes.compared,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()

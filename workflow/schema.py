"""Schema management through Alembic migrations (``foerderweg init``)."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("workflow").joinpath("migrations")))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to ``revision`` in one transaction.

    On SQLite, Alembic changes a table by copying it into a new one; with
    foreign keys enforced, dropping the old table of a database that holds
    data would fail. So they are off while migrating (SQLite only accepts that
    outside a transaction) and checked in full before the commit.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            command.upgrade(alembic_config(connection), revision)
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise RuntimeError("Die Migration hinterließe verwaiste Fremdschlüssel; sie wurde zurückgenommen.")
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def make_revision(engine: Engine, message: str) -> None:
    """Autogenerate the next numbered migration (0002_…, 0003_…) from the models (for developers).

    The database is first brought to the newest migration (schema only, no data), so the new
    migration holds exactly what the models add.
    """
    upgrade(engine)
    config = alembic_config()
    number = len(list(ScriptDirectory.from_config(config).walk_revisions())) + 1
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=f"{number:04d}")

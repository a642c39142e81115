"""PostgreSQL's trigram indexes for the search of the lists (extension ``pg_trgm``).

``ILIKE '%text%'`` cannot use a B-tree; a GIN index of trigrams can, for texts of three and more characters.
The extension ships with PostgreSQL (contrib) but creating it needs the right to; where the database refuses,
the search still works and scans instead. The indexes are created by migration 0022 and, idempotently, by
every ``foerderweg init``, so that an operator who installs the extension later only runs ``init`` again.
They are not part of the models (SQLite has no such index), so schema comparisons leave them out
(``compared``).
"""

from __future__ import annotations

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

# (index, table, column): the columns ``queries.search_filter`` searches.
TRIGRAM_INDEXES = (
    ("ix_application_file_number_trgm", "application", "file_number"),
    ("ix_application_contact_name_trgm", "application", "contact_name"),
    ("ix_organisation_name_trgm", "organisation", "name"),
    ("ix_consortium_name_trgm", "consortium", "name"),
    ("ix_position_person_name_trgm", "position", "person_name"),
)


def compared(item, name, kind, reflected, compare_to) -> bool:
    """Alembic's ``include_object``: everything but the trigram indexes, which the models do not hold."""
    return not (kind == "index" and name in {index for index, _, _ in TRIGRAM_INDEXES})


def create_trigram_indexes(connection: Connection) -> bool:
    """Create the extension (if allowed) and the indexes, in the caller's transaction; False where the
    database has no trigrams (SQLite, or the extension is refused) and the search scans."""
    if connection.dialect.name != "postgresql":
        return False
    if not connection.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
        try:
            with connection.begin_nested():
                connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DBAPIError:
            return False
    for index, table, column in TRIGRAM_INDEXES:
        connection.exec_driver_sql(
            f'CREATE INDEX IF NOT EXISTS {index} ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )
    return True


def drop_trigram_indexes(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        for index, _, _ in TRIGRAM_INDEXES:
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")

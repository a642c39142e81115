"""File numbers (Aktenzeichen): unique per year, without gaps, also under concurrency."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from workflow.models import FileNumberCounter


def next_file_number(session: Session, prefix: str, year: int) -> str:
    """Take the next number of ``prefix`` in ``year`` inside the caller's transaction.

    The increment is one INSERT … ON CONFLICT DO UPDATE … RETURNING on the
    counter row (the year's first number creates it): it locks the row until
    the caller commits, so concurrent submissions queue up, and a rolled back
    submission gives its number back (no gaps).
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(FileNumberCounter).values(prefix=prefix, year=year, last_number=1)
    number = session.execute(
        insert.on_conflict_do_update(
            index_elements=["prefix", "year"], set_={"last_number": FileNumberCounter.last_number + 1}
        ).returning(FileNumberCounter.last_number)
    ).scalar_one()
    return f"{prefix}-{year}-{number:04d}"

"""a counselled person's number is never given again

SQLite gives a new row the highest id plus one, so after an erasure of the newest person the next one got its
number, and with it the access log lines the erased person left (an Art. 15 export listed them). With
AUTOINCREMENT SQLite never reuses a number. The table is copied into one declared so, and the counter starts
above every number the access log knows: persons erased before this migration keep theirs too. PostgreSQL's
sequences never go back; nothing to do there.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

from alembic import op


revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # Recreating the table is the whole change: SQLite sets AUTOINCREMENT only when a table is created.
    with op.batch_alter_table("counselling_client", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
        pass
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'counselling_client'")
    op.execute(
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'counselling_client', MAX(highest) FROM ("
        " SELECT COALESCE(MAX(id), 0) AS highest FROM counselling_client"
        " UNION ALL SELECT COALESCE(MAX(client_number), 0) FROM counselling_access_log)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("counselling_client", recreate="always"):  # recreated without AUTOINCREMENT
        pass

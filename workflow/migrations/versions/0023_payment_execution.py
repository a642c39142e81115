"""payment execution: a payment is paid when the cash office executed it, not when it was ordered

A cash export records the execution date it asks the cash office for. Payments were counted as paid from their
Anordnung; from now on they are paid on the day the Landeskasse executed them (``executed``), and interest,
Haushaltsjahr and „latest payments first“ follow that day. Payments ordered before this revision and already
handed to the cash office are taken as executed on the day of their export (the requested execution date of
their SEPA file), booked in that year; ordered ones not yet handed over stay ordered (on their way).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

import json
from datetime import timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op


revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

BERLIN = ZoneInfo("Europe/Berlin")


def upgrade() -> None:
    with op.batch_alter_table("cash_export", schema=None) as batch_op:
        batch_op.add_column(sa.Column("execution_date", sa.Date(), nullable=True))
    connection = op.get_bind()
    exports = sa.table(
        "cash_export", sa.column("id"), sa.column("created_at", sa.DateTime()), sa.column("execution_date", sa.Date())
    )
    procedures = sa.table(
        "procedure",
        sa.column("id"),
        sa.column("kind"),
        sa.column("state"),
        sa.column("data", sa.JSON()),
        sa.column("budget_year"),
        sa.column("cash_export_id"),
    )
    handed = (
        connection.execute(
            sa.select(procedures.c.id, procedures.c.data, exports.c.created_at)
            .join(exports, exports.c.id == procedures.c.cash_export_id)
            .where(procedures.c.kind == "payment", procedures.c.state == "ordered")
        )
        .mappings()
        .all()
    )
    for row in connection.execute(sa.select(exports.c.id, exports.c.created_at)).mappings().all():
        connection.execute(
            exports.update().where(exports.c.id == row["id"]).values(execution_date=_local_day(row["created_at"]))
        )
    for row in handed:
        day = _local_day(row["created_at"])
        data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"] or "{}")
        connection.execute(
            procedures.update()
            .where(procedures.c.id == row["id"])
            .values(state="executed", budget_year=day.year, data={**data, "executed_on": day.isoformat()})
        )


def _local_day(moment):
    """The calendar day in Stuttgart of a stored UTC moment (SQLite returns it naive, PostgreSQL aware)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(BERLIN).date()


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE procedure SET state = 'ordered' WHERE kind = 'payment' AND state = 'executed'"))
    with op.batch_alter_table("cash_export", schema=None) as batch_op:
        batch_op.drop_column("execution_date")

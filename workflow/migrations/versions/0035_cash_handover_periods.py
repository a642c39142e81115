"""cash handover periods: a payment ordered but not yet handed to the cash office gets the period the order opens now

From this version an Anordnung opens a period (``cash_handover``) of the programme's working days (5 as shipped, the
setting ``cash_handover_days``, which no programme version holds yet) by which the payment is to be in a file for the
cash office; the sweep reminds the approvers once it is over. Payments ordered before have none: each gets it here,
counted from the day it was ordered and opened by its order's history entry, so the sweep reminds of those already
overdue at its next run, once. Going down removes these periods (the earlier version knows no such kind).

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

from workflow.clock import BERLIN
from workflow.deadlines import working_days_after

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

KIND = "cash_handover"
SHIPPED_DAYS = 5

procedure = sa.table(
    "procedure",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("state", sa.String),
    sa.column("cash_export_id", sa.Integer),
    sa.column("data", sa.JSON),
)
audit_entry = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer),
    sa.column("application_id", sa.Integer),
    sa.column("procedure_id", sa.Integer),
    sa.column("transition", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
deadline = sa.table(
    "deadline",
    sa.column("id", sa.Integer),
    sa.column("application_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("due_on", sa.Date),
    sa.column("status", sa.String),
    sa.column("opened_by_entry_id", sa.Integer),
    sa.column("opened_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    connection = op.get_bind()
    waiting = connection.execute(
        sa.select(procedure.c.data, audit_entry.c.id, audit_entry.c.application_id, audit_entry.c.created_at)
        .join(audit_entry, audit_entry.c.procedure_id == procedure.c.id)
        .where(
            procedure.c.kind == "payment",
            procedure.c.state == "ordered",
            procedure.c.cash_export_id.is_(None),
            audit_entry.c.transition == "order_payment",
            ~sa.exists().where(deadline.c.opened_by_entry_id == audit_entry.c.id, deadline.c.kind == KIND),
        )
    ).all()
    rows = [
        {
            "application_id": application_id,
            "kind": KIND,
            "due_on": working_days_after(_ordered_on(data, created_at), SHIPPED_DAYS),
            "status": "open",
            "opened_by_entry_id": entry_id,
            "opened_at": created_at,
        }
        for data, entry_id, application_id, created_at in waiting
    ]
    if rows:
        op.bulk_insert(deadline, rows)


def _ordered_on(data: dict, created_at: datetime) -> date:
    """The day the order recorded; for orders older than that record, the day of their history entry in Stuttgart."""
    if data.get("ordered_on"):
        return date.fromisoformat(data["ordered_on"])
    return created_at.astimezone(BERLIN).date() if created_at.tzinfo else created_at.date()


def downgrade() -> None:
    op.execute(deadline.delete().where(deadline.c.kind == KIND))

"""programme without ledger version

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 12:10:57.119961
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_column("ledger_version")


def downgrade() -> None:
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ledger_version", sa.INTEGER(), nullable=False, server_default="0"))

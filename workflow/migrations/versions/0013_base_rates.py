"""base rates: the Basiszinssatz of § 247 BGB

One row per rate published by the Deutsche Bundesbank, for the interest on
recovered grants (§ 49a Abs. 3 LVwVfG). The table starts empty here; ``init``
fills it from ``workflow/reference/basiszinssatz.csv`` like the other
reference data, and ``foerderweg basiszinssatz add`` adds each new rate.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 11:00:45.952277
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "base_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("basis_points", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_base_rate")),
        sa.UniqueConstraint("valid_from", name=op.f("uq_base_rate_valid_from")),
    )


def downgrade() -> None:
    op.drop_table("base_rate")

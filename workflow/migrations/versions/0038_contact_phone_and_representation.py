"""the reviewer's telephone for the letterhead, and how a waiver's declarant proves the right to represent

``user_account.phone``: the direct line the letters print under „Bearbeitet von“ (empty: the Referat's general number,
a programme setting). ``remedy_waiver.representation_proof``: what the municipality stated about the declarant's power
to represent it where the declarant is not the head the address data name. Both optional: existing rows keep none.

Plain ADD/DROP COLUMN, no batch copy: the remedy_waiver table carries the triggers that keep it unchanged, which a
copied table would lose on SQLite.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-07 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("user_account", sa.Column("phone", sa.String(length=50), nullable=True))
    op.add_column("remedy_waiver", sa.Column("representation_proof", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("remedy_waiver", "representation_proof")
    op.drop_column("user_account", "phone")

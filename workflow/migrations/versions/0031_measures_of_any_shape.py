"""measures of any shape: a position's VZÄ share, employment start and funding period may be empty

A measure that is not a staff position (a project's single amount, a cost item) has no VZÄ share and no employment
start, and may have no funding period of its own (``workflow.engine.measures``); the rulings' VZÄ share is empty
for such measures too. Existing rows are staff positions and keep their values; going back refuses while a measure
without them exists, since the old schema cannot hold it.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

POSITION_COLUMNS = (
    ("fte", sa.Integer()),
    ("employment_start", sa.Date()),
    ("funding_start", sa.Date()),
    ("funding_end", sa.Date()),
)


def upgrade() -> None:
    with op.batch_alter_table("position") as batch:
        for name, kind in POSITION_COLUMNS:
            batch.alter_column(name, existing_type=kind, nullable=True)
    with op.batch_alter_table("position_ruling") as batch:
        batch.alter_column("fte", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    connection = op.get_bind()
    other_shapes = connection.execute(
        sa.text(
            "SELECT count(*) FROM position WHERE fte IS NULL OR employment_start IS NULL OR funding_start IS NULL "
            "OR funding_end IS NULL"
        )
    ).scalar()
    if other_shapes:
        raise RuntimeError(
            f"{other_shapes} Maßnahmen ohne Stellenanteil, Beschäftigungsbeginn oder Förderzeitraum: "
            "Die frühere Fassung des Schemas kann sie nicht aufnehmen."
        )
    connection.execute(sa.text("UPDATE position_ruling SET fte = 0 WHERE fte IS NULL"))
    with op.batch_alter_table("position_ruling") as batch:
        batch.alter_column("fte", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("position") as batch:
        for name, kind in POSITION_COLUMNS:
            batch.alter_column(name, existing_type=kind, nullable=False)

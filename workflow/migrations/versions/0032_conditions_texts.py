"""conditions texts: the Allgemeine Nebenbestimmungen (ANBest-K, ANBest-P) as versioned reference data

Bescheide annexed a summary with a dynamic reference („in der jeweils geltenden Fassung“). From this revision each
Bescheid annexes the text in force at signing, read from ``conditions_text``. An existing installation gets the
shipped structure here, so that a Bescheid signed right after the upgrade has a version to annex; its wording is
loaded by the operator (``foerderweg nebenbestimmungen import``). Bescheide already issued keep the annex they were
issued with (documents are immutable).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 15:00:00
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from workflow.reference.conditions import shipped_versions

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

SHIPPED_BY = "Stammdaten (workflow/reference/nebenbestimmungen.json)"


def upgrade() -> None:
    table = op.create_table(
        "conditions_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("stand", sa.String(length=255), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conditions_text")),
    )
    op.create_index(op.f("ix_conditions_text_code"), "conditions_text", ["code"], unique=False)
    now = datetime.now(timezone.utc)
    op.bulk_insert(
        table,
        [
            {
                "code": v.code,
                "title": v.title,
                "stand": v.stand,
                "valid_from": v.valid_from,
                "source": v.source,
                "entries": [entry.as_dict() for entry in v.entries],
                "source_sha256": None,
                "imported_at": now,
                "imported_by": SHIPPED_BY,
            }
            for v in shipped_versions()
        ],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_conditions_text_code"), table_name="conditions_text")
    op.drop_table("conditions_text")

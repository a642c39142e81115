"""chain anchors: every case's history chain is anchored by its length and newest hash, sealed with a key

The history chain uses no secret, so a deleted tail or a recomputed chain went unnoticed. From this revision each
entry advances its case's anchor (``workflow.security.chain_anchors``). Existing chains are anchored here as they stand;
the seal needs the key, which only the application has (``foerderweg init`` migrates inside it): migrated
without it, an anchor stays unsealed and ``foerderweg verify`` names it.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 05:30:00
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context


revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chain_anchor",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"], name=op.f("fk_chain_anchor_application_id_application")
        ),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_chain_anchor")),
    )
    from workflow.security import chain_anchors  # the seal is the application's; only its key turns it into one

    key = chain_anchors.key_for(current_app) if has_app_context() else None
    entries = sa.table("audit_entry", sa.column("id"), sa.column("application_id"), sa.column("entry_hash"))
    anchors = sa.table(
        "chain_anchor",
        sa.column("application_id"),
        sa.column("entries"),
        sa.column("head_hash"),
        sa.column("seal"),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    connection = op.get_bind()
    heads = (
        connection.execute(
            sa.select(
                entries.c.application_id, sa.func.count().label("entries"), sa.func.max(entries.c.id).label("newest")
            ).group_by(entries.c.application_id)
        )
        .mappings()
        .all()
    )
    now = datetime.now(timezone.utc)
    for head in heads:
        head_hash = connection.scalar(sa.select(entries.c.entry_hash).where(entries.c.id == head["newest"]))
        connection.execute(
            anchors.insert().values(
                application_id=head["application_id"],
                entries=head["entries"],
                head_hash=head_hash,
                updated_at=now,
                seal=chain_anchors.seal(key, head["application_id"], head["entries"], head_hash) if key else None,
            )
        )


def downgrade() -> None:
    op.drop_table("chain_anchor")

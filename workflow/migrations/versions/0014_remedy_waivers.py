"""remedy waivers: one per organisation, with its signed declaration

Each waiver is evidence like the audit entry it belongs to: the step writes it,
completes it with that entry's id, and from then on it is neither changed nor
deleted (triggers, as for audit entries and documents in 0003).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 10:59:46.778501
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "remedy_waiver",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("declarant_name", sa.String(length=200), nullable=False),
        sa.Column("capacity", sa.String(length=32), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("audit_entry_id", sa.Integer(), nullable=True),
        sa.Column("declared_by_id", sa.Integer(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"], name=op.f("fk_remedy_waiver_application_id_application")
        ),
        sa.ForeignKeyConstraint(
            ["attachment_id"], ["attachment.id"], name=op.f("fk_remedy_waiver_attachment_id_attachment")
        ),
        sa.ForeignKeyConstraint(
            ["audit_entry_id"], ["audit_entry.id"], name=op.f("fk_remedy_waiver_audit_entry_id_audit_entry")
        ),
        sa.ForeignKeyConstraint(
            ["declared_by_id"], ["user_account.id"], name=op.f("fk_remedy_waiver_declared_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_remedy_waiver_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remedy_waiver")),
        sa.UniqueConstraint(
            "application_id", "organisation_id", name=op.f("uq_remedy_waiver_application_id_organisation_id")
        ),
    )
    with op.batch_alter_table("remedy_waiver", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_remedy_waiver_application_id"), ["application_id"], unique=False)
    _append_only()


def _append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # refuse_change_of_evidence() comes from 0003.
        op.execute(
            "CREATE TRIGGER remedy_waiver_no_update BEFORE UPDATE ON remedy_waiver FOR EACH ROW "
            "WHEN (OLD.audit_entry_id IS NOT NULL) EXECUTE FUNCTION refuse_change_of_evidence()"
        )
        op.execute(
            "CREATE TRIGGER remedy_waiver_no_delete BEFORE DELETE ON remedy_waiver FOR EACH ROW "
            "EXECUTE FUNCTION refuse_change_of_evidence()"
        )
    else:
        op.execute(
            "CREATE TRIGGER remedy_waiver_no_update BEFORE UPDATE ON remedy_waiver WHEN OLD.audit_entry_id IS NOT NULL "
            "BEGIN SELECT RAISE(ABORT, 'Die Tabelle remedy_waiver ist unveränderlich.'); END"
        )
        op.execute(
            "CREATE TRIGGER remedy_waiver_no_delete BEFORE DELETE ON remedy_waiver "
            "BEGIN SELECT RAISE(ABORT, 'Die Tabelle remedy_waiver ist unveränderlich.'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER remedy_waiver_no_update ON remedy_waiver")
        op.execute("DROP TRIGGER remedy_waiver_no_delete ON remedy_waiver")
    else:
        op.execute("DROP TRIGGER remedy_waiver_no_update")
        op.execute("DROP TRIGGER remedy_waiver_no_delete")
    with op.batch_alter_table("remedy_waiver", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remedy_waiver_application_id"))

    op.drop_table("remedy_waiver")

"""procedures after the decision

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cash_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_id", sa.String(length=35), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("sepa_xml", sa.LargeBinary(), nullable=True),
        sa.Column("xlsx", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_cash_export_created_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], name=op.f("fk_cash_export_programme_id_programme")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_export")),
        sa.UniqueConstraint("message_id", name=op.f("uq_cash_export_message_id")),
    )
    with op.batch_alter_table("cash_export", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cash_export_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("budget_year", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cash_export_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_procedure_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cash_export_id"], ["cash_export.id"], name=op.f("fk_procedure_cash_export_id_cash_export")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_procedure_created_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure")),
        sa.UniqueConstraint("application_id", "kind", "number", name=op.f("uq_procedure_application_id_kind_number")),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_application_id"), ["application_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_procedure_cash_export_id"), ["cash_export_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_procedure_state"), ["state"], unique=False)

    # Not in a batch: on SQLite a batch recreates the table and would drop its append-only triggers (0003); there the
    # reference is declared with the new column (ALTER TABLE … ADD COLUMN … REFERENCES), elsewhere as a constraint.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE audit_entry ADD COLUMN procedure_id INTEGER "
            "CONSTRAINT fk_audit_entry_procedure_id_procedure REFERENCES procedure (id)"
        )
    else:
        op.add_column("audit_entry", sa.Column("procedure_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_audit_entry_procedure_id_procedure"), "audit_entry", "procedure", ["procedure_id"], ["id"]
        )
    op.create_index(op.f("ix_audit_entry_procedure_id"), "audit_entry", ["procedure_id"], unique=False)

    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("procedure_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_proposal_procedure_id"), ["procedure_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_proposal_procedure_id_procedure"), "procedure", ["procedure_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_proposal_procedure_id_procedure"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_proposal_procedure_id"))
        batch_op.drop_column("procedure_id")

    op.drop_index(op.f("ix_audit_entry_procedure_id"), "audit_entry")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops no column that references another table: the table is copied without it, and the copy gets
        # the append-only triggers of 0003 again.
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER audit_entry_no_{event}")
        with op.batch_alter_table("audit_entry", recreate="always") as batch_op:
            batch_op.drop_column("procedure_id")
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
                "BEGIN SELECT RAISE(ABORT, 'Die Tabelle audit_entry ist unveränderlich.'); END"
            )
    else:
        op.drop_constraint(op.f("fk_audit_entry_procedure_id_procedure"), "audit_entry", type_="foreignkey")
        op.drop_column("audit_entry", "procedure_id")

    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_state"))
        batch_op.drop_index(batch_op.f("ix_procedure_cash_export_id"))
        batch_op.drop_index(batch_op.f("ix_procedure_application_id"))

    op.drop_table("procedure")
    with op.batch_alter_table("cash_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cash_export_programme_id"))

    op.drop_table("cash_export")

"""accounts, administration audit, one-time links, second factor

The administration's audit is append-only like the case history (0003: the same refusing trigger);
mail about an account (invitation, password reset) belongs to no case.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 13:17:28.145594
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_account_token_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_token_token_hash")),
    )
    with op.batch_alter_table("account_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "admin_audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject_user_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_admin_audit_entry_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["subject_user_id"], ["user_account.id"], name=op.f("fk_admin_audit_entry_subject_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_audit_entry")),
    )
    with op.batch_alter_table("admin_audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_admin_audit_entry_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_admin_audit_entry_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_admin_audit_entry_subject_user_id"), ["subject_user_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER admin_audit_entry_append_only BEFORE UPDATE OR DELETE ON admin_audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change_of_evidence()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER admin_audit_entry_no_{event.lower()} BEFORE {event} ON admin_audit_entry "
                "BEGIN SELECT RAISE(ABORT, 'Die Tabelle admin_audit_entry ist unveränderlich.'); END"
            )

    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_recovery_code_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
    )
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_code_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.alter_column("application_id", existing_type=sa.INTEGER(), nullable=True)

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_title", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("password_set_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_enabled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("password_set_at")
        batch_op.drop_column("last_login_at")
        batch_op.drop_column("job_title")

    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.alter_column("application_id", existing_type=sa.INTEGER(), nullable=False)

    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_code_user_id"))

    op.drop_table("recovery_code")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER admin_audit_entry_append_only ON admin_audit_entry")
    else:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER admin_audit_entry_no_{event}")
    with op.batch_alter_table("admin_audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_admin_audit_entry_subject_user_id"))
        batch_op.drop_index(batch_op.f("ix_admin_audit_entry_created_at"))
        batch_op.drop_index(batch_op.f("ix_admin_audit_entry_actor_id"))

    op.drop_table("admin_audit_entry")
    with op.batch_alter_table("account_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_token_user_id"))

    op.drop_table("account_token")

"""notification preferences: per person and kind of news the mail at once, in a daily digest, or none

A notification records its kind (``engine.notice_kinds``) and whether its mail waits for the person's daily digest;
a digest is one row per person and day. Nobody has chosen anything yet, so every existing notification keeps its
mail (already queued) and waits for no digest; existing rows keep no kind. Going down is refused while a
notification waits for a digest (its mail would never be sent); otherwise the choices are forgotten and every
mail goes out at once, as before.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-07 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_notification_preference_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_notification_preference")),
    )
    op.create_table(
        "notification_digest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mail_id"], ["outgoing_mail.id"], name=op.f("fk_notification_digest_mail_id_outgoing_mail")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_notification_digest_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_digest")),
        sa.UniqueConstraint("user_id", "day", name="uq_notification_digest_user_id_day"),
    )
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("awaits_digest", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("digest_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_notification_digest_id_notification_digest"),
            "notification_digest",
            ["digest_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_notification_awaits_digest_user_id", ["awaits_digest", "user_id"], unique=False)


def downgrade() -> None:
    connection = op.get_bind()
    waiting = connection.execute(sa.text("SELECT count(*) FROM notification WHERE awaits_digest")).scalar()
    if waiting:
        raise RuntimeError(
            f"{waiting} Benachrichtigungen warten auf die tägliche Zusammenfassung: erst versenden, dann zurückgehen."
        )
    with op.batch_alter_table("notification") as batch:
        batch.drop_index("ix_notification_awaits_digest_user_id")
        batch.drop_constraint(op.f("fk_notification_digest_id_notification_digest"), type_="foreignkey")
        batch.drop_column("digest_id")
        batch.drop_column("awaits_digest")
        batch.drop_column("kind")
    op.drop_table("notification_digest")
    op.drop_table("notification_preference")

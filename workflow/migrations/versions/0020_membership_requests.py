"""membership requests and consortium agreements

A municipality joins a consortium only with its consent: one request per named
member and draft, answered by the member's clerk; a notification may point to
such a request instead of a step. Drafts that already name members get their
requests when the lead next saves the draft or opens its summary; submitted
consortia stay as they are.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 13:17:19.709644
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "membership_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["user_account.id"], name=op.f("fk_membership_request_answered_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_membership_request_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_membership_request_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_request")),
        sa.UniqueConstraint(
            "application_id", "organisation_id", name=op.f("uq_membership_request_application_id_organisation_id")
        ),
    )
    with op.batch_alter_table("membership_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_request_application_id"), ["application_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_request_organisation_id"), ["organisation_id"], unique=False)

    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=32), nullable=True))

    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("membership_request_id", sa.Integer(), nullable=True))
        batch_op.alter_column("audit_entry_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_notification_membership_request_id"), ["membership_request_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_membership_request_id_membership_request"),
            "membership_request",
            ["membership_request_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_notification_membership_request_id_membership_request"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_notification_membership_request_id"))
        batch_op.alter_column("audit_entry_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("membership_request_id")

    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_column("purpose")

    with op.batch_alter_table("membership_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_request_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_membership_request_application_id"))

    op.drop_table("membership_request")

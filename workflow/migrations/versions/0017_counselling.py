"""counselling: persons, Integrationsplan versions, access log, anonymous figures

The Integrationsplan's own tables (workflow.counselling); personal fields are ciphertext (Text/LargeBinary).
New tables only: existing data is untouched.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 13:20:58.684667
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counselling_access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("client_number", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_counselling_access_log_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_counselling_access_log_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselling_access_log")),
    )
    with op.batch_alter_table("counselling_access_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_counselling_access_log_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "counselling_case_figure",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["user_account.id"],
            name=op.f("fk_counselling_case_figure_manager_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_counselling_case_figure_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_counselling_case_figure")),
    )
    with op.batch_alter_table("counselling_case_figure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_counselling_case_figure_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "counselling_client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("responsible_id", sa.Integer(), nullable=False),
        sa.Column("personal", sa.Text(), nullable=False),
        sa.Column("consent_document", sa.LargeBinary(), nullable=True),
        sa.Column("consent_given_on", sa.Date(), nullable=True),
        sa.Column("consent_withdrawn_on", sa.Date(), nullable=True),
        sa.Column("counselling_start", sa.Date(), nullable=False),
        sa.Column("counselling_end", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("reminded_for", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_counselling_client_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"], ["user_account.id"], name=op.f("fk_counselling_client_responsible_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselling_client")),
    )
    with op.batch_alter_table("counselling_client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counselling_client_counselling_end"), ["counselling_end"], unique=False)
        batch_op.create_index(batch_op.f("ix_counselling_client_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_counselling_client_responsible_id"), ["responsible_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_counselling_client_review_on"), ["review_on"], unique=False)

    op.create_table(
        "counselling_goal_figure",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("reached_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["user_account.id"],
            name=op.f("fk_counselling_goal_figure_manager_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_counselling_goal_figure_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_counselling_goal_figure")),
    )
    with op.batch_alter_table("counselling_goal_figure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_counselling_goal_figure_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "counselling_plan_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["user_account.id"],
            name=op.f("fk_counselling_plan_figure_manager_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_counselling_plan_figure_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselling_plan_figure")),
    )
    with op.batch_alter_table("counselling_plan_figure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_counselling_plan_figure_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "counselling_deputy",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["counselling_client.id"],
            name=op.f("fk_counselling_deputy_client_id_counselling_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_counselling_deputy_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", "user_id", name=op.f("pk_counselling_deputy")),
    )
    op.create_table(
        "counselling_plan_draft",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("form_data", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["counselling_client.id"],
            name=op.f("fk_counselling_plan_draft_client_id_counselling_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_counselling_plan_draft_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", "user_id", name=op.f("pk_counselling_plan_draft")),
    )
    op.create_table(
        "counselling_plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_counselling_plan_version_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["counselling_client.id"],
            name=op.f("fk_counselling_plan_version_client_id_counselling_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselling_plan_version")),
        sa.UniqueConstraint("client_id", "number", name=op.f("uq_counselling_plan_version_client_id_number")),
    )
    with op.batch_alter_table("counselling_plan_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counselling_plan_version_client_id"), ["client_id"], unique=False)

    op.create_table(
        "counselling_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["counselling_client.id"],
            name=op.f("fk_counselling_reminder_client_id_counselling_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_counselling_reminder_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselling_reminder")),
    )
    with op.batch_alter_table("counselling_reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counselling_reminder_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_counselling_reminder_user_id"), ["user_id"], unique=False)

    op.create_table(
        "counselling_staff",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["position.id"],
            name=op.f("fk_counselling_staff_position_id_position"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_counselling_staff_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_counselling_staff")),
    )


def downgrade() -> None:
    op.drop_table("counselling_staff")
    with op.batch_alter_table("counselling_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counselling_reminder_user_id"))
        batch_op.drop_index(batch_op.f("ix_counselling_reminder_client_id"))

    op.drop_table("counselling_reminder")
    with op.batch_alter_table("counselling_plan_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counselling_plan_version_client_id"))

    op.drop_table("counselling_plan_version")
    op.drop_table("counselling_plan_draft")
    op.drop_table("counselling_deputy")
    with op.batch_alter_table("counselling_plan_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counselling_plan_figure_organisation_id"))

    op.drop_table("counselling_plan_figure")
    with op.batch_alter_table("counselling_goal_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counselling_goal_figure_organisation_id"))

    op.drop_table("counselling_goal_figure")
    with op.batch_alter_table("counselling_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counselling_client_review_on"))
        batch_op.drop_index(batch_op.f("ix_counselling_client_responsible_id"))
        batch_op.drop_index(batch_op.f("ix_counselling_client_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_counselling_client_counselling_end"))

    op.drop_table("counselling_client")
    with op.batch_alter_table("counselling_case_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counselling_case_figure_organisation_id"))

    op.drop_table("counselling_case_figure")
    with op.batch_alter_table("counselling_access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counselling_access_log_organisation_id"))

    op.drop_table("counselling_access_log")

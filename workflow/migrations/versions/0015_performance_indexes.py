"""indexes for the sweep, the lists and the notifications

The sweep selects open deadlines up to a cutoff (status, expired_at, due_on); the lists look up each
case's nearest open deadline (application_id, status, due_on) and sort by receipt per state and by the
last change, and count and choose a reviewer's page from (applicant_id, state, programme_id,
submitted_at, id) alone; a clerk's list finds consortium cases by consortium_id; the notifications page
lists a user's newest first (user_id, id).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 11:33:34.894677
"""

from __future__ import annotations

from alembic import op


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_application_consortium_id"), ["consortium_id"], unique=False)
        batch_op.create_index("ix_application_state_submitted_at_id", ["state", "submitted_at", "id"], unique=False)
        batch_op.create_index("ix_application_updated_at_id", ["updated_at", "id"], unique=False)
        batch_op.create_index(
            "ix_application_applicant_state_programme_submitted",
            ["applicant_id", "state", "programme_id", "submitted_at", "id"],
            unique=False,
        )

    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deadline_application_id_status_due_on", ["application_id", "status", "due_on"], unique=False
        )
        batch_op.create_index("ix_deadline_status_expired_at_due_on", ["status", "expired_at", "due_on"], unique=False)

    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index("ix_notification_user_id_id", ["user_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_user_id_id")

    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index("ix_deadline_status_expired_at_due_on")
        batch_op.drop_index("ix_deadline_application_id_status_due_on")

    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index("ix_application_applicant_state_programme_submitted")
        batch_op.drop_index("ix_application_updated_at_id")
        batch_op.drop_index("ix_application_state_submitted_at_id")
        batch_op.drop_index(batch_op.f("ix_application_consortium_id"))

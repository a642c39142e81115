"""indexes for the sweep, the lists and the notifications

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 11:30:38.160339
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.create_index('ix_deadline_status_expired_at_due_on', ['status', 'expired_at', 'due_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_status_expired_at_due_on')


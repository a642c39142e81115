"""letter dispatch: how and when each addressee's copy of a Bescheid went out, and its Bekanntgabe

A new table only. Copies issued before it have no row and keep the date their letter printed (the signing day's
Bekanntgabefiktion); going down drops the records of posted copies.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-07 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_dispatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"], name=op.f("fk_letter_dispatch_application_id_application")
        ),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_letter_dispatch_document_id_document")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_letter_dispatch_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user_account.id"], name=op.f("fk_letter_dispatch_recorded_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_dispatch")),
        sa.UniqueConstraint("document_id", name=op.f("uq_letter_dispatch_document_id")),
    )
    op.create_index(op.f("ix_letter_dispatch_application_id"), "letter_dispatch", ["application_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_letter_dispatch_application_id"), table_name="letter_dispatch")
    op.drop_table("letter_dispatch")

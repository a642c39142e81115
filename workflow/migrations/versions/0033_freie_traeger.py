"""freie Träger: an organisation's legal form and register entry

Associations, foundations and other freie Träger apply under programmes open to them (the VwV-Integration's
Teilhabe und Elternbeteiligung). They have no AGS; they register with their legal form and register entry, and lie
in the Gemeinde where they work. Existing organisations are public bodies and keep both empty.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("legal_form", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("register_entry", sa.String(length=120), nullable=True))


def downgrade() -> None:
    connection = op.get_bind()
    traeger = connection.execute(sa.text("SELECT count(*) FROM organisation WHERE kind = 'freier_traeger'")).scalar()
    if traeger:
        raise RuntimeError(f"{traeger} freie Träger sind registriert: Die frühere Fassung des Schemas kennt sie nicht.")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("register_entry")
        batch.drop_column("legal_form")

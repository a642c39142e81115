"""courts as reference data, heads of organisations, address imports; remedy texts name the competent court

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 10:47:41.465579

Stored Rechtsbehelfsbelehrungen that still name the Verwaltungsgericht
Stuttgart get the placeholders instead, in place, in every programme version:
the court depends on the applicant's Regierungsbezirk, so the literal was
wrong for three of four Bezirke, and a version whose remedy text lacks
``{gericht}`` no longer passes the settings check, so its cases could not be
rendered at all. A new version would not help the cases that keep theirs.
Issued documents are stored files and stay as they were.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

OLD_COURT = "Verwaltungsgericht Stuttgart, Augustenstraße 5, 70178 Stuttgart"
PLACEHOLDERS = "{gericht}, {anschrift}"


def upgrade() -> None:
    op.create_table(
        "court",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("regierungsbezirk_id", sa.Integer(), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("postcode", sa.String(length=5), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["regierungsbezirk_id"], ["organisation.id"], name=op.f("fk_court_regierungsbezirk_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court")),
        sa.UniqueConstraint("name", name=op.f("uq_court_name")),
        sa.UniqueConstraint("regierungsbezirk_id", name=op.f("uq_court_regierungsbezirk_id")),
    )
    op.create_table(
        "address_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["imported_by_id"], ["user_account.id"], name=op.f("fk_address_import_imported_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address_import")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("head_title", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("head_name", sa.String(length=200), nullable=True))
    _replace_in_remedy_texts(OLD_COURT, PLACEHOLDERS)


def downgrade() -> None:
    _replace_in_remedy_texts(PLACEHOLDERS, OLD_COURT)
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("head_name")
        batch_op.drop_column("head_title")

    op.drop_table("address_import")
    op.drop_table("court")


def _replace_in_remedy_texts(old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in every version's remedy text; the rest of an edited text stays as it is."""
    connection = op.get_bind()
    versions = sa.table("programme_version", sa.column("id"), sa.column("settings", sa.JSON()))
    for version_id, settings in connection.execute(sa.select(versions.c.id, versions.c.settings)).all():
        text = (settings or {}).get("remedy_text")
        if isinstance(text, str) and old in text:
            changed = {**settings, "remedy_text": text.replace(old, new)}
            connection.execute(versions.update().where(versions.c.id == version_id).values(settings=changed))
        elif isinstance(text, str) and new == PLACEHOLDERS and "{gericht}" not in text:
            # A text written by hand names its court some other way: a person must put {gericht} in it.
            logging.getLogger("alembic.runtime.migration").warning(
                "Programmfassung %s: die Rechtsbehelfsbelehrung enthält {gericht} nicht und muss von Hand "
                "angepasst werden.",
                version_id,
            )

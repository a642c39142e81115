"""the staff programmes' stored versions: the checklist item on the amounts is checked by Förderweg

The proof-of-use checklist gained a column ``verifies``: an item marked „amounts“ can only be ticked when the amounts
declared as received agree with the payments booked. Versions stored before it say nothing, so an installation's
running Integrationsmanagement and Integrationsbeauftragte cases would let „Die ausgezahlten Beträge stimmen …“ be
ticked against the books until an administrator made a new version. This marks that item in every stored version of
the two staff programmes (the cost-plan programmes declare no amounts received per position: nothing to compare).
Down leaves the mark: the code of 0038 reads it too.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-07 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None

STAFF_PROGRAMMES = ("integrationsmanagement", "integrationsbeauftragte")
AMOUNTS_ITEM = "Die ausgezahlten Beträge stimmen mit der Buchung der Bewilligungsstelle überein."
VERSIONS = sa.table("programme_version", sa.column("id"), sa.column("programme_id"), sa.column("settings", sa.JSON()))
PROGRAMMES = sa.table("programme", sa.column("id"), sa.column("code"))


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(VERSIONS.c.id, VERSIONS.c.settings)
        .join(PROGRAMMES, PROGRAMMES.c.id == VERSIONS.c.programme_id)
        .where(PROGRAMMES.c.code.in_(STAFF_PROGRAMMES))
    ).all()
    for version_id, settings in rows:
        checklist = (settings or {}).get("proof_checklist")
        if not isinstance(checklist, list) or any(
            isinstance(row, dict) and row.get("verifies") == "amounts" for row in checklist
        ):
            continue
        marked = [
            {**row, "verifies": "amounts"} if isinstance(row, dict) and row.get("item") == AMOUNTS_ITEM else row
            for row in checklist
        ]
        if marked != checklist:
            changed = {**settings, "proof_checklist": marked}
            connection.execute(VERSIONS.update().where(VERSIONS.c.id == version_id).values(settings=changed))


def downgrade() -> None:
    """Nothing to undo: the mark is data the code of 0038 reads as well, and taking it away would let „Beträge
    stimmen“ be ticked against the books again."""

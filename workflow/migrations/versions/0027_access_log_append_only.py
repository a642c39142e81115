"""the counselling's access log is append-only

Like the case history (0003) and the administration's audit (0019): triggers refuse every change and deletion,
so that nobody who reaches the database (an administrator of the server included) can take a line back. The
erasure of a person leaves its lines, which name the person only by number.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

from alembic import op


revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

TABLE = "counselling_access_log"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change_of_evidence()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{event.lower()} BEFORE {event} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, 'Die Tabelle {TABLE} ist unveränderlich.'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {TABLE}_append_only ON {TABLE}")
    else:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER {TABLE}_no_{event}")

"""indexes for the search of the lists, the ministry's overview and the procedures' steps

The search (``queries.search_filter``) looks for a text anywhere in the Aktenzeichen, the names of
applicant, consortium and members, the contact person and the Integrationsmanager/innen. A B-tree
cannot find a substring; on SQLite these narrow indexes at least let it scan the index instead of the
wide rows. On PostgreSQL, trigram indexes (extension ``pg_trgm``, part of PostgreSQL's contrib) serve
``ILIKE '%…%'`` directly. Creating the extension needs the right to do so; where the database refuses,
the migration goes on without the trigram indexes (the search then scans, as before; `foerderweg init`
says so), and an operator can create the extension and run ``foerderweg init`` again later.

The ministry's overview, ledger and state counts read per programme and applicant only state and the
two amounts: one index holds them (and serves what the index on programme_id alone did). The index of
the procedures' steps leaves out the case's own steps (procedure_id NULL, most of the history), so SQLite
sees how selective it is. Plain index operations (no batch): audit_entry is never copied.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30 19:59:51.367037
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workflow.search import search_indexes


revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.create_index("ix_application_contact_name", ["contact_name"], unique=False)

    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.create_index("ix_position_person_name_application_id", ["person_name", "application_id"], unique=False)

    search_indexes.create_trigram_indexes(op.get_bind())

    op.drop_index("ix_application_programme_id", table_name="application")
    op.create_index(
        "ix_application_programme_applicant_money",
        "application",
        ["programme_id", "applicant_id", "state", "requested_amount", "granted_amount"],
        unique=False,
    )
    op.drop_index("ix_audit_entry_procedure_id", table_name="audit_entry")
    op.create_index(
        "ix_audit_entry_procedure_id_transition",
        "audit_entry",
        ["procedure_id", "transition"],
        unique=False,
        sqlite_where=sa.text("procedure_id IS NOT NULL"),
        postgresql_where=sa.text("procedure_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_audit_entry_procedure_id_transition", table_name="audit_entry")
    op.create_index("ix_audit_entry_procedure_id", "audit_entry", ["procedure_id"], unique=False)
    op.drop_index("ix_application_programme_applicant_money", table_name="application")
    op.create_index("ix_application_programme_id", "application", ["programme_id"], unique=False)

    search_indexes.drop_trigram_indexes(op.get_bind())

    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_index("ix_position_person_name_application_id")

    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index("ix_application_contact_name")

"""events and webhooks: every step writes a typed event (an outbox) that a feed lists and webhooks deliver

Existing history becomes events too, one per history entry with the type and audience its transition declares
(``events.types.declared``), so the feed starts with the whole past of every case; no delivery is queued for them
(no subscription exists yet).

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workflow.events.outbox import event_data
from workflow.events.types import declared

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    event = op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=True),
        sa.Column("audit_entry_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"], name=op.f("fk_event_application_id_application")
        ),
        sa.ForeignKeyConstraint(
            ["audit_entry_id"], ["audit_entry.id"], name=op.f("fk_event_audit_entry_id_audit_entry")
        ),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedure.id"], name=op.f("fk_event_procedure_id_procedure")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sa.UniqueConstraint("audit_entry_id", name=op.f("uq_event_audit_entry_id")),
    )
    op.create_index("ix_event_application_id_id", "event", ["application_id", "id"], unique=False)
    op.create_index(op.f("ix_event_type"), "event", ["type"], unique=False)
    op.create_table(
        "webhook_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("event_types", sa.JSON(), nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_webhook_subscription_created_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_webhook_subscription_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_subscription")),
    )
    op.create_index(
        op.f("ix_webhook_subscription_organisation_id"), "webhook_subscription", ["organisation_id"], unique=False
    )
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_webhook_delivery_event_id_event")),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["webhook_subscription.id"],
            name=op.f("fk_webhook_delivery_subscription_id_webhook_subscription"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
        sa.UniqueConstraint("subscription_id", "event_id", name=op.f("uq_webhook_delivery_subscription_id_event_id")),
    )
    op.create_index(op.f("ix_webhook_delivery_event_id"), "webhook_delivery", ["event_id"], unique=False)
    op.create_index(
        "ix_webhook_delivery_status_next_attempt_at", "webhook_delivery", ["status", "next_attempt_at"], unique=False
    )
    op.create_table(
        "webhook_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"], ["webhook_delivery.id"], name=op.f("fk_webhook_attempt_delivery_id_webhook_delivery")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_attempt")),
    )
    op.create_index(op.f("ix_webhook_attempt_delivery_id"), "webhook_attempt", ["delivery_id"], unique=False)
    _events_of_the_history(event)


def _events_of_the_history(event: sa.Table) -> None:
    entries = op.get_bind().execute(
        sa.text(
            "SELECT e.id, e.application_id, e.procedure_id, e.transition, e.from_state, e.to_state, e.created_at, "
            "a.file_number, p.code, pr.kind FROM audit_entry e JOIN application a ON a.id = e.application_id "
            "JOIN programme p ON p.id = a.programme_id LEFT JOIN procedure pr ON pr.id = e.procedure_id ORDER BY e.id"
        ).columns(created_at=sa.DateTime(timezone=True))
    )
    rows = []
    for (
        entry_id,
        application_id,
        procedure_id,
        name,
        from_state,
        to_state,
        created_at,
        file_number,
        code,
        kind,
    ) in entries:
        event_type, audience = declared(code, kind, name)
        rows.append(
            {
                "type": event_type,
                "application_id": application_id,
                "procedure_id": procedure_id,
                "audit_entry_id": entry_id,
                "audience": audience,
                "occurred_at": created_at,
                "data": event_data(
                    application_id,
                    file_number,
                    code,
                    {"id": procedure_id, "kind": kind} if procedure_id else None,
                    name,
                    from_state,
                    to_state,
                    entry_id,
                ),
            }
        )
        if len(rows) == BATCH:
            op.bulk_insert(event, rows)
            rows = []
    if rows:
        op.bulk_insert(event, rows)


def downgrade() -> None:
    op.drop_index(op.f("ix_webhook_attempt_delivery_id"), table_name="webhook_attempt")
    op.drop_table("webhook_attempt")
    op.drop_index("ix_webhook_delivery_status_next_attempt_at", table_name="webhook_delivery")
    op.drop_index(op.f("ix_webhook_delivery_event_id"), table_name="webhook_delivery")
    op.drop_table("webhook_delivery")
    op.drop_index(op.f("ix_webhook_subscription_organisation_id"), table_name="webhook_subscription")
    op.drop_table("webhook_subscription")
    op.drop_index(op.f("ix_event_type"), table_name="event")
    op.drop_index("ix_event_application_id_id", table_name="event")
    op.drop_table("event")

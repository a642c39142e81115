"""Migration 0034 (events and webhooks) on a database that holds cases: their history becomes the event feed, each
entry with the type and audience its transition declares, and no webhook delivery is queued for the past."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, func, select

from factories import in_state
from workflow import schema
from workflow.db import db
from workflow.models import AuditEntry, Event, WebhookDelivery


def test_the_history_before_becomes_the_event_feed(app, database_url):
    application_id, _ = in_state(app, "granted")
    with app.app_context():
        before = db.session.execute(
            select(Event.audit_entry_id, Event.type, Event.audience, Event.data)
            .where(Event.application_id == application_id)
            .order_by(Event.id)
        ).all()
        db.session.close()
        engine = create_engine(database_url)
        with engine.connect() as connection, connection.begin():
            command.downgrade(schema.alembic_config(connection), "0033")
        schema.upgrade(engine)
        engine.dispose()
        assert schema.current_revision(db.engine) == schema.head_revision()
        after = db.session.execute(
            select(Event.audit_entry_id, Event.type, Event.audience, Event.data)
            .where(Event.application_id == application_id)
            .order_by(Event.id)
        ).all()
        assert after == before and [row.type for row in after] == [
            "case.submitted",
            "case.take",
            "case.propose_decision",
            "decision.issued",
            "proof_of_use.open_proof_of_use",
        ]
        assert db.session.scalar(select(func.count()).select_from(Event)) == db.session.scalar(
            select(func.count()).select_from(AuditEntry)
        )
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0

"""Migration 0035 on a database that holds payments: one ordered before the handover period existed gets it, counted
in working days from its order; one already handed over gets none; down and up again changes nothing."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import create_engine, delete, select

from factories import programme, user
from post_award_steps import final_case, on, ordered
from workflow import schema
from workflow.db import db
from workflow.models import AuditEntry, Deadline
from workflow.operations.cash_exports import create_export


def _periods() -> list[tuple]:
    return db.session.execute(
        select(AuditEntry.procedure_id, Deadline.due_on, Deadline.status, AuditEntry.transition)
        .join(AuditEntry, AuditEntry.id == Deadline.opened_by_entry_id)
        .where(Deadline.kind == "cash_handover")
        .order_by(AuditEntry.procedure_id)
    ).all()


def _migrate(database_url: str) -> None:
    db.session.close()
    engine = create_engine(database_url)
    with engine.connect() as connection, connection.begin():
        command.downgrade(schema.alembic_config(connection), "0034")
    schema.upgrade(engine)
    engine.dispose()


def test_payments_ordered_before_get_their_handover_period(app, clock, database_url):
    """Ordered Thursday 25.03.2027: five working days after Easter (26.03. and 29.03. are holidays) end on 05.04.2027."""
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-22")
        ordered(application_id, clerk, amount="1000.00")
        create_export(db.session, programme(), user("referatsleitung"))
        on(clock, "2027-03-25")
        waiting = ordered(application_id, clerk, amount="2000.00")
        db.session.execute(delete(Deadline).where(Deadline.kind == "cash_handover"))  # as before this version
        db.session.commit()
        _migrate(database_url)
        assert schema.current_revision(db.engine) == schema.head_revision()
        # The payment handed over on 22.03. gets none.
        assert _periods() == [(waiting, date(2027, 4, 5), Deadline.OPEN, "order_payment")]
        _migrate(database_url)
        assert _periods() == [(waiting, date(2027, 4, 5), Deadline.OPEN, "order_payment")]

"""Migration 0023 (payment execution) on payments ordered before it: one handed to the cash office is executed on
the day of its export and booked in that year; one not handed over stays ordered, on its way."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine

from factories import programme, user
from post_award_steps import final_case, on, ordered, procedure
from workflow import schema
from workflow.db import db
from workflow.operations.cash_exports import create_export


def test_payments_handed_over_before_are_executed_on_the_day_of_their_export(app, clock, database_url):
    first_case, first_clerk = final_case(app)
    second_case, second_clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-12-30")
        handed = ordered(first_case, first_clerk)
        create_export(db.session, programme(), user("referatsleitung"))
        waiting = ordered(second_case, second_clerk)
        db.session.close()
        engine = create_engine(database_url)
        with engine.connect() as connection, connection.begin():
            command.downgrade(schema.alembic_config(connection), "0022")
        schema.upgrade(engine)
        engine.dispose()
        assert schema.current_revision(db.engine) == schema.head_revision()
        assert (procedure(handed).state, procedure(handed).data["executed_on"], procedure(handed).budget_year) == (
            "executed",
            "2027-12-30",
            2027,
        )
        assert procedure(waiting).state == "ordered" and "executed_on" not in procedure(waiting).data

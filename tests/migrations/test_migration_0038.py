"""Migration 0038 on a database with a waiver: down drops the reviewer's telephone and the waiver's representation
proof, up adds them empty; the waiver itself and its protection against changes survive both."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from factories import in_state, waive
from workflow import schema
from workflow.db import db


def _columns(engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def test_phone_and_representation_proof_go_down_and_come_back_empty(app, database_url):
    application_id, clerk = in_state(app, "granted")
    with app.app_context():
        waive(application_id, clerk)
        db.session.commit()
        db.session.close()
        engine = create_engine(database_url)
        with engine.connect() as connection, connection.begin():
            command.downgrade(schema.alembic_config(connection), "0037")
        assert "phone" not in _columns(engine, "user_account")
        assert "representation_proof" not in _columns(engine, "remedy_waiver")
        schema.upgrade(engine)
        assert {"phone"} <= _columns(engine, "user_account")
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT declarant_name, representation_proof FROM remedy_waiver")).all()
            assert rows == [("Dr. Maria Muster", None)]
        with pytest.raises(DBAPIError), engine.connect() as connection, connection.begin():
            connection.execute(text("UPDATE remedy_waiver SET declarant_name = 'Jemand'"))  # the trigger refuses
        engine.dispose()

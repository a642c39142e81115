"""Migrations 0031 (measures of any shape) and 0033 (freie Träger) on real data: staff positions go down and up
unchanged; a measure without a VZÄ share, or a registered Träger, stops the way back with a German reason."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from application_data import investment_application
from factories import in_state
from http_steps import new_application, submit
from migration_steps import downgrade as _downgrade, upgrade as _upgrade
from workflow import schema
from workflow.db import db
from teilhabe_steps import REGISTRATION


def test_staff_positions_go_back_to_0030_and_up_again_unchanged(app, database_url):
    in_state(app, "granted")
    with app.app_context():
        before = db.session.execute(text("SELECT person_name, fte, employment_start FROM position ORDER BY id")).all()
        db.session.close()
    _downgrade(database_url, "0030")
    _upgrade(database_url)
    with app.app_context():
        assert schema.current_revision(db.engine) == schema.head_revision()
        assert (
            db.session.execute(text("SELECT person_name, fte, employment_start FROM position ORDER BY id")).all()
            == before
        )


def test_a_measure_without_a_vza_share_stops_the_way_back(app, client, auth, database_url):
    auth.login("kommune.tettnang")
    submit(auth, client, new_application(auth, client, investment_application(), "investitionsfoerderung"))
    with app.app_context():
        db.session.close()
    with pytest.raises(RuntimeError, match="Maßnahmen ohne Stellenanteil"):
        _downgrade(database_url, "0030")


def test_a_registered_traeger_stops_the_way_back_past_0033(app, client, auth, database_url):
    response = auth.post("/registrieren", REGISTRATION)
    assert response.status_code == 200
    with app.app_context():
        db.session.close()
    with pytest.raises(RuntimeError, match="freie Träger sind registriert"):
        _downgrade(database_url, "0032")

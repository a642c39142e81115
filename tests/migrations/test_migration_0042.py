"""Migration 0042 (dispatch records of Bescheid copies) on a database with a signed joint decision: down to 0041 drops
only the records, up again the table is back, empty, and the case and its letters are untouched."""

from __future__ import annotations

from sqlalchemy import func, inspect, select

from application_data import consortium_application
from factories import fire, submitted
from migration_steps import downgrade, upgrade
from workflow import schema
from workflow.db import db
from workflow.models import Document, LetterDispatch


def test_dispatch_records_go_down_to_0041_and_up_again(app, database_url):
    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application())
        fire(application_id, "take", "pruefung.sued")
        fire(application_id, "propose_decision", "pruefung.sued", positions=[{"outcome": "granted"}])
        fire(application_id, "sign_grant", "zeichnung")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(LetterDispatch)) == 4
        letters = db.session.scalar(select(func.count()).select_from(Document))
        db.session.close()
        downgrade(database_url, "0041")
        assert "letter_dispatch" not in inspect(db.engine).get_table_names()
        upgrade(database_url)
        assert schema.current_revision(db.engine) == schema.head_revision()
        assert db.session.scalar(select(func.count()).select_from(Document)) == letters
        assert db.session.scalars(select(LetterDispatch)).all() == []

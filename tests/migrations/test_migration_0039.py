"""Migration 0039 on versions stored before the checklist's ``verifies`` column: the staff programmes' item on the
amounts is marked, an edited checklist without that item and the cost-plan programme are left as they are."""

from __future__ import annotations

from sqlalchemy import create_engine, select

from migration_steps import downgrade, upgrade
from workflow.db import db
from workflow.models import Programme, ProgrammeVersion

AMOUNTS = "Die ausgezahlten Beträge stimmen mit der Buchung der Bewilligungsstelle überein."


def _checklists(app) -> dict[str, list]:
    with app.app_context():
        rows = db.session.execute(
            select(Programme.code, ProgrammeVersion.settings).join(Programme).order_by(ProgrammeVersion.id)
        ).all()
        db.session.close()
        return {code: settings["proof_checklist"] for code, settings in rows if "proof_checklist" in settings}


def _unmarked(app, code: str, checklist: list) -> None:
    with app.app_context():
        version = db.session.scalars(select(ProgrammeVersion).join(Programme).where(Programme.code == code)).first()
        version.settings = {**version.settings, "proof_checklist": checklist}
        db.session.commit()
        db.session.close()


def test_stored_staff_versions_get_the_amounts_item_marked_and_nothing_else_changes(app, database_url):
    before = _checklists(app)
    assert {"item": AMOUNTS, "verifies": "amounts"} in before["integrationsmanagement"]
    # As stored before the column existed: no "verifies" anywhere; Integrationsbeauftragte edited by hand without it.
    plain = [{"item": row["item"]} for row in before["integrationsmanagement"]]
    _unmarked(app, "integrationsmanagement", plain)
    _unmarked(app, "integrationsbeauftragte", [{"item": "Nur der Sachbericht."}])
    downgrade(database_url, "0038")
    upgrade(database_url)
    after = _checklists(app)
    assert after["integrationsmanagement"] == [
        {**row, "verifies": "amounts"} if row["item"] == AMOUNTS else row for row in plain
    ]
    assert after["integrationsbeauftragte"] == [{"item": "Nur der Sachbericht."}]
    assert after["teilhabe"] == before["teilhabe"]
    create_engine(database_url).dispose()

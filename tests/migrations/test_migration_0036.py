"""Migration 0036 (a hearing's answers as a list) on real data: a Widerruf answered in the portal goes down to one
answer and up again unchanged; an answer on paper stops the way back with a German reason."""

from __future__ import annotations

import pytest

from migration_steps import downgrade, upgrade
from post_award_steps import final_case, on, procedure, start, step
from sample_files import PDF
from workflow import schema
from workflow.db import db
from workflow.uploads import accept

DECISION = {"revoked": "1000.00", "effective_from": "01.03.2027", "comment": "Nicht verwendet."}


def _heard(app, clock) -> tuple[int, int]:
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-06")
        revocation = start(application_id, "revocation", "start_hearing", "pruefung.sued", **DECISION)
        on(clock, "2027-09-08")
        step(application_id, revocation, "answer_hearing", clerk, comment="Die Mittel sind verplant.")
    return application_id, revocation


def test_a_portal_answer_goes_down_to_0035_and_up_again_unchanged(app, clock, database_url):
    _, revocation = _heard(app, clock)
    with app.app_context():
        before = procedure(revocation).data
        db.session.close()
    downgrade(database_url, "0035")
    with app.app_context():
        old = procedure(revocation).data
        assert "hearing_answers" not in old
        assert (old["hearing_answer"], old["hearing_answered_on"]) == ("Die Mittel sind verplant.", "2027-09-08")
        db.session.close()
    upgrade(database_url)
    with app.app_context():
        assert schema.current_revision(db.engine) == schema.head_revision()
        assert procedure(revocation).data == before
        assert before["hearing_answers"] == [
            {"received_on": "2027-09-08", "via": "portal", "text": "Die Mittel sind verplant."}
        ]


def test_an_answer_on_paper_stops_the_way_back(app, clock, database_url):
    application_id, revocation = _heard(app, clock)
    with app.app_context():
        scan = accept("Brief.pdf", PDF, 1024 * 1024)
        step(
            application_id,
            revocation,
            "record_paper_answer",
            "pruefung.sued",
            files=(scan,),
            via="post",
            received_on="08.09.2027",
        )
        db.session.close()
    with pytest.raises(RuntimeError, match="eine schriftliche oder mehrere Stellungnahmen"):
        downgrade(database_url, "0035")

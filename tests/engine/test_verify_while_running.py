"""`foerderweg verify` while the application runs: a step committed between two of its reads is no alarm.

A step writes its audit entry, its letters and the chain's anchor in one transaction; verify reads documents,
entries and anchors one after the other. Found by benchmarks/faults.py under load: without one snapshot for all
reads, a step that commits in between looks like a changed entry or a chain that ends before its anchor.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from factories import in_state, submitted
from workflow.db import db
from workflow.engine.transitions import perform_transition
from workflow.models import User
from workflow.security import integrity

pytestmark = pytest.mark.postgres_only


def test_a_step_committed_while_verify_reads_is_not_reported_as_tampering(app):
    in_state(app, "granted")
    with app.app_context():
        application_id = submitted(clerk="kommune.tettnang")
        engine = db.engine
        stepped = []

        def take_the_case_meanwhile(connection, cursor, statement, *_):
            """Once verify has read the entries (and before it reads the anchors), a reviewer takes a case in a
            session of its own: one more entry, and its anchor one further."""
            if stepped or "FROM audit_entry" not in statement:
                return
            stepped.append(True)
            with Session(bind=engine) as other:
                reviewer = other.scalars(select(User).where(User.username == "pruefung.sued")).one()
                perform_transition(other, application_id, "take", reviewer, {})

        event.listen(engine, "after_cursor_execute", take_the_case_meanwhile)
        try:
            report = integrity.verify(db.session)
        finally:
            event.remove(engine, "after_cursor_execute", take_the_case_meanwhile)
        assert stepped
        assert report.problems == []
        assert integrity.verify(db.session).problems == []  # and afterwards the new step is checked too

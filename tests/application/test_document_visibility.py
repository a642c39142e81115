"""The case page decides document visibility once per case; it agrees with ``can_view_document`` for each one."""

from __future__ import annotations

from sqlalchemy import select

from factories import in_state, user
from workflow import permissions
from workflow.db import db
from workflow.models import Application, Document


def test_the_case_wide_rule_agrees_with_the_rule_per_document(app):
    application_id, clerk = in_state(app, "granted")
    _, other_clerk = in_state(app, "submitted")
    with app.app_context():
        application = db.session.get(Application, application_id)
        documents = db.session.scalars(select(Document).where(Document.application_id == application_id)).all()
        assert {"decision_proposal", "grant_notice"} <= {document.kind for document in documents}
        for username in (clerk, other_clerk, "pruefung.sued", "zeichnung", "ministerium", "admin"):
            person = user(username)
            visible = permissions.document_visibility(person, application)
            assert [visible(d) for d in documents] == [permissions.can_view_document(person, d) for d in documents], (
                username
            )

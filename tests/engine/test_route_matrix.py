"""Every route × every role × a case that is not theirs, for every installed programme: no access, no side effect.

Integrationsmanagement runs every role; the other programmes run the roles whose
foreign case depends on the programme (clerk, reviewer, programme reviewer).
"""

from __future__ import annotations

import io

import pytest
from flask import url_for
from sqlalchemy import func, select

from conftest import csrf_token_of
from factories import IM, api_token, consortium_application, draft, in_state, sample_data
from sample_files import PDF
from workflow.db import db
from workflow.engine.programmes import all_definitions, definition_for, workflows_of
from workflow.models import (
    Application,
    Attachment,
    AuditEntry,
    Deadline,
    Document,
    LetterDispatch,
    MembershipRequest,
    Notification,
    Procedure,
)

# Per role a user and the kind of case that is foreign to them.
FOREIGN = {
    "clerk": ("kommune.meersburg", "submitted case of another municipality"),
    "reviewer": ("pruefung.nord", "submitted case outside the reviewer's Kreise"),
    "approver": ("zeichnung", "draft of a municipality"),
    "ministry": ("ministerium", "draft of a municipality"),
    "admin": ("admin", "submitted case"),
    # A reviewer of the case's Kreis, limited to another programme (pruefung.ib when the case is Kulturförderung).
    "programme_reviewer": ("pruefung.kultur", "submitted case of another programme in the reviewer's Kreise"),
}
PROGRAMME_DEPENDENT = ("clerk", "reviewer", "programme_reviewer")
# Roles and routes, not the database: runs once, on SQLite (see tests/conftest.py).
pytestmark = pytest.mark.one_database
CASES = [
    (d.code, role) for d in all_definitions() for role in sorted(FOREIGN) if d.code == IM or role in PROGRAMME_DEPENDENT
]


def _step_names(code: str) -> list[str]:
    """Every step's name for Integrationsmanagement. For the other programmes the first step of each procedure and
    every step whose form differs from Integrationsmanagement's: a handler refuses a case before it reads the step,
    so what depends on the programme is whom its case is foreign to (``PROGRAMME_DEPENDENT``), not the step."""
    transitions = [t for workflow in workflows_of(definition_for(code)) for t in workflow.transitions]
    if code == IM:
        return [t.name for t in transitions]
    im_forms = {(t.name, t.form) for workflow in workflows_of(definition_for(IM)) for t in workflow.transitions}
    firsts = {workflow.transitions[0].name for workflow in workflows_of(definition_for(code))}
    return [t.name for t in transitions if t.name in firsts or (t.name, t.form) not in im_forms]


def _username(code, role):
    username, _ = FOREIGN[role]
    return "pruefung.ib" if role == "programme_reviewer" and code == "kulturfoerderung" else username


def _foreign_case(app, code, role):
    """A case of programme ``code`` with documents and an attachment that ``role`` must not reach."""
    application_id, clerk = in_state(app, "information_requested", code=code)
    with app.app_context():
        from factories import user
        from workflow.operations.attachments import new_attachment
        from workflow.uploads import accept

        db.session.add(new_attachment(application_id, accept("v.pdf", PDF, 10_000), user(clerk)))
        db.session.commit()
        if role in ("approver", "ministry"):
            application_id = draft("kommune.stuttgart", code=code)
            db.session.add(new_attachment(application_id, accept("d.pdf", PDF, 10_000), user("kommune.stuttgart")))
            db.session.commit()
    return application_id


def _ids(app, application_id):
    with app.app_context():
        return {
            "application_id": application_id,
            "document_id": db.session.scalar(
                select(func.min(Document.id)).where(Document.application_id == application_id)
            )
            or 999999,
            "attachment_id": db.session.scalar(
                select(func.min(Attachment.id)).where(Attachment.application_id == application_id)
            ),
            # Notifications about the case belong to the people told, never to the one trying.
            "notification_id": db.session.scalar(
                select(func.min(Notification.id)).where(Notification.application_id == application_id)
            )
            or 999999,
            "dispatch_id": db.session.scalar(
                select(func.min(LetterDispatch.id)).where(LetterDispatch.application_id == application_id)
            )
            or 999999,
            "procedure_id": db.session.scalar(
                select(func.min(Procedure.id)).where(Procedure.application_id == application_id)
            )
            or 999999,
            "kind": "payment",
            # A request to join Meersburg's consortium, addressed to Hagnau: neither its lead nor anyone else answers it.
            "request_id": _request_to_hagnau(),
        }


def _request_to_hagnau() -> int:
    application_id = draft("kommune.meersburg", consortium_application(members=["08435018"]), consented=False)
    return db.session.scalars(
        select(MembershipRequest.id).where(MembershipRequest.application_id == application_id)
    ).one()


def _snapshot(app, application_id):
    with app.app_context():
        application = db.session.get(Application, application_id)
        counts = tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (AuditEntry, Document, Attachment, Deadline, Application)
        )
        read = db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.read_at.is_not(None))
        )
        answers = db.session.scalars(select(MembershipRequest.status).order_by(MembershipRequest.id)).all()
        return application.state, application.revision, application.draft_data, counts, read, answers


def _case_routes(app):
    """Routes that address one case or one of its files; a new parameter must be added to ``_ids``."""
    routes = []
    for rule in app.url_map.iter_rules():
        parameters = set(rule.arguments)
        if not parameters or rule.endpoint == "static":
            continue
        # A pending Planungsrahmen import is its uploader's own (tests/reference/test_allocation_pages.py), no case;
        # a programme code and a version number name no case either; a cash export is the programme's (test_cash_export.py);
        # a counselled person (client_id) is no case and has its own matrix (tests/counselling/test_counselling_access.py);
        # a personal access token is its owner's own (tests/api/test_api.py), no case; nor do a user, a queued mail, a one-time
        # link's token or an export's file type (the administration's own: tests/accounts/test_accounts.py); a grant of a
        # counselling role belongs to an organisation (tests/counselling/test_counselling_roles.py), and so does a webhook
        # subscription (tests/engine/test_webhooks.py).
        unknown = parameters - {
            "application_id",
            "document_id",
            "attachment_id",
            "notification_id",
            "request_id",
            "name",
            "pending_id",
            "code",
            "number",
            "procedure_id",
            "kind",
            "export_id",
            "client_id",
            "token_id",
            "user_id",
            "mail_id",
            "token",
            "job_id",
            "grant_id",
            "subscription_id",
            "dispatch_id",
        }
        assert not unknown, f"{rule.rule}: add {unknown} to the route matrix"
        if parameters & {
            "application_id",
            "document_id",
            "attachment_id",
            "notification_id",
            "request_id",
            "dispatch_id",
        }:
            routes.append(rule)
    return routes


@pytest.mark.parametrize("code,role", CASES)
def test_no_route_reaches_a_foreign_case(app, client, auth, code, role):
    username = _username(code, role)
    # The first measure's label (a person, a project, an expense) must not leak.
    person = sample_data(code)[f"positions-0-{definition_for(code).schema.measure_shape.label_field}"].encode()
    application_id = _foreign_case(app, code, role)
    ids = _ids(app, application_id)
    before = _snapshot(app, application_id)
    auth.login(username)
    token = csrf_token_of(client.get("/barrierefreiheit").get_data(as_text=True))
    # The API's routes are reached with the same person's token (the web's ignore it).
    bearer = api_token(app, username)
    routes = _case_routes(app)
    assert len(routes) >= 5
    tried = 0
    for rule in routes:
        names = _step_names(code) if "name" in rule.arguments else [None]
        for name in names:
            values = {key: ids[key] for key in rule.arguments if key in ids}
            if name:
                values["name"] = name
            with app.test_request_context():
                url = url_for(rule.endpoint, **values)
            for method in sorted(rule.methods & {"GET", "POST", "PUT"}):
                data = {
                    "csrf_token": token,
                    "message": "x",
                    "comment": "x",
                    "confirm": "y",
                    "rulings-0-outcome": "granted",
                    "period_days": "14",
                    "revision": "1",
                    "action": "save",
                    "remove_attachment": str(ids["attachment_id"]),
                    "attachment": (io.BytesIO(PDF), "x.pdf"),
                    "declaration": (io.BytesIO(PDF), "e.pdf"),
                    "declarant_name": "Dr. Maria Muster",
                    "capacity": "mayor",
                    "answer": "confirm",
                }
                if method == "GET":
                    response = client.get(url, headers=bearer)
                elif method == "PUT":
                    response = client.put(
                        url, json={"data": {"contact_name": "x"}}, headers={**bearer, "If-Match": '"gelesen"'}
                    )
                else:
                    response = client.post(url, data=data, content_type="multipart/form-data", headers=bearer)
                tried += 1
                assert response.status_code in (403, 404), (code, role, method, url, response.status_code)
                assert person not in response.data, (code, role, method, url)
    assert tried > 20
    assert _snapshot(app, application_id) == before

"""Nobody sees or changes what is not theirs, whatever URL or field they try."""

from __future__ import annotations

from sqlalchemy import select

from application_data import single_application
from conftest import csrf_token_of
from factories import in_state
from workflow.db import db
from workflow.models import Application, Document


def _documents_of(app, application_id):
    with app.app_context():
        return db.session.scalars(select(Document.id).where(Document.application_id == application_id)).all()


def test_a_clerk_of_another_municipality_gets_404_for_every_url_of_a_foreign_case(app, client, auth):
    application_id, _ = in_state(app, "information_requested")
    auth.login("kommune.meersburg")
    urls = [
        f"/antraege/{application_id}",
        f"/antraege/{application_id}/bearbeiten",
        f"/antraege/{application_id}/aktionen/answer",
        f"/antraege/{application_id}/aktionen/withdraw",
        *[f"/dokumente/{document_id}" for document_id in _documents_of(app, application_id)],
    ]
    assert len(urls) > 4
    for url in urls:
        assert client.get(url).status_code == 404, url
    listing = client.get("/kommune").get_data(as_text=True)
    assert f'/antraege/{application_id}"' not in listing


def test_a_foreign_post_changes_nothing(app, client, auth):
    application_id, _ = in_state(app, "information_requested")
    auth.login("kommune.meersburg")
    token = csrf_token_of(client.get("/kommune").get_data(as_text=True))
    response = client.post(f"/antraege/{application_id}/aktionen/answer", data={"message": "x", "csrf_token": token})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Application, application_id).state == "information_requested"


def test_drafts_are_seen_by_their_municipality_only(app, client, auth):
    application_id, _ = in_state(app, "draft")
    for username in ("pruefung.sued", "zeichnung", "ministerium", "kommune.meersburg", "admin"):
        auth.login(username)
        assert client.get(f"/antraege/{application_id}").status_code == 404, username
        auth.logout()


def test_a_reviewer_sees_only_the_cases_of_their_kreise(app, client, auth):
    application_id, _ = in_state(app, "submitted")
    auth.login("pruefung.nord")
    assert client.get(f"/antraege/{application_id}").status_code == 404
    assert f'/antraege/{application_id}"' not in client.get("/pruefung?status=alle").get_data(as_text=True)
    auth.logout()
    auth.login("pruefung.sued")
    assert f'/antraege/{application_id}"' in client.get("/pruefung").get_data(as_text=True)


def test_every_post_without_csrf_token_is_refused_and_changes_nothing(app, client, auth):
    application_id, _ = in_state(app, "submitted")
    auth.login("pruefung.sued")
    response = client.post(f"/antraege/{application_id}/aktionen/take", data={})
    assert response.status_code == 400
    assert "Sicherheitsprüfung" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, application_id).state == "submitted"
    assert client.post("/abmelden", data={}).status_code == 400
    assert client.get("/pruefung").status_code == 200, "still logged in"


def test_fields_a_user_may_not_set_cannot_be_posted(app, client, auth):
    auth.login("kommune.tettnang")
    forged = {
        **single_application(),
        "state": "granted",
        "granted_amount": "9999999",
        "requested_amount": "9999999",
        "applicant_id": "1",
        "organisation_id": "1",
        "file_number": "RPS-IM-2026-9999",
        "action": "review",
    }
    response = auth.post("/programme/integrationsmanagement/antraege/neu", forged)
    application_id = int(response.headers["Location"].split("/")[2])
    auth.post(f"/antraege/{application_id}/aktionen/submit", {"confirm": "y", "revision": "1", "state": "granted"})
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.state == "submitted"
        assert application.granted_amount is None
        assert str(application.requested_amount) == "58000.00"
        assert application.applicant.name == "Tettnang"
        assert application.file_number == "RPS-IM-2026-0001"
    auth.logout()
    auth.login("pruefung.sued")
    auth.post(f"/antraege/{application_id}/aktionen/take", {"reviewer_id": "1"}, page=f"/antraege/{application_id}")
    auth.post(
        f"/antraege/{application_id}/aktionen/propose_decision",
        {"rulings-0-outcome": "granted", "amount": "1,00", "kind": "rejection", "reasons": ""},
    )
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert str(application.open_proposal.amount) == "58000.00", "a full grant is always the requested amount"


def test_pages_need_a_login(client):
    for url in (
        "/",
        "/kommune",
        "/pruefung",
        "/zeichnung",
        "/uebersicht",
        "/programme/integrationsmanagement/antraege/neu",
        "/antraege/1",
        "/dokumente/1",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/anmelden" in response.headers["Location"], url

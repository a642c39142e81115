"""The whole path through the HTTP interface: apply, review, decide, with a document at every step."""
from __future__ import annotations

import re
from io import BytesIO

import docx
from sqlalchemy import select

from application_data import consortium_application, single_application
from workflow.db import db
from workflow.models import Application, AuditEntry, Document


def _new_application(auth, client, data) -> int:
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**data, "action": "review"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    match = re.search(r"/antraege/(\d+)/aktionen/submit", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def _submit(auth, client, application_id: int):
    summary = client.get(f"/antraege/{application_id}/aktionen/submit")
    assert summary.status_code == 200
    revision = re.search(r'name="revision" value="(\d+)"', summary.get_data(as_text=True)).group(1)
    return auth.post(f"/antraege/{application_id}/aktionen/submit", {"confirm": "y", "revision": revision}), summary


def _action(auth, application_id: int, name: str, data: dict | None = None):
    response = auth.post(f"/antraege/{application_id}/aktionen/{name}", data or {})
    assert response.status_code == 302, (name, response.status_code, response.get_data(as_text=True)[:3000])
    return response


def _document_text(client, document_id: int) -> str:
    response = client.get(f"/dokumente/{document_id}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(BytesIO(response.data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _documents(app, application_id: int) -> dict[str, Document]:
    with app.app_context():
        rows = db.session.scalars(select(Document).where(Document.application_id == application_id)).all()
        return {row.kind: row.id for row in rows}


def test_consortium_applies_and_receives_a_partial_grant(app, client, auth):
    auth.login("kommune.meersburg")
    application_id = _new_application(auth, client, consortium_application())
    response, summary = _submit(auth, client, application_id)
    summary_text = summary.get_data(as_text=True)
    assert "75.160,70" in summary_text and "58.000,00" in summary_text and "erreicht" in summary_text
    assert response.status_code == 302
    case = client.get(f"/antraege/{application_id}", follow_redirects=True).get_data(as_text=True)
    assert "RPS-IM-2026-0001" in case and "Eingereicht" in case
    auth.logout()

    auth.login("pruefung.sued")
    assert "RPS-IM-2026-0001" in client.get("/pruefung").get_data(as_text=True)
    _action(auth, application_id, "take")
    _action(auth, application_id, "request_information", {"message": "Bitte Arbeitsvertrag vorlegen.", "period_days": "14"})
    auth.logout()

    auth.login("kommune.meersburg")
    _action(auth, application_id, "answer", {"message": "Der Arbeitsvertrag liegt bei."})
    auth.logout()

    auth.login("pruefung.sued")
    _action(
        auth,
        application_id,
        "propose_decision",
        {"kind": "partial_grant", "amount": "50.000,00", "reasons": "Die zweite Hälfte des Stellenanteils ist nicht belegt."},
    )
    auth.logout()

    auth.login("zeichnung")
    _action(auth, application_id, "sign_partial_grant")
    auth.logout()

    auth.login("kommune.meersburg")
    documents = _documents(app, application_id)
    assert set(documents) == {
        "application",
        "receipt",
        "information_request",
        "decision_proposal",
        "partial_grant_notice",
    }
    notice = _document_text(client, documents["partial_grant_notice"])
    for expected in ("Meersburg", "Hagnau am Bodensee", "Daisendorf", "Stetten", "50.000,00\u00a0€", "Anna Beispiel",
                     "Rechtsbehelfsbelehrung", "RPS-IM-2026-0001"):
        assert expected in notice, expected
    # The internal proposal for signature is not the clerk's to read.
    assert client.get(f"/dokumente/{documents['decision_proposal']}").status_code == 404
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.state == "partially_granted"
        assert str(application.granted_amount) == "50000.00"
        history = db.session.scalars(select(AuditEntry).where(AuditEntry.application_id == application_id)).all()
        assert [e.transition for e in history] == [
            "submit", "take", "request_information", "answer", "propose_decision", "sign_partial_grant",
        ]
    auth.logout()

    # A member of the consortium sees the case and its letters, but may not act.
    auth.login("kommune.hagnau")
    member_view = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "RPS-IM-2026-0001" in member_view and "Auf Rechtsbehelfe verzichten" not in member_view
    assert "Hagnau am Bodensee" in _document_text(client, documents["partial_grant_notice"])
    refused = auth.post(f"/antraege/{application_id}/aktionen/waive_remedies", {"confirm": "y"},
                        page=f"/antraege/{application_id}")
    assert refused.status_code == 403


def test_single_applicant_is_granted_in_full(app, client, auth):
    auth.login("kommune.tettnang")
    application_id = _new_application(
        auth, client, single_application(account_holder="Stadt Tettnang", contact_name="Sabine Gröner")
    )
    response, _ = _submit(auth, client, application_id)
    assert response.status_code == 302
    auth.logout()
    auth.login("pruefung.sued")
    _action(auth, application_id, "take")
    _action(auth, application_id, "propose_decision", {"kind": "grant", "amount": "", "reasons": ""})
    auth.logout()
    auth.login("zeichnung")
    _action(auth, application_id, "sign_grant")
    auth.logout()
    auth.login("kommune.tettnang")
    notice = _document_text(client, _documents(app, application_id)["grant_notice"])
    assert "58.000,00\u00a0€" in notice and "Tettnang" in notice

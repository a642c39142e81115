"""The whole path through the HTTP interface: apply, review, decide, with a document at every step."""

from __future__ import annotations


from sqlalchemy import select

from application_data import consortium_application, single_application
from http_steps import action, document_text, document_titles, documents, new_application, submit
from workflow.db import db
from workflow.models import Application, AuditEntry


def test_consortium_applies_and_receives_a_partial_grant(app, client, auth):
    auth.login("kommune.meersburg")
    application_id = new_application(auth, client, consortium_application())
    response, summary = submit(auth, client, application_id)
    summary_text = summary.get_data(as_text=True)
    assert "75.160,70" in summary_text and "58.000,00" in summary_text and "erreicht" in summary_text
    assert response.status_code == 302
    case = client.get(f"/antraege/{application_id}", follow_redirects=True).get_data(as_text=True)
    assert "RPS-IM-2026-0001" in case and "Eingereicht" in case
    auth.logout()

    auth.login("pruefung.sued")
    assert "RPS-IM-2026-0001" in client.get("/pruefung").get_data(as_text=True)
    action(auth, application_id, "take")
    action(
        auth, application_id, "request_information", {"message": "Bitte Arbeitsvertrag vorlegen.", "period_days": "14"}
    )
    auth.logout()

    auth.login("kommune.meersburg")
    action(auth, application_id, "answer", {"message": "Der Arbeitsvertrag liegt bei."})
    auth.logout()

    auth.login("pruefung.sued")
    action(
        auth,
        application_id,
        "propose_decision",
        {
            "rulings-0-outcome": "reduced",
            "rulings-0-fte": "0,25",
            "rulings-0-reason": "Die zweite Hälfte des Stellenanteils ist nicht belegt.",
            "reasons": "",
        },
    )
    auth.logout()

    auth.login("zeichnung")
    action(auth, application_id, "sign_partial_grant")
    auth.logout()

    auth.login("kommune.meersburg")
    stored = documents(app, application_id)
    assert set(stored) == {
        "application",
        "receipt",
        "information_request",
        "decision_proposal",
        "partial_grant_notice",
        "conditions_annex",
    }
    notice = document_text(client, stored["partial_grant_notice"])
    copies = [title for title in document_titles(app, application_id) if "Ausfertigung für" in title]
    assert copies == [
        f"Zuwendungsbescheid (Teilbewilligung) – Ausfertigung für {name}"
        for name in ("Daisendorf", "Hagnau am Bodensee", "Stetten")
    ]
    for expected in (
        "Meersburg",
        "Hagnau am Bodensee",
        "Daisendorf",
        "Stetten",
        "29.000,00\u00a0€",
        "Anna Beispiel",
        "Rechtsbehelfsbelehrung",
        "RPS-IM-2026-0001",
    ):
        assert expected in notice, expected
    annex = document_text(client, stored["conditions_annex"])
    assert "ANBest-K" in annex and "RPS-IM-2026-0001" in annex
    # The internal proposal for signature is not the clerk's to read.
    assert client.get(f"/dokumente/{stored['decision_proposal']}").status_code == 404
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.state == "partially_granted"
        assert str(application.granted_amount) == "29000.00"
        history = db.session.scalars(select(AuditEntry).where(AuditEntry.application_id == application_id)).all()
        assert [e.transition for e in history] == [
            "submit",
            "take",
            "request_information",
            "answer",
            "propose_decision",
            "sign_partial_grant",
            "open_proof_of_use",  # the grant opens the proof of use (workflows/post_award.py)
        ]
    auth.logout()

    # A member of the consortium sees the case and its letters; it may waive remedies for itself,
    # but its waiver alone does not make the decision final.
    auth.login("kommune.hagnau")
    member_view = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "RPS-IM-2026-0001" in member_view
    assert '/aktionen/declare_waiver_partial_grant"' in member_view and '/aktionen/waive_remedies"' not in member_view
    assert "Hagnau am Bodensee" in document_text(client, stored["partial_grant_notice"])
    refused = auth.post(
        f"/antraege/{application_id}/aktionen/waive_remedies", {"confirm": "y"}, page=f"/antraege/{application_id}"
    )
    assert refused.status_code == 403


def test_single_applicant_is_granted_in_full(app, client, auth):
    auth.login("kommune.tettnang")
    application_id = new_application(
        auth, client, single_application(account_holder="Stadt Tettnang", contact_name="Sabine Gröner")
    )
    response, _ = submit(auth, client, application_id)
    assert response.status_code == 302
    auth.logout()
    auth.login("pruefung.sued")
    action(auth, application_id, "take")
    action(auth, application_id, "propose_decision", {"rulings-0-outcome": "granted", "reasons": ""})
    auth.logout()
    auth.login("zeichnung")
    action(auth, application_id, "sign_grant")
    auth.logout()
    auth.login("kommune.tettnang")
    notice = document_text(client, documents(app, application_id)["grant_notice"])
    assert "58.000,00\u00a0€" in notice and "Tettnang" in notice

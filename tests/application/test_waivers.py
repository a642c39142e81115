"""Remedy waivers (Rechtsbehelfsverzicht): declared by someone who may represent the municipality, with the
signed declaration; for a consortium final only when every organisation has waived; never after a rejection."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from factories import clerk_of, consortium_application, fire, in_state, submitted, waive
from http_steps import document_text, documents
from sample_files import PDF, PNG
from workflow.db import db
from workflow.models import Application, Attachment, AuditEntry, Deadline, RemedyWaiver

WAIVER = {"declarant_name": "Dr. Maria Muster", "capacity": "mayor", "confirm": "y"}
# Meersburg leads Hagnau and Daisendorf: 45.156,61 + 10.549,62 + 11.904,86 € pooled, above the threshold.
THREE = ["Hagnau am Bodensee (08435018)", "08435010"]


def _with_file(data: dict, content: bytes = PDF, filename: str = "Verzicht unterschrieben.pdf") -> dict:
    return {**data, "declaration": (io.BytesIO(content), filename)}


def _counts(app, application_id):
    with app.app_context():
        application = db.session.get(Application, application_id)
        return (
            application.state,
            db.session.scalar(select(func.count()).where(AuditEntry.application_id == application_id)),
            db.session.scalar(select(func.count()).where(RemedyWaiver.application_id == application_id)),
            db.session.scalar(select(func.count()).where(Attachment.application_id == application_id)),
        )


def _consortium_granted(app) -> int:
    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application(members=THREE))
        fire(application_id, "take", "pruefung.sued")
        fire(application_id, "propose_decision", "pruefung.sued", positions=[{"outcome": "granted"}])
        fire(application_id, "sign_grant", "zeichnung")
        clerk_of("Daisendorf")
        return application_id


def test_a_single_applicant_waives_with_name_capacity_and_signed_declaration(app, client, auth):
    application_id, clerk = in_state(app, "granted")
    auth.login(clerk)
    page = client.get(f"/antraege/{application_id}/aktionen/waive_remedies").get_data(as_text=True)
    for text in (
        "Bürgermeisterin / Bürgermeister (§ 42 Abs. 1 GemO)",
        "bevollmächtigte Person",
        "Unterzeichnete Verzichtserklärung",
    ):
        assert text in page, text
    assert "Landrätin" not in page, "a Gemeinde is not represented by a Landrat"
    response = auth.post(f"/antraege/{application_id}/aktionen/waive_remedies", _with_file(WAIVER))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.state == "final"
        [waiver] = application.remedy_waivers
        assert (waiver.organisation_id, waiver.declarant_name, waiver.capacity) == (
            application.applicant_id,
            "Dr. Maria Muster",
            "mayor",
        )
        entry = db.session.get(AuditEntry, waiver.audit_entry_id)
        assert entry.transition == "waive_remedies" and waiver.attachment.audit_entry_id == entry.id
        assert waiver.attachment.mimetype == "application/pdf" and entry.details["declarant_name"] == "Dr. Maria Muster"
        remedy = db.session.scalars(
            select(Deadline).where(Deadline.application_id == application_id, Deadline.kind == "remedy")
        ).one()
        assert remedy.status == Deadline.CLOSED
    letter = document_text(client, documents(app, application_id)["waiver_confirmation"])
    assert "Dr. Maria Muster" in letter and "Bürgermeisterin / Bürgermeister (§ 42 Abs. 1 GemO)" in letter
    case = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "erklärt von Dr. Maria Muster" in case and "Verzicht_unterschrieben.pdf" in case


def test_a_waiver_without_the_declaration_or_with_a_blank_name_changes_nothing(app, client, auth):
    application_id, clerk = in_state(app, "granted")
    before = _counts(app, application_id)
    auth.login(clerk)
    url = f"/antraege/{application_id}/aktionen/waive_remedies"
    without_file = auth.post(url, WAIVER)
    assert without_file.status_code == 422
    assert "Bitte laden Sie die unterzeichnete Verzichtserklärung hoch." in without_file.get_data(as_text=True)
    blank_name = auth.post(url, _with_file({**WAIVER, "declarant_name": "   \t "}))
    assert blank_name.status_code == 422
    assert "Bitte geben Sie an, wer den Verzicht erklärt." in blank_name.get_data(as_text=True)
    no_capacity = auth.post(url, _with_file({**WAIVER, "capacity": "district_administrator"}))
    assert no_capacity.status_code == 422, "a Gemeinde cannot waive through a Landrat"
    word = auth.post(url, _with_file(WAIVER, b"PK\x03\x04" + b"\x00" * 40, "Erklaerung.docx"))
    assert word.status_code == 422
    assert _counts(app, application_id) == before
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RemedyWaiver)) == 0


def test_a_consortium_decision_is_final_only_when_every_member_has_waived(app, client, auth):
    application_id = _consortium_granted(app)
    case_url = f"/antraege/{application_id}"

    auth.login("kommune.meersburg")
    assert '/aktionen/declare_waiver_grant"' in client.get(case_url).get_data(as_text=True)
    refused = auth.post(f"{case_url}/aktionen/waive_remedies", _with_file(WAIVER), page=case_url)
    assert refused.status_code == 403, "the lead's waiver alone does not end the remedy period"
    assert auth.post(f"{case_url}/aktionen/declare_waiver_grant", _with_file(WAIVER)).status_code == 302
    page = client.get(case_url).get_data(as_text=True)
    assert _counts(app, application_id)[0] == "granted"
    assert "Noch fehlen 2 von 3" in page
    for member in ("Hagnau am Bodensee", "Daisendorf"):
        assert re.search(rf"fehlt noch</span>\s*<strong>{member}</strong>", page), member
    assert re.search(r"verzichtet</span>\s*<strong>Meersburg</strong> \(federführend\) – Ihre Kommune", page)
    assert '/aktionen/declare_waiver_grant"' not in page, "the lead has waived; it is offered nothing more"
    auth.logout()

    auth.login("kommune.hagnau")
    hagnau = {**WAIVER, "declarant_name": "Volker Frede", "capacity": "authorised"}
    assert auth.post(f"{case_url}/aktionen/declare_waiver_grant", _with_file(hagnau)).status_code == 302
    again = auth.post(f"{case_url}/aktionen/declare_waiver_grant", _with_file(hagnau), page=case_url)
    assert again.status_code == 403, "an organisation waives once"
    assert client.get(f"{case_url}/aktionen/waive_remedies").status_code == 403
    assert "Noch fehlt 1 von 3" in client.get(case_url).get_data(as_text=True)
    auth.logout()

    with app.app_context():
        daisendorf = clerk_of("Daisendorf")
    auth.login(daisendorf)
    assert '/aktionen/declare_waiver_grant"' not in client.get(case_url).get_data(as_text=True)
    assert auth.post(f"{case_url}/aktionen/waive_remedies", _with_file(WAIVER)).status_code == 302
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.state == "final"
        history = db.session.scalars(
            select(AuditEntry.transition).where(AuditEntry.application_id == application_id)
        ).all()
        assert history[-3:] == ["declare_waiver_grant", "declare_waiver_grant", "waive_remedies"]
        assert sorted(w.organisation.name for w in application.remedy_waivers) == [
            "Daisendorf",
            "Hagnau am Bodensee",
            "Meersburg",
        ]
        assert len({w.audit_entry_id for w in application.remedy_waivers}) == 3
    letter = document_text(client, documents(app, application_id)["waiver_confirmation"])
    for text in (
        "Meersburg: erklärt",
        "Hagnau am Bodensee: erklärt",
        "Volker Frede",
        "Daisendorf: erklärt",
        "haben alle Beteiligten",
    ):
        assert text in letter, text


def test_an_organisation_cannot_waive_twice_even_directly(app):
    application_id = _consortium_granted(app)
    with app.app_context():
        waive(application_id, "kommune.hagnau", "declare_waiver_grant")
        from workflow.engine.context import TransitionRefused

        try:
            waive(application_id, "kommune.hagnau", "declare_waiver_grant")
        except TransitionRefused as refusal:
            assert refusal.status == 403
        else:
            raise AssertionError("a second waiver of Hagnau was accepted")
        assert db.session.scalar(select(func.count()).where(RemedyWaiver.application_id == application_id)) == 1


def test_no_waiver_after_a_rejection(app, client, auth):
    application_id, clerk = in_state(app, "rejected")
    before = _counts(app, application_id)
    auth.login(clerk)
    case_url = f"/antraege/{application_id}"
    page = client.get(case_url).get_data(as_text=True)
    assert "Auf Rechtsbehelfe verzichten" not in page and "Rechtsbehelfsverzicht" not in page
    for name in ("waive_remedies", "declare_waiver_grant", "declare_waiver_partial_grant"):
        assert client.get(f"{case_url}/aktionen/{name}").status_code == 409, name
        assert auth.post(f"{case_url}/aktionen/{name}", _with_file(WAIVER), page=case_url).status_code == 409, name
    assert _counts(app, application_id) == before


def test_a_partial_grant_can_be_waived_with_a_photo_of_the_declaration(app, client, auth):
    application_id, clerk = in_state(app, "partially_granted")
    auth.login(clerk)
    data = _with_file({**WAIVER, "capacity": "deputy"}, PNG, "scan.png")
    assert auth.post(f"/antraege/{application_id}/aktionen/waive_remedies", data).status_code == 302
    assert _counts(app, application_id)[0] == "final"


def test_required_texts_refuse_whitespace_only(app, client, auth):
    # Nachforderung: the message must say something.
    application_id, _ = in_state(app, "in_review")
    auth.login("pruefung.sued")
    before = _counts(app, application_id)
    response = auth.post(
        f"/antraege/{application_id}/aktionen/request_information", {"message": "  \r\n\t ", "period_days": "14"}
    )
    assert response.status_code == 422
    assert "Bitte beschreiben Sie, welche Angaben oder Unterlagen fehlen." in response.get_data(as_text=True)
    assert _counts(app, application_id) == before
    auth.logout()

    # The answer to it.
    application_id, clerk = in_state(app, "information_requested")
    auth.login(clerk)
    before = _counts(app, application_id)
    response = auth.post(f"/antraege/{application_id}/aktionen/answer", {"message": "   "})
    assert response.status_code == 422 and "Bitte geben Sie Ihre Antwort ein." in response.get_data(as_text=True)
    assert _counts(app, application_id) == before
    auth.logout()

    # The remark with which a proposal is returned.
    application_id, _ = in_state(app, "decision_proposed")
    auth.login("zeichnung")
    before = _counts(app, application_id)
    response = auth.post(f"/antraege/{application_id}/aktionen/return_proposal", {"comment": "\n \n"})
    assert response.status_code == 422
    assert "Bitte sagen Sie, warum Sie den Vorschlag zurückgeben." in response.get_data(as_text=True)
    assert _counts(app, application_id) == before


def test_a_declarant_other_than_the_head_warns_the_reviewer_and_keeps_the_proof(app, client, auth):
    """Regine Walter waives for a Gemeinde whose address data name „Bürgermeister Andreas Vogel“: the clerk is shown
    the head, the proof she states is recorded, and only the authority's staff see the warning with it."""
    application_id, clerk = in_state(app, "granted")
    with app.app_context():
        organisation = db.session.get(Application, application_id).applicant
        organisation.head_title, organisation.head_name = "Bürgermeister", "Andreas Vogel"
        db.session.commit()
    auth.login(clerk)
    form = client.get(f"/antraege/{application_id}/aktionen/waive_remedies").get_data(as_text=True)
    assert "Bürgermeister Andreas Vogel" in form and "Nachweis der Vertretungsbefugnis" in form
    proof = "Erste Beigeordnete, allgemeine Stellvertreterin nach § 49 Abs. 1 GemO"
    walter = {**WAIVER, "declarant_name": "Regine Walter", "capacity": "deputy", "representation_proof": proof}
    assert auth.post(f"/antraege/{application_id}/aktionen/waive_remedies", _with_file(walter)).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(RemedyWaiver.representation_proof)).all()[-1] == proof
    own_view = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert proof in own_view and "Bitte prüfen Sie die Vertretungsbefugnis" not in own_view
    auth.logout()
    auth.login("pruefung.sued")
    reviewer_view = re.sub(r"\s+", " ", client.get(f"/antraege/{application_id}").get_data(as_text=True))
    warning = (
        "Erklärt hat Regine Walter (Beigeordnete/r oder Stellvertretung nach § 48/§ 49 GemO); in den Anschriftdaten"
    )
    assert warning in reviewer_view and "„Bürgermeister Andreas Vogel“" in reviewer_view
    assert (
        "Bitte prüfen Sie die Vertretungsbefugnis" in reviewer_view
        and f"Angegebener Nachweis: {proof}" in reviewer_view
    )

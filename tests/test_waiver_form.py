"""Each party of a decided case can take a form of the Rechtsbehelfsverzicht, filled in for its own organisation;
nobody else gets one, and nobody gets one before the decision."""

from __future__ import annotations

import io

from docx import Document

from factories import clerk_of, in_state
from workflow.db import db
from workflow.models import Application
from workflow.formatting import date_de


def _text(content: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs)


def test_the_waiver_page_offers_the_form_filled_in_for_the_own_organisation(app, client, auth):
    application_id, clerk = in_state(app, "granted")
    with app.app_context():
        application = db.session.get(Application, application_id)
        file_number, applicant = application.file_number, application.applicant.addressee
        decided = date_de(application.signed_proposal.decided_at)
    auth.login(clerk)
    page = client.get(f"/antraege/{application_id}/aktionen/waive_remedies").get_data(as_text=True)
    link = f"/dokumente/verzichtserklaerung/{application_id}"
    assert f'href="{link}"' in page and "Vordruck der Verzichtserklärung" in page
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    text = _text(response.data)
    assert f"Aktenzeichen: {file_number}" in text
    assert "Erklärung über den Verzicht auf Rechtsbehelfe" in text
    assert (
        f"Im Verfahren {file_number} verzichten wir, {applicant}, hiermit auf Rechtsbehelfe gegen den Bescheid der "
        f"Bewilligungsstelle (Regierungspräsidium Stuttgart) vom {decided}" in text
    )
    assert "Bürgermeisterin / Bürgermeister (§ 42 GemO)" in text


def test_no_form_for_a_stranger_or_before_the_decision(app, client, auth):
    granted, _ = in_state(app, "granted")
    submitted, clerk = in_state(app, "submitted")
    with app.app_context():
        stranger = clerk_of("Daisendorf")
    auth.login(stranger)
    assert client.get(f"/dokumente/verzichtserklaerung/{granted}").status_code == 404
    auth.logout()
    auth.login(clerk)
    assert client.get(f"/dokumente/verzichtserklaerung/{submitted}").status_code == 404

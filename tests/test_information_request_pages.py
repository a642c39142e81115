"""A Nachforderung as both sides see it: the reviewer sees the period's last day while typing the days and in the
message after sending; the clerk's answer page shows the text and the documents asked for."""

from __future__ import annotations

import html
import re

from factories import in_state
from http_steps import action, document_text, documents

ASKED = "Bitte belegen Sie die Qualifikation der Integrationsmanagerin."
DOCUMENTS = "Arbeitsvertrag der Integrationsmanagerin\n- Zeugnis des Studienabschlusses\n\n"


def test_the_request_form_shows_the_last_day_of_the_period_for_the_days_typed(app, client, auth):
    application_id, _ = in_state(app, "in_review")
    auth.login("pruefung.sued")
    page = client.get(f"/antraege/{application_id}/aktionen/request_information").get_data(as_text=True)
    # Today is Wednesday 25.11.2026; the default period of 14 days ends on Wednesday 09.12.2026.
    assert re.search(r"Die Frist endet am\s*<strong>09.12.2026</strong>", page)
    due_dates = re.search(r'data-due-dates="([^"]+)"', page).group(1)
    # 10 days: Saturday 05.12.2026 → Monday 07.12.2026; 30 days: Friday 25.12.2026 (Christmas), 26.12. (holiday)
    # and Sunday 27.12. → Monday 28.12.2026.
    assert '"10": "07.12.2026"' in html.unescape(due_dates) and '"30": "28.12.2026"' in html.unescape(due_dates)
    refused = auth.post(
        f"/antraege/{application_id}/aktionen/request_information", {"message": ASKED, "period_days": "30"}
    )
    assert refused.status_code == 302
    case = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Frist zur Beantwortung der Nachforderung: bis 28.12.2026." in case


def test_a_period_out_of_range_keeps_the_text_and_says_why_in_german(app, client, auth):
    application_id, _ = in_state(app, "in_review")
    auth.login("pruefung.sued")
    response = auth.post(
        f"/antraege/{application_id}/aktionen/request_information",
        {"message": ASKED, "documents": DOCUMENTS, "period_days": "120"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Die Frist muss zwischen 1 und 90 Tagen liegen." in page
    assert ASKED in page and "Zeugnis des Studienabschlusses" in page
    assert "Das Fristende steht hier, sobald Sie 1 bis 90 Tage angeben." in page


def test_the_answer_page_shows_the_text_and_the_documents_asked_for(app, client, auth):
    application_id, clerk = in_state(app, "in_review")
    auth.login("pruefung.sued")
    action(
        auth,
        application_id,
        "request_information",
        {"message": ASKED, "documents": DOCUMENTS, "period_days": "14"},
    )
    letter = document_text(client, documents(app, application_id)["information_request"])
    assert ASKED in letter and "– Arbeitsvertrag der Integrationsmanagerin" in letter
    assert "– Zeugnis des Studienabschlusses" in letter
    auth.logout()
    auth.login(clerk)
    page = client.get(f"/antraege/{application_id}/aktionen/answer").get_data(as_text=True)
    assert "Was das Regierungspräsidium am 25.11.2026 nachfordert" in page
    assert "Frist zur Beantwortung der Nachforderung: bis 09.12.2026" in page
    assert f'<blockquote class="prose request-text">{ASKED}</blockquote>' in page
    assert re.search(
        r"<ul><li>Arbeitsvertrag der Integrationsmanagerin</li><li>Zeugnis des Studienabschlusses</li></ul>", page
    )
    # An empty answer is refused in German and the request stays in view.
    refused = auth.post(f"/antraege/{application_id}/aktionen/answer", {"message": ""})
    assert refused.status_code == 422
    assert "Bitte geben Sie Ihre Antwort ein." in refused.get_data(as_text=True)
    assert "Zeugnis des Studienabschlusses" in refused.get_data(as_text=True)

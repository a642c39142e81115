"""A manager's day: a person with consent, an Integrationsplan in three areas, its Fortschreibung with the
changes shown, older versions, drafts that keep what was typed, and the Word file to sign."""

from __future__ import annotations

import io
import re

from docx import Document
from sqlalchemy import select

from conftest import csrf_token_of
from counselling_steps import (
    MARKER,
    THREE_AREAS,
    add_person,
    client_id_of,
    person_form,
    plan_form,
    save_plan,
    tokens_of,
)
from workflow.counselling.models import PlanDraft
from workflow.db import db


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_a_person_needs_every_consent_point_and_keeps_what_was_typed(client, auth):
    auth.login("im.meersburg")
    response = add_person(client, person_form(consent_explained=["purpose"], consent_given_on=""))
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "alle Punkte erklärt" in text and "Ohne Einwilligung" in text
    assert f'value="Amal {MARKER}"' in text and f"Tochter {MARKER}" in text


def test_a_wrong_date_and_a_wrong_file_are_refused_in_german(client, auth):
    auth.login("im.meersburg")
    response = add_person(client, person_form(counselling_start="31.02.2026"))
    assert response.status_code == 422 and "kein Datum" in response.get_data(as_text=True)
    page = client.get("/beratung/personen/neu").get_data(as_text=True)
    response = client.post(
        "/beratung/personen/neu",
        content_type="multipart/form-data",
        data={
            **person_form(),
            "csrf_token": csrf_token_of(page),
            "consent_file": (io.BytesIO(b"MZ\x90\x00"), "virus.exe"),
        },
    )
    assert response.status_code == 422 and "keinen erlaubten Dateityp" in response.get_data(as_text=True)


def test_a_plan_is_written_updated_and_shows_what_changed(client, auth):
    auth.login("im.meersburg")
    client_id = client_id_of(add_person(client))
    assert save_plan(client, client_id, plan_form(THREE_AREAS)).status_code == 302
    page = client.get(f"/beratung/personen/{client_id}").get_data(as_text=True)
    assert "Fassung 1" in page and "Erste Fassung des Integrationsplans." in page
    for area in ("Sprache", "Arbeit und Ausbildung", "Wohnen"):
        assert area in page
    tokens = tokens_of(client, client_id)
    assert len(tokens) == 3
    updated = [{**goal, "token": token} for goal, token in zip(THREE_AREAS, tokens)]
    updated[0]["status"] = "reached"
    del updated[2]
    updated.append(
        {"area": "recognition", "goal": "Anerkennung Pflegeabschluss", "who": "service", "service": "RP Stuttgart"}
    )
    assert save_plan(client, client_id, plan_form(updated, language="B1")).status_code == 302
    page = client.get(f"/beratung/personen/{client_id}").get_data(as_text=True)
    assert "Fassung 2" in page
    assert "Ausgangslage geändert: Sprachkenntnisse Deutsch (Niveau)" in page
    assert "Ziel geändert – Sprache: Deutsch B1" in page and "„offen“ → „erreicht“" in page
    assert "Ziel entfernt – Wohnen: Eigene Wohnung" in page
    assert "Neues Ziel – Anerkennung ausländischer Qualifikationen: Anerkennung Pflegeabschluss" in page
    first = client.get(f"/beratung/personen/{client_id}/plan/1").get_data(as_text=True)
    assert "Eigene Wohnung" in first and "Anerkennung Pflegeabschluss" not in first
    assert client.get(f"/beratung/personen/{client_id}/plan/3").status_code == 404


def test_a_refused_plan_keeps_everything_typed_also_as_a_server_side_draft(app, client, auth):
    auth.login("im.meersburg")
    client_id = client_id_of(add_person(client))
    goals = [*THREE_AREAS, {"area": "work", "goal": "", "steps": f"Schritte ohne Ziel {MARKER}"}]
    response = save_plan(client, client_id, plan_form(goals, review_on="nächste Woche"))
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "„nächste Woche“ ist kein Datum" in text and "Bitte beschreiben Sie das Ziel." in text
    assert f"Schritte ohne Ziel {MARKER}" in text and f"Abitur {MARKER}" in text
    with app.app_context():
        assert db.session.scalar(select(PlanDraft.client_id)) == client_id
    # The next visit (say, after the session ran out) opens the draft, not the empty plan.
    page = client.get(f"/beratung/personen/{client_id}/plan").get_data(as_text=True)
    assert "Ihr Entwurf" in page and f"Schritte ohne Ziel {MARKER}" in page
    assert "Es gibt noch keinen Integrationsplan." in client.get(f"/beratung/personen/{client_id}").get_data(
        as_text=True
    )


def test_adding_a_goal_row_saves_nothing(client, auth):
    auth.login("im.meersburg")
    client_id = client_id_of(add_person(client))
    response = save_plan(client, client_id, {**plan_form(THREE_AREAS[:1]), "action": "add_goal"})
    assert response.status_code == 200 and 'name="goals-1-goal"' in response.get_data(as_text=True)
    assert "Es gibt noch keinen Integrationsplan." in client.get(f"/beratung/personen/{client_id}").get_data(
        as_text=True
    )


def test_the_word_file_addresses_the_person_and_carries_the_second_language(client, auth):
    auth.login("im.meersburg")
    client_id = client_id_of(add_person(client))
    save_plan(client, client_id, plan_form(THREE_AREAS))
    german = _docx_text(client.get(f"/beratung/personen/{client_id}/integrationsplan.docx").data)
    assert "Das ist Ihr Integrationsplan." in german and f"Amal {MARKER}" in german
    assert "Deutsch B1" in german and "Jobcenter" in german and "15.12.2026" in german
    assert "Your goals" not in german
    ukrainian = _docx_text(client.get(f"/beratung/personen/{client_id}/integrationsplan.docx?sprache=uk").data)
    assert "Ihre Ziele / Ваші цілі" in ukrainian and "Це ваш план інтеграції." in ukrainian
    english = _docx_text(client.get(f"/beratung/personen/{client_id}/integrationsplan.docx?sprache=en").data)
    assert "Ihre Ziele / Your goals" in english
    assert client.get(f"/beratung/personen/{client_id}/integrationsplan.docx?sprache=xx").status_code == 404


def test_the_word_file_escapes_what_was_typed(client, auth):
    auth.login("im.meersburg")
    client_id = client_id_of(add_person(client, person_form(name="A <b>&</b> B")))
    save_plan(client, client_id, plan_form([{"area": "work", "goal": "Ziel <w:p/> & mehr"}]))
    text = _docx_text(client.get(f"/beratung/personen/{client_id}/integrationsplan.docx").data)
    assert "A <b>&</b> B" in text and "Ziel <w:p/> & mehr" in text


def test_after_a_withdrawal_the_plan_is_no_longer_written(client, auth):
    auth.login("im.meersburg")
    client_id = client_id_of(add_person(client))
    url = f"/beratung/personen/{client_id}/stammdaten"
    page = client.get(url).get_data(as_text=True)
    response = client.post(
        url, data={**person_form(consent_withdrawn_on="20.11.2026"), "csrf_token": csrf_token_of(page)}
    )
    assert response.status_code == 302
    shown = client.get(f"/beratung/personen/{client_id}").get_data(as_text=True)
    assert "widerrufen" in shown and "Plan schreiben" not in shown
    assert client.get(f"/beratung/personen/{client_id}/plan").status_code == 403


def test_the_signed_consent_is_kept_and_downloadable(client, auth):
    auth.login("im.meersburg")
    client_id = client_id_of(add_person(client))
    response = client.get(f"/beratung/personen/{client_id}/einwilligung")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert re.search(r"attachment", response.headers["Content-Disposition"])

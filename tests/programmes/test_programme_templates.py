"""A new Word template for a programme: checked with the sample case before its version can be activated (an
unknown tag is named); the old version stays, the next letter uses the new template, older cases keep theirs."""

from __future__ import annotations

import io
import time
import zipfile

from sqlalchemy import select

from conftest import csrf_token_of
from factories import IM, fire, in_state
from http_steps import document_text
from sample_files import with_part
from settings_steps import activate, page_url, version_rows
from template_samples import template_with
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.models import AdminAuditEntry, Document
from workflow.operations.admin_audit import SECURITY_EVENT_LABELS

UPLOAD = f"{page_url()}/neue-vorlage"


def _upload(client, content: bytes, filename: str = "nachforderung_2027.docx", kind: str = "information_request"):
    page = client.get(UPLOAD).get_data(as_text=True)
    return client.post(
        UPLOAD,
        data={
            "csrf_token": csrf_token_of(page),
            "base_version": "1",
            "kind": kind,
            "note": "Neuer Hinweis zur Frist",
            "template": (io.BytesIO(content), filename),
        },
        content_type="multipart/form-data",
    )


def _request_information(app, application_id: int) -> Document:
    with app.app_context():
        fire(application_id, "request_information", "pruefung.sued", message="Bitte Arbeitsvertrag.", period_days="14")
        return db.session.scalars(
            select(Document).where(Document.application_id == application_id, Document.kind == "information_request")
        ).one()


def test_a_template_with_an_unknown_tag_is_refused_and_a_corrected_one_governs_the_next_letter(app, client, auth):
    older_case, _ = in_state(app, "in_review")
    auth.login("admin")
    refused = _upload(client, template_with("Hinweis: {{ unbekannter_platzhalter }}"))
    assert refused.status_code == 422
    assert "Unbekannter Platzhalter „unbekannter_platzhalter“." in refused.get_data(as_text=True)
    assert len(version_rows(app)) == 1
    accepted = _upload(client, template_with("Neu ab 2027: Fristverlängerung für {{ file_number }} auf Antrag."))
    assert accepted.status_code == 302
    assert [(number, active) for number, active, _ in version_rows(app)] == [(1, True), (2, False)]
    assert activate(client, 2).status_code == 302
    newer_case, _ = in_state(app, "in_review")
    new_letter = _request_information(app, newer_case)
    old_letter = _request_information(app, older_case)
    assert new_letter.template_name == "integrationsmanagement/nachforderung_2027.docx"
    assert (
        old_letter.template_name != new_letter.template_name
        and old_letter.template_sha256 != new_letter.template_sha256
    )
    auth.logout()
    auth.login("pruefung.sued")
    assert "Neu ab 2027: Fristverlängerung für" in document_text(client, new_letter.id)
    assert "Neu ab 2027" not in document_text(client, old_letter.id)
    with app.app_context():
        actions = db.session.scalars(
            select(AdminAuditEntry.action)
            .where(AdminAuditEntry.action.not_in(SECURITY_EVENT_LABELS))
            .order_by(AdminAuditEntry.id)
        ).all()
    assert actions == ["programme_version_created", "programme_version_activated"]


def test_a_file_that_is_no_word_template_is_refused_in_german(app, client, auth):
    auth.login("admin")
    not_docx = _upload(client, b"%PDF-1.7", filename="brief.pdf")
    assert not_docx.status_code == 422 and "Format .docx" in not_docx.get_data(as_text=True)
    broken = _upload(client, b"PK\x03\x04 kaputt", filename="brief.docx")
    assert broken.status_code == 422 and "lässt sich nicht lesen" in broken.get_data(as_text=True)
    same = _upload(client, definition_for(IM).templates.read("information_request"))
    assert same.status_code == 422 and "dieselbe" in same.get_data(as_text=True)
    assert len(version_rows(app)) == 1


def _information_request_with(name: str, content: bytes) -> bytes:
    return with_part(definition_for(IM).templates.read("information_request"), name, content)


def test_a_zip_bomb_is_refused_in_seconds_and_makes_no_version(app, client, auth):
    bomb = _information_request_with("word/media/bild.bin", bytes(150 * 1024 * 1024))
    assert len(bomb) < 400 * 1024  # a few hundred KB that unpack to 150 MB
    auth.login("admin")
    started = time.monotonic()
    refused = _upload(client, bomb)
    assert time.monotonic() - started < 5
    assert refused.status_code == 422
    assert "Die Word-Vorlage ist entpackt 150 MB groß; erlaubt sind höchstens 20 MB." in refused.get_data(as_text=True)
    assert len(version_rows(app)) == 1


def test_a_body_of_300000_empty_paragraphs_is_refused_before_it_is_rendered_on_the_page_and_in_the_check(
    app, client, auth, runner, tmp_path
):
    template = definition_for(IM).templates.read("information_request")
    body = zipfile.ZipFile(io.BytesIO(template)).read(
        "word/document.xml"
    )  # the shipped body, with 300,000 more paragraphs
    padded = _information_request_with(
        "word/document.xml", body.replace(b"<w:sectPr", b"<w:p/>" * 300_000 + b"<w:sectPr", 1)
    )
    assert len(padded) < 200 * 1024
    auth.login("admin")
    started = time.monotonic()
    refused = _upload(client, padded)
    assert time.monotonic() - started < 5
    assert refused.status_code == 422 and "ein Brief hat höchstens 1 MB" in refused.get_data(as_text=True)
    path = tmp_path / "vorlage.docx"
    path.write_bytes(padded)
    checked = runner.invoke(args=["programme", "check", IM, "--vorlage", f"information_request={path}"])
    assert checked.exit_code == 1 and "ein Brief hat höchstens 1 MB" in checked.output

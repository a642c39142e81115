"""Attachments: accepted by content, limited in size, stored with the case, served safely."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import select, text

from application_data import single_application
from conftest import csrf_token_of
from factories import in_state
from sample_files import PDF, PNG, with_part
from tampering import tampering
from workflow.db import db
from workflow.models import Attachment, AuditEntry
from workflow.uploads import UploadRefused, accept, safe_filename


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("vertrag.pdf", PDF, "application/pdf"),
        ("foto.png", PNG, "image/png"),
        (
            "stellenbeschreibung.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_allowed_types_are_recognised_by_content(name, content, expected):
    assert accept(name, content, 10_000).mimetype == expected


@pytest.mark.parametrize(
    "part, content, message",
    [
        ("word/media/bild.bin", bytes(101 * 1024 * 1024), "ist entpackt 101 MB groß; erlaubt sind höchstens 100 MB"),
        (
            "word/document.xml",
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><document>&e;</document>',
            "enthält eine Dokumenttyp-Definition (DOCTYPE)",
        ),
    ],
    ids=["zip bomb", "DOCTYPE"],
)
def test_a_word_attachment_that_unpacks_beyond_the_limit_or_carries_a_dtd_is_refused(part, content, message):
    with pytest.raises(UploadRefused, match=re.escape(message)):
        accept("stellenbeschreibung.docx", with_part(_docx(), part, content), 10 * 1024 * 1024)


def test_a_word_attachment_of_more_parts_than_any_document_has_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for number in range(5000):
            archive.writestr(f"word/media/bild{number}.png", b"")
    with pytest.raises(UploadRefused, match="besteht aus 5.002 Teilen; erlaubt sind höchstens 5.000"):
        accept("stellenbeschreibung.docx", buffer.getvalue(), 10 * 1024 * 1024)


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("rechnung.pdf", b"MZ\x90\x00 this is a windows program", "keinen erlaubten Dateityp"),
        ("bild.png", b"<html><script>alert(1)</script></html>", "keinen erlaubten Dateityp"),
        ("archiv.docx", b"PK\x03\x04 not really a zip", "keinen erlaubten Dateityp"),
        ("leer.pdf", b"", "ist leer"),
        ("gross.pdf", PDF + b"x" * 20_000, "größer als"),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content, reason):
    with pytest.raises(UploadRefused, match=reason):
        accept(name, content, 10_000)


def test_stored_names_are_safe_and_keep_the_detected_type():
    assert safe_filename('../../etc/passwd"; x=.exe', "pdf") == "etc_passwd_x.pdf"
    assert safe_filename("Arbeitsvertrag Müller.pdf.exe", "pdf") == "Arbeitsvertrag_Mueller.pdf.pdf"
    assert safe_filename("Übersicht.png", "png") == "Uebersicht.png"


def _upload(client, url, files, extra=None):
    token = csrf_token_of(client.get(url).get_data(as_text=True))
    data = {**single_application(), "csrf_token": token, "action": "upload", **(extra or {})}
    data["attachment"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(url, data=data, content_type="multipart/form-data")


def test_a_draft_keeps_its_typed_data_when_an_upload_is_refused(app, client, auth):
    auth.login("kommune.tettnang")
    response = _upload(
        client,
        "/programme/integrationsmanagement/antraege/neu",
        [("schadcode.pdf", b"MZ\x90")],
        {"contact_name": "Bleibt Erhalten"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "keinen erlaubten Dateityp" in page and 'value="Bleibt Erhalten"' in page
    with app.app_context():
        assert db.session.scalar(select(Attachment.id)) is None


def test_attachments_of_a_draft_are_listed_removable_and_become_evidence_on_submission(app, client, auth):
    auth.login("kommune.tettnang")
    response = _upload(
        client, "/programme/integrationsmanagement/antraege/neu", [("Vertrag Müller.pdf", PDF), ("Foto.png", PNG)]
    )
    assert response.status_code == 302
    application_id = int(re.search(r"/antraege/(\d+)/", response.headers["Location"]).group(1))
    edit_url = f"/antraege/{application_id}/bearbeiten"
    page = client.get(edit_url).get_data(as_text=True)
    assert "Vertrag_Mueller.pdf" in page and "Foto.png" in page
    with app.app_context():
        photo = db.session.scalars(select(Attachment).where(Attachment.filename == "Foto.png")).one()
    token = csrf_token_of(page)
    client.post(edit_url, data={**single_application(), "csrf_token": token, "remove_attachment": str(photo.id)})
    summary = client.get(f"/antraege/{application_id}/aktionen/submit").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', summary).group(1)
    submitted = client.post(
        f"/antraege/{application_id}/aktionen/submit",
        data={"confirm": "y", "revision": revision, "csrf_token": csrf_token_of(summary)},
    )
    assert submitted.status_code == 302
    with app.app_context():
        (attachment,) = db.session.scalars(select(Attachment).where(Attachment.application_id == application_id)).all()
        entry = db.session.get(AuditEntry, attachment.audit_entry_id)
        assert entry.transition == "submit"
        assert entry.details["attachments"] == [attachment.summary]


def _answer(client, application_id, message, files):
    url = f"/antraege/{application_id}/aktionen/answer"
    token = csrf_token_of(client.get(url).get_data(as_text=True))
    data = {
        "message": message,
        "csrf_token": token,
        "attachments": [(io.BytesIO(content), name) for name, content in files],
    }
    return client.post(url, data=data, content_type="multipart/form-data")


def test_an_answer_can_bring_attachments_that_appear_in_the_history(app, client, auth):
    application_id, clerk = in_state(app, "information_requested")
    auth.login(clerk)
    response = _answer(client, application_id, "Anbei der Vertrag.", [("Vertrag.pdf", PDF)])
    assert response.status_code == 302
    case = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Anlage: Vertrag.pdf" in case
    download = client.get(re.search(r'href="(/anlagen/\d+)"', case).group(1))
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download.headers["Content-Security-Policy"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_refused_file_in_an_answer_changes_nothing(app, client, auth):
    application_id, clerk = in_state(app, "information_requested")
    auth.login(clerk)
    response = _answer(client, application_id, "Anbei.", [("a.png", b"<svg onload=x>")])
    assert response.status_code == 422 and "keinen erlaubten Dateityp" in response.get_data(as_text=True)
    assert "Anbei." in response.get_data(as_text=True), "the typed answer is still there"
    with app.app_context():
        assert db.session.scalar(select(Attachment.id)) is None


def test_a_foreign_clerk_cannot_download_an_attachment(app, client, auth):
    application_id, clerk = in_state(app, "information_requested")
    auth.login(clerk)
    _answer(client, application_id, "x", [("v.pdf", PDF)])
    auth.logout()
    auth.login("kommune.meersburg")
    with app.app_context():
        attachment_id = db.session.scalar(select(Attachment.id))
    assert client.get(f"/anlagen/{attachment_id}").status_code == 404


def test_a_request_over_the_size_limit_gets_a_german_413(app, client, auth):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    auth.login("kommune.tettnang")
    response = _upload(client, "/programme/integrationsmanagement/antraege/neu", [("gross.pdf", PDF + b"x" * 4096)])
    assert response.status_code == 413 and "zu groß" in response.get_data(as_text=True)


def test_verify_finds_a_swapped_attachment(app, client, auth, runner):
    application_id, clerk = in_state(app, "information_requested")
    auth.login(clerk)
    _answer(client, application_id, "x", [("v.pdf", PDF)])
    assert runner.invoke(args=["verify"]).exit_code == 0
    with tampering(app) as connection:
        connection.execute(text("UPDATE attachment SET content = :content"), {"content": b"%PDF-anders"})
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 1 and "Anlage" in result.output

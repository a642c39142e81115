"""The audit dossier of a case and the PDF/A copies of its letters."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile

import pytest
from sqlalchemy import func, select

from factories import api_token, in_state
from workflow.db import db
from workflow.letters.dossier_check import verify_dossier
from workflow.letters.dossier_seal import trust_of
from workflow.models import AuditEntry, Document, DocumentPdf
from workflow.letters.pdf_copies import PdfUnavailable, convert_to_pdf

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) ist nicht installiert"
)


def _dossier(app, client, username="pruefung.sued", state="granted"):
    application_id, clerk = in_state(app, state)
    response = client.get(f"/api/v1/cases/{application_id}/dossier", headers=api_token(app, username))
    return application_id, clerk, response


def _rewritten(content: bytes, name: str, change) -> bytes:
    """The same ZIP with one member changed by ``change``."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for item in source.namelist():
            data = source.read(item)
            out.writestr(item, change(data) if item == name else data)
    return target.getvalue()


def test_the_dossier_holds_every_document_the_history_and_a_manifest_that_verifies(app, client, tmp_path):
    application_id, _, response = _dossier(app, client)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    with app.app_context():
        documents = db.session.scalar(
            select(func.count()).select_from(Document).where(Document.application_id == application_id)
        )
        entries = db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.application_id == application_id)
        )
    assert len([n for n in names if n.startswith("dokumente/")]) == documents
    assert {"verlauf.csv", "verlauf.json", "verlauf.html", "fristen.csv", "betraege.json", "manifest.json"} <= names
    history = json.loads(archive.read("verlauf.json"))
    assert len(history) == entries and history[-1]["schritt"]
    rows = archive.read("verlauf.csv").decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Zeitpunkt;Schritt") and len(rows) == entries + 1
    path = tmp_path / "akte.zip"
    path.write_bytes(response.data)
    assert verify_dossier(path, trust_of(app)).problems == []
    result = app.test_cli_runner().invoke(args=["verify", "--dossier", str(path)])
    assert result.exit_code == 0 and "unverändert" in result.output


def test_a_tampered_document_or_history_in_the_dossier_is_found(app, client, tmp_path):
    _, _, response = _dossier(app, client)
    document = next(n for n in zipfile.ZipFile(io.BytesIO(response.data)).namelist() if n.startswith("dokumente/"))
    swapped = tmp_path / "getauscht.zip"
    swapped.write_bytes(_rewritten(response.data, document, lambda data: data + b"x"))
    assert any(document in problem for problem in verify_dossier(swapped, trust_of(app)).problems)

    def forged_manifest(data: bytes) -> bytes:
        """The document swapped and its manifest line fixed: the chain still knows the original."""
        manifest = json.loads(data)
        manifest["dateien"][document] = hashlib.sha256(forged_document).hexdigest()
        return json.dumps(manifest).encode()

    forged_document = zipfile.ZipFile(io.BytesIO(response.data)).read(document) + b"x"
    both = _rewritten(
        _rewritten(response.data, document, lambda data: forged_document), "manifest.json", forged_manifest
    )
    forged = tmp_path / "gefaelscht.zip"
    forged.write_bytes(both)
    assert any("Verlaufskette" in problem for problem in verify_dossier(forged, trust_of(app)).problems)

    def changed_comment(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest["kette"][0]["comment"] = "nachträglich"
        return json.dumps(manifest).encode()

    rewritten = tmp_path / "kette.zip"
    rewritten.write_bytes(_rewritten(response.data, "manifest.json", changed_comment))
    # The signed manifest still has the entry as it was: the change is named.
    assert any(
        "Verlaufseintrag" in problem and "geändert" in problem
        for problem in verify_dossier(rewritten, trust_of(app)).problems
    )
    result = app.test_cli_runner().invoke(args=["verify", "--dossier", str(rewritten)])
    assert result.exit_code == 1


def test_the_dossier_is_for_the_authority_not_the_applicant(app, client, auth):
    application_id, clerk, _ = _dossier(app, client)
    refused = client.get(f"/api/v1/cases/{application_id}/dossier", headers=api_token(app, clerk))
    assert refused.status_code == 403 and refused.content_type == "application/problem+json"
    auth.login(clerk)
    assert "Prüfakte" not in client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert client.get(f"/dokumente/akte/{application_id}").status_code == 403
    auth.logout()
    auth.login("pruefung.sued")
    assert "Prüfakte herunterladen" in client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert client.get(f"/dokumente/akte/{application_id}").mimetype == "application/zip"


@needs_soffice
def test_a_letter_has_a_pdf_a_copy_made_once_and_kept(app, client):
    application_id, clerk = in_state(app, "granted")
    headers = api_token(app, clerk)
    letter = client.get(f"/api/v1/cases/{application_id}/documents", headers=headers).get_json()[-1]
    first = client.get(f"/api/v1/documents/{letter['id']}/pdf", headers=headers)
    assert first.status_code == 200 and first.data.startswith(b"%PDF") and b"pdfaid" in first.data
    second = client.get(f"/api/v1/documents/{letter['id']}/pdf", headers=headers)
    assert second.data == first.data
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DocumentPdf)) == 1
        assert db.session.get(Document, letter["id"]).sha256 == letter["sha256"]  # the Word file stays the original


def test_without_libreoffice_the_pdf_copy_is_refused_with_a_message(app, client, auth):
    application_id, clerk = in_state(app, "granted")
    app.config["SOFFICE"] = "soffice-gibt-es-nicht"
    headers = api_token(app, clerk)
    letter = client.get(f"/api/v1/cases/{application_id}/documents", headers=headers).get_json()[-1]
    refused = client.get(f"/api/v1/documents/{letter['id']}/pdf", headers=headers)
    assert refused.status_code == 503 and "LibreOffice" in refused.get_json()["detail"]
    auth.login(clerk)
    page = client.get(f"/dokumente/{letter['id']}/pdf")
    assert page.status_code == 503 and "LibreOffice" in page.get_data(as_text=True)
    with pytest.raises(PdfUnavailable):
        convert_to_pdf(b"PK", "soffice-gibt-es-nicht")


@needs_soffice
def test_the_scheduler_makes_the_pdf_copies_of_new_letters_once_and_the_page_serves_them(app, client, auth):
    from workflow.letters.pdf_copies import make_pending_copies

    application_id, _ = in_state(app, "granted")
    with app.app_context():
        letters = db.session.scalars(select(Document.id).where(Document.application_id == application_id)).all()
        first = make_pending_copies(db.session, app.config["SOFFICE"])
        again = make_pending_copies(db.session, app.config["SOFFICE"])
        copies = db.session.scalar(
            select(func.count()).select_from(DocumentPdf).where(DocumentPdf.document_id.in_(letters))
        )
        nothing = make_pending_copies(db.session, "kein-libreoffice-hier")
    assert first.made >= len(letters) >= 2 and not first.failed
    assert again.made == 0 and copies == len(letters)
    assert nothing.made == 0 and not nothing.anything_happened
    auth.login("pruefung.sued")
    response = client.get(f"/dokumente/{letters[0]}/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")

"""What a clerk types reaches the Word documents as text, never as markup."""

from __future__ import annotations

from io import BytesIO

import docx
from sqlalchemy import select

from application_data import position, single_application
from factories import draft, fire, revision
from workflow.db import db
from workflow.models import Document

HOSTILE = 'Müller & Söhne <b>fett</b> </w:t><w:t>"x"\x01\x0b Ende'
SHOWN = 'Müller & Söhne <b>fett</b> </w:t><w:t>"x" Ende'


def _text(content: bytes) -> str:
    document = docx.Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_hostile_input_typed_into_the_form_shows_as_text_in_every_letter(app):
    with app.app_context():
        data = single_application(contact_name=HOSTILE, **position(0, HOSTILE, provider=HOSTILE))
        application_id = draft("kommune.tettnang", data)
        fire(application_id, "submit", "kommune.tettnang", revision=revision(application_id))
        fire(application_id, "take", "pruefung.sued")
        fire(application_id, "request_information", "pruefung.sued", comment=HOSTILE, period_days=14)
        fire(application_id, "answer", "kommune.tettnang", comment=HOSTILE)
        fire(
            application_id,
            "propose_decision",
            "pruefung.sued",
            positions=[{"outcome": "refused", "reason": HOSTILE}],
            comment=HOSTILE,
        )
        fire(application_id, "sign_rejection", "zeichnung")
        documents = db.session.scalars(select(Document).where(Document.application_id == application_id)).all()
        assert {d.kind for d in documents} == {
            "application",
            "receipt",
            "information_request",
            "decision_proposal",
            "rejection_notice",
        }
        for document in documents:
            if document.kind == "receipt":
                continue  # the receipt quotes no free text
            assert SHOWN in _text(document.content), document.kind


def test_stored_documents_carry_their_hash_and_template(app):
    import hashlib

    with app.app_context():
        application_id = draft()
        fire(application_id, "submit", "kommune.tettnang", revision=revision(application_id))
        for document in db.session.scalars(select(Document).where(Document.application_id == application_id)):
            assert document.sha256 == hashlib.sha256(document.content).hexdigest()
            assert document.template_name.startswith("integrationsmanagement/")
            assert len(document.template_sha256) == 64
            assert document.audit_entry_id is not None and document.size == len(document.content)


def test_an_issued_document_describes_itself_not_its_template(app):
    with app.app_context():
        application_id = draft()
        fire(application_id, "submit", "kommune.tettnang", revision=revision(application_id))
        receipt = db.session.scalars(
            select(Document).where(Document.application_id == application_id, Document.kind == "receipt")
        ).one()
        properties = docx.Document(BytesIO(receipt.content)).core_properties
        file_number = receipt.application.file_number
        assert properties.title == f"Eingangsbestätigung {file_number}"
        assert properties.author == "Regierungspräsidium Stuttgart"
        assert properties.subject == "VwV Integrationsmanagement, Fassung 1"
        assert properties.keywords == "" and properties.comments == ""
        assert properties.created.replace(tzinfo=None) == receipt.created_at.replace(tzinfo=None, microsecond=0)

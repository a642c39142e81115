"""Downloading generated documents, their PDF copies, and a case's audit dossier."""

from __future__ import annotations

import hashlib
from io import BytesIO

from flask import Blueprint, abort, current_app, g
from flask import send_file

from workflow import permissions
from workflow.security.auth import login_required
from workflow.db import db
from workflow.letters.dossier import build_dossier, dossier_filename
from workflow.letters.waiver_declaration import waiver_declaration
from workflow.models import Document
from workflow.models.document import DOCX_MIMETYPE
from workflow import clock
from workflow.engine.programmes import workflow_of
from workflow.letters.pdf_copies import convert_to_pdf, pdf_copy, pdf_filename
from workflow.letters.step_letters import preview_step_letter
from workflow.views.shared import load_visible_application, stored_file

bp = Blueprint("documents", __name__, url_prefix="/dokumente")


def load_visible_document(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or not permissions.can_view_document(g.user, document):
        abort(404)
    return document


def document_download(document: Document):
    return stored_file(document.content, DOCX_MIMETYPE, document.filename, document.sha256)


def pdf_download(document: Document):
    """The PDF/A copy (made on first request); ``PdfUnavailable`` where LibreOffice is missing."""
    copy = pdf_copy(db.session, document, current_app.config["SOFFICE"])
    return stored_file(copy.content, "application/pdf", pdf_filename(document), copy.sha256)


def dossier_download(application_id: int):
    application = load_visible_application(db.session, application_id)
    if not permissions.can_download_dossier(g.user, application):
        abort(403)
    content = build_dossier(db.session, g.user, application)
    return stored_file(content, "application/zip", dossier_filename(application), hashlib.sha256(content).hexdigest())


@bp.get("/<int:document_id>")
@login_required
def download(document_id: int):
    return document_download(load_visible_document(document_id))


@bp.get("/<int:document_id>/pdf")
@login_required
def pdf(document_id: int):
    return pdf_download(load_visible_document(document_id))


@bp.get("/vorschau/<int:application_id>/<name>")
@login_required
def letter_preview(application_id: int, name: str):
    letter = _previewed_letter(application_id, name)
    return _preview(letter.content, DOCX_MIMETYPE, f"Vorschau_{letter.filename}")


@bp.get("/vorschau/<int:application_id>/<name>/pdf")
@login_required
def letter_preview_pdf(application_id: int, name: str):
    letter = _previewed_letter(application_id, name)
    content = convert_to_pdf(letter.content, current_app.config["SOFFICE"])
    return _preview(content, "application/pdf", "Vorschau_" + letter.filename.rsplit(".", 1)[0] + ".pdf")


def _previewed_letter(application_id: int, name: str):
    """The Bescheid the open proposal would issue if the step ``name`` were taken now: rendered like the issued one,
    for the authority only, stored nowhere."""
    application = load_visible_application(db.session, application_id)
    transition = workflow_of(application).transition(name)
    if (
        not permissions.can_preview_letter(g.user, application)
        or transition is None
        or not transition.documents
        or application.state not in transition.sources
    ):
        abort(404)
    letter = preview_step_letter(db.session, application, transition, g.user, clock.today())
    if letter is None:
        abort(404)
    return letter


def _preview(content: bytes, mimetype: str, filename: str):
    # Inline, so that the browser shows the PDF beside the signing page; never cached: the proposal may change.
    response = send_file(
        BytesIO(content),
        mimetype=mimetype,
        as_attachment=mimetype != "application/pdf",
        download_name=filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/akte/<int:application_id>")
@login_required
def dossier(application_id: int):
    return dossier_download(application_id)


@bp.get("/verzichtserklaerung/<int:application_id>")
@login_required
def waiver_form(application_id: int):
    """The form of the Rechtsbehelfsverzicht for the reader's own organisation, once the case is decided."""
    application = load_visible_application(db.session, application_id)
    organisation = g.user.organisation
    if application.signed_proposal is None or organisation not in application.parties:
        abort(404)
    content = waiver_declaration(application, organisation)
    filename = f"Verzichtserklaerung-{application.file_number}-{organisation.name}.docx".replace(" ", "_")
    return stored_file(content, DOCX_MIMETYPE, filename, hashlib.sha256(content).hexdigest())

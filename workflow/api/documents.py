"""Files through the API: a document, its PDF/A copy, and a case's audit dossier."""

from __future__ import annotations


from workflow.api.blueprint import api_blueprint
from workflow.views.documents import document_download, dossier_download, load_visible_document, pdf_download

bp = api_blueprint("api_documents", __name__, "Dokumente und Akten")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(mimetype: str) -> dict:
    return {"content": {mimetype: {"schema": {"type": "string", "format": "binary"}}}}


@bp.get("/documents/<int:document_id>")
@bp.doc(responses={"200": {"description": "Das Word-Dokument (Original)", **_file(DOCX)}})
def download_document(document_id: int):
    """Ein Dokument herunterladen (Word, das Original)"""
    return document_download(load_visible_document(document_id))


@bp.get("/documents/<int:document_id>/pdf")
@bp.doc(responses={"200": {"description": "PDF/A-Kopie", **_file("application/pdf")}})
def download_pdf(document_id: int):
    """Die PDF/A-Kopie eines Dokuments (beim ersten Abruf erstellt, danach gespeichert)"""
    return pdf_download(load_visible_document(document_id))


@bp.get("/cases/<int:application_id>/dossier")
@bp.doc(
    responses={
        "200": {"description": "ZIP mit Dokumenten, Anlagen, Verlauf, Fristen und Manifest", **_file("application/zip")}
    }
)
def download_dossier(application_id: int):
    """Die Prüfakte des Antrags als ZIP (für die Behörde und das Ministerium)"""
    return dossier_download(application_id)

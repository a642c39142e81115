"""PDF/A copies of generated Word documents, made by LibreOffice and kept.

The scheduler makes the copy of every new letter soon after it is issued
(``make_pending_copies``), so the person who opens the case finds it ready;
a letter older than the queue looks back, or one the queue has not reached
yet, is converted when first asked for. The Word file stays the original (its
SHA-256 is in the audit chain); the PDF is a copy with its own SHA-256. Where
LibreOffice is not installed the copy is refused with a message, never a crash.
"""

from __future__ import annotations

import hashlib
import os
import shutil

# LibreOffice runs with a fixed argument list, never through a shell.
import subprocess  # nosec B404
import tempfile

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow import clock
from workflow.models import Document, DocumentPdf

# PDF/A-2 (ISO 19005-2) through the Writer export filter's options.
PDF_A_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
CONVERSION_SECONDS = 120
# The scheduler converts the letters of the last days, a few per run: LibreOffice takes a second or two each.
QUEUE_LOOKS_BACK = timedelta(days=30)
QUEUE_BATCH = 20


class PdfUnavailable(Exception):
    """No PDF copy can be made here; the message says why, in German."""


def convert_to_pdf(content: bytes, soffice: str) -> bytes:
    executable = shutil.which(soffice)
    if executable is None:
        raise PdfUnavailable(
            "Auf diesem Server ist LibreOffice nicht installiert; eine PDF-Kopie kann nicht erstellt werden. "
            "Das Word-Dokument ist das Original und steht zum Herunterladen bereit."
        )
    with tempfile.TemporaryDirectory(prefix="foerderweg-pdf-") as work:
        source = os.path.join(work, "dokument.docx")
        with open(source, "wb") as handle:
            handle.write(content)
        # A profile of its own: parallel conversions must not share LibreOffice's user installation.
        command = [
            executable,
            "--headless",
            f"-env:UserInstallation=file://{work}/profil",
            "--convert-to",
            PDF_A_FILTER,
            "--outdir",
            work,
            source,
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERSION_SECONDS, check=False)  # nosec B603
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(
                "Die PDF-Kopie konnte nicht rechtzeitig erstellt werden. Bitte versuchen Sie es später erneut."
            ) from None
        target = os.path.join(work, "dokument.pdf")
        if not os.path.exists(target):
            raise PdfUnavailable("LibreOffice konnte keine PDF-Kopie erstellen. Das Word-Dokument bleibt das Original.")
        with open(target, "rb") as handle:
            return handle.read()


def pdf_copy(session: Session, document: Document, soffice: str) -> DocumentPdf:
    """The stored PDF copy of ``document``, made now if there is none yet."""
    stored = session.get(DocumentPdf, document.id)
    if stored is not None:
        return stored
    content = convert_to_pdf(document.content, soffice)
    copy = DocumentPdf(
        document_id=document.id,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        created_at=clock.now(),
        content=content,
    )
    session.add(copy)
    try:
        session.commit()
    except IntegrityError:  # made by a parallel request meanwhile: theirs is kept
        session.rollback()
        return session.get(DocumentPdf, document.id)
    return copy


@dataclass
class PdfQueueReport:
    made: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def anything_happened(self) -> bool:
        return bool(self.made or self.failed)

    def summary(self) -> str:
        return "\n".join([f"PDF-Kopien erstellt: {self.made}.", *(f"- {reason}" for reason in self.failed)])


def make_pending_copies(session: Session, soffice: str) -> PdfQueueReport:
    """The PDF copies of the newest letters that have none yet (a scheduler job); nothing where LibreOffice is missing."""
    report = PdfQueueReport()
    if shutil.which(soffice) is None:
        return report
    pending = session.scalars(
        select(Document.id)
        .where(
            Document.created_at >= clock.now() - QUEUE_LOOKS_BACK, Document.id.not_in(select(DocumentPdf.document_id))
        )
        .order_by(Document.id.desc())
        .limit(QUEUE_BATCH)
    ).all()
    for document_id in pending:
        try:
            pdf_copy(session, session.get(Document, document_id), soffice)
            report.made += 1
        except PdfUnavailable as problem:
            report.failed.append(f"Dokument {document_id}: {problem}")
        session.expunge_all()
    return report


def pdf_filename(document: Document) -> str:
    stem, _, _ = document.filename.rpartition(".")
    return (stem or document.filename) + ".pdf"

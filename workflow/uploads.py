"""Uploaded files: accepted by what they contain, not by what they are called."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from workflow.office_packages import UPLOAD_LIMITS, PackageRefused, open_package

ALLOWED_TYPES = "PDF, Word (.docx), Excel (.xlsx), PNG oder JPEG"


class UploadRefused(ValueError):
    """A file that must not be stored; the message says why, in German."""


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content: bytes
    mimetype: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


def _office_type(content: bytes) -> tuple[str, str] | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    return None


def sniff(content: bytes) -> tuple[str, str] | None:
    """(mimetype, extension) of an allowed file type, judged by its first bytes and structure."""
    if content.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return None


def safe_filename(name: str, extension: str | None = None) -> str:
    """A name safe in any header and file system: ASCII letters, digits, dot, dash, underscore.

    German umlauts are spelled out (Bestätigung → Bestaetigung) rather than dropped.
    """
    spelled = name.translate(
        str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
    )
    ascii_only = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_only).strip("._")[:120]
    if extension:
        stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", stem).rstrip("._-") or "anlage"
        return f"{stem}.{extension}"
    return stem or "dokument"


def accept(filename: str, content: bytes, max_bytes: int) -> UploadedFile:
    """The upload as it will be stored, or UploadRefused with the reason."""
    if not content:
        raise UploadRefused(f"Die Datei „{filename}“ ist leer.")
    if len(content) > max_bytes:
        raise UploadRefused(
            f"Die Datei „{filename}“ ist größer als {max_bytes // (1024 * 1024)} MB. Bitte verkleinern Sie sie."
        )
    detected = sniff(content)
    if detected is None:
        raise UploadRefused(f"Die Datei „{filename}“ hat keinen erlaubten Dateityp. Erlaubt sind {ALLOWED_TYPES}.")
    mimetype, extension = detected
    if extension in ("docx", "xlsx"):
        try:
            open_package(content, UPLOAD_LIMITS, f"Die Datei „{filename}“")
        except PackageRefused as refusal:
            raise UploadRefused(refusal.message) from None
    return UploadedFile(filename=safe_filename(filename, extension), content=content, mimetype=mimetype)

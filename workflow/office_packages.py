"""Word and Excel files are ZIP packages: their size unpacked, their number of parts and their XML are checked
before anything unpacks or parses them.

A zip bomb (185 KB that unpack to 150 MB) is refused from the sizes the archive declares – Python's zipfile
never unpacks a part beyond its declared size – and a DTD (``<!DOCTYPE``), which no Office program writes and
which is there only to define entities (XXE, billion laughs), is refused before a parser sees it.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from workflow.formatting import decimal_de

MB = 1024 * 1024
DOCTYPE = b"<!DOCTYPE"
_CHUNK = MB


@dataclass(frozen=True)
class PackageLimits:
    unpacked_bytes: int
    parts: int


# Every uploaded .docx or .xlsx (attachments, tables to import): generous for any real document.
UPLOAD_LIMITS = PackageLimits(unpacked_bytes=100 * MB, parts=5000)


class PackageRefused(ValueError):
    """The package must not be opened; ``message`` says why, in German."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_package(content: bytes, limits: PackageLimits, what: str) -> zipfile.ZipFile:
    """The archive of ``content`` (``what`` names it in messages: „Die Word-Vorlage“), within ``limits`` and
    without a DTD in any XML part; PackageRefused otherwise. No ZIP archive at all raises zipfile.BadZipFile,
    which the caller names in its own words (a table, a template, an attachment)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    members = archive.infolist()
    if len(members) > limits.parts:
        raise PackageRefused(
            f"{what} besteht aus {decimal_de(len(members), 0)} Teilen; erlaubt sind höchstens "
            f"{decimal_de(limits.parts, 0)}. So ist keine echte Office-Datei gebaut."
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.unpacked_bytes:
        raise PackageRefused(
            f"{what} ist entpackt {decimal_de(unpacked // MB, 0)} MB groß; erlaubt sind höchstens "
            f"{decimal_de(limits.unpacked_bytes // MB, 0)} MB. Bitte prüfen Sie, ob Sie die richtige "
            "Datei gewählt haben."
        )
    for member in members:
        if member.filename.endswith((".xml", ".rels")) and _has_doctype(archive, member):
            raise PackageRefused(
                f"{what} enthält eine Dokumenttyp-Definition (DOCTYPE) in „{member.filename}“, die "
                "Office-Programme nie schreiben. Bitte öffnen Sie die Datei und speichern Sie sie erneut."
            )
    return archive


def _has_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Read in chunks, so a large part is never held twice; a marker across two chunks is found too."""
    tail = b""
    try:
        with archive.open(member) as part:
            while chunk := part.read(_CHUNK):
                if DOCTYPE in tail + chunk:
                    return True
                tail = chunk[-len(DOCTYPE) :]
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
        raise PackageRefused(f"Der Teil „{member.filename}“ der Datei ist beschädigt.") from None
    return False

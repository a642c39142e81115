"""The smallest files that pass the upload checks, for the tests that attach, declare or sign something; and Office
packages changed part by part, for the tests of what is refused."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def with_part(package: bytes, name: str, content: bytes) -> bytes:
    """The Office package (a ZIP archive) with its part ``name`` replaced by ``content``, or added, compressed."""
    source = zipfile.ZipFile(io.BytesIO(package))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename != name:
                archive.writestr(member, source.read(member))
        archive.writestr(name, content)
    return target.getvalue()

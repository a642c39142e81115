"""The smallest files that pass the upload checks, for the tests that attach, declare or sign something."""
from __future__ import annotations

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

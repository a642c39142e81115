"""Where a user may be sent after login or after extending a session: only pages of this application."""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.exceptions import HTTPException

# Browsers drop tabs and line breaks from a URL and read a backslash as a slash
# (WHATWG URL standard), so "/\t/evil.example" would leave the site after a check
# that looked at the raw text: such a target is refused instead of cleaned.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


def local_target(target: Optional[str]) -> Optional[str]:
    """``target`` if it is a path (with query) that this application serves by GET, else None."""
    if not target or _UNSAFE.search(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    adapter = current_app.url_map.bind(request.host, script_name=request.script_root or None)
    try:
        adapter.match(parts.path, method="GET")
    except HTTPException:  # not found, not by GET, or a redirect of its own
        return None
    return target

"""Cursors for the API's lists: opaque to the client, a page of the web's own list queries underneath."""
from __future__ import annotations

import base64
import binascii

from flask_smorest import abort

from workflow.views import MAX_PAGE

_PREFIX = "seite:"


def encode_cursor(page: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{page}".encode("ascii")).decode("ascii").rstrip("=")


def page_of(cursor: str | None) -> int:
    """The page a cursor points to; a cursor this API did not hand out is refused (400)."""
    if cursor is None:
        return 1
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    number = text[len(_PREFIX):]
    if not text.startswith(_PREFIX) or not number.isdigit() or not 1 <= int(number) <= MAX_PAGE:
        abort(400, message="Der Cursor ist ungültig. Bitte verwenden Sie „next_cursor“ aus der vorigen Antwort.")
    return int(number)


def next_cursor(page: int, shown: int, size: int, total: int | None = None) -> str | None:
    more = shown == size if total is None else page * size < total
    return encode_cursor(page + 1) if more and page < MAX_PAGE else None

"""Cursors for the API's lists: opaque to the client, a page of the web's own list queries underneath."""

from __future__ import annotations

import base64
import binascii

from flask_smorest import abort

from workflow.views.pagination import Paged
from workflow.views.shared import MAX_PAGE

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
    number = text[len(_PREFIX) :]
    if not text.startswith(_PREFIX) or not number.isdigit() or not 1 <= int(number) <= MAX_PAGE:
        abort(400, message="Der Cursor ist ungültig. Bitte verwenden Sie „next_cursor“ aus der vorigen Antwort.")
    return int(number)


def page_answer(page: Paged) -> dict:
    """A page of one of the web's lists as the API answers it: its items, their total, the next page's cursor."""
    more = page.number * page.size < page.total and page.number < MAX_PAGE
    return {"items": page.items, "total": page.total, "next_cursor": encode_cursor(page.number + 1) if more else None}

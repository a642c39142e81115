"""Administrators change a programme's settings as a new, checked version and activate it; cases keep theirs."""
from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from conftest import csrf_token_of
from workflow.db import db
from workflow.models import ProgrammeVersion

PAGE = "/verwaltung/programme/integrationsmanagement"
NEW = f"{PAGE}/neue-fassung"


def text_of(page: str) -> str:
    """The page as it reads: tags removed, entities and no-break spaces resolved, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " "))


def form_values(page: str) -> dict[str, str]:
    """Every input and textarea of the new-version form as the browser would send it."""
    values = {name: html.unescape(value) for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)}
    values.update({name: html.unescape(value) for name, value in
                   re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\r?\n?(.*?)</textarea>', page, re.S)})
    return values


def test_smoke(app, client, auth):
    auth.login("admin")
    page = client.get(NEW).get_data(as_text=True)
    values = form_values(page)
    print(values)
    values.update(threshold="60.000,00", note="Änderung der VwV")
    response = client.post(NEW, data=values)
    print(response.status_code, text_of(response.get_data(as_text=True))[:3000])
    assert response.status_code == 302
    version = client.get(response.headers["Location"]).get_data(as_text=True)
    print(text_of(version))
    print(text_of(client.get(PAGE).get_data(as_text=True)))

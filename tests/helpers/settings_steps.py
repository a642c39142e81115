"""Steps on the administrator's programme settings pages, as a browser takes them (shared by the settings tests)."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from conftest import csrf_token_of
from workflow.db import db
from workflow.models import Programme, ProgrammeVersion


def page_url(code: str = "integrationsmanagement") -> str:
    return f"/verwaltung/programme/{code}"


def new_url(code: str = "integrationsmanagement") -> str:
    return f"{page_url(code)}/neue-fassung"


def version_url(number: int, code: str = "integrationsmanagement") -> str:
    return f"{page_url(code)}/fassungen/{number}"


def text_of(page: str) -> str:
    """The page as a sighted reader reads it: tags and screen-reader-only words removed, spaces collapsed."""
    page = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " ")).strip()


def form_values(page: str) -> dict[str, str]:
    """The new-version form's inputs and textareas as the browser would send them (buttons not pressed)."""
    form = next(part for part in page.split("<form")[1:] if 'name="base_version"' in part).split("</form>")[0]
    values = {
        name: html.unescape(value) for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
    }
    values.update(
        {
            name: html.unescape(value)
            for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\r?\n?(.*?)</textarea>', form, re.S)
        }
    )
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(
            r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', options
        )
        if chosen:
            values[name] = html.unescape(chosen.group(1) or chosen.group(2))
    return values


def post_new_version(client, code: str = "integrationsmanagement", **changes):
    """Open the form (pre-filled from the active version), change some inputs, send it."""
    values = form_values(client.get(new_url(code)).get_data(as_text=True))
    values.update(changes)
    return client.post(new_url(code), data=values)


def activate(client, number: int, code: str = "integrationsmanagement"):
    token = csrf_token_of(client.get(version_url(number, code)).get_data(as_text=True))
    return client.post(f"{version_url(number, code)}/aktivieren", data={"csrf_token": token})


def version_rows(app, code: str = "integrationsmanagement") -> list[tuple[int, bool, str]]:
    """(number, active, note) of every version of the programme."""
    with app.app_context():
        programme = db.session.scalars(select(Programme).where(Programme.code == code)).one()
        return [
            (v.number, v.is_active, v.note)
            for v in db.session.scalars(
                select(ProgrammeVersion)
                .where(ProgrammeVersion.programme_id == programme.id)
                .order_by(ProgrammeVersion.number)
            )
        ]

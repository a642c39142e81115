"""Steps of the account tests: the one-time link in a mail, setting a password through it, a new user by the form."""
from __future__ import annotations

import re
from urllib.parse import urlparse

from conftest import csrf_token_of
from sweeping import deliver, outbox_messages

LINK = re.compile(r"https?://\S+/passwort-setzen/\S+")
GOOD_PASSWORD = "Zwetschgenkuchen am Bodensee"  # 28 characters, on no breached list  # nosec B105


def link_path(message) -> str:
    """The path of the one-time link in a delivered mail."""
    match = LINK.search(message.get_body(("plain",)).get_content())
    assert match, "the mail carries no link"
    return urlparse(match.group(0)).path


def delivered_links(app, address: str) -> list[str]:
    """Deliver the queue into the outbox and return the links sent to ``address``, oldest first."""
    deliver(app)
    return [link_path(message) for message in outbox_messages(app) if address in message["To"]]


def set_password(client, path: str, password: str = GOOD_PASSWORD, repeated: str | None = None):
    page = client.get(path)
    if page.status_code != 200:
        return page
    return client.post(path, data={"password": password, "repeated": repeated if repeated is not None else password,
                                   "csrf_token": csrf_token_of(page.get_data(as_text=True))})


CLERK_FORM = {"username": "anna.berger", "full_name": "Anna Berger", "email": "anna.berger@meersburg.example",
              "job_title": "Integrationsbeauftragte", "roles": "clerk", "municipality_ags": "08435036", "authority": ""}


def create_user(auth, **changes):
    """POST the administration's form for a new user (logged in as an administrator)."""
    return auth.post("/verwaltung/benutzer/neu", {**CLERK_FORM, **changes})


def logged_in(client) -> bool:
    return client.get("/konto").status_code == 200

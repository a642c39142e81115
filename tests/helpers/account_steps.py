"""Steps of the account tests: the one-time link in a mail, setting a password through it, a new user by the form."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pyotp
from sqlalchemy import func, select

from conftest import csrf_token_of
from workflow.db import db
from workflow.models import AdminAuditEntry
from workflow.operations.admin_audit import SECURITY_EVENT_LABELS
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
    return client.post(
        path,
        data={
            "password": password,
            "repeated": repeated if repeated is not None else password,
            "csrf_token": csrf_token_of(page.get_data(as_text=True)),
        },
    )


CLERK_FORM = {
    "username": "anna.berger",
    "full_name": "Anna Berger",
    "email": "anna.berger@meersburg.example",
    "job_title": "Integrationsbeauftragte",
    "roles": "clerk",
    "municipality_ags": "08435036",
    "authority": "",
}


def create_user(auth, **changes):
    """POST the administration's form for a new user (logged in as an administrator)."""
    return auth.post("/verwaltung/benutzer/neu", {**CLERK_FORM, **changes})


def logged_in(client) -> bool:
    return client.get("/konto").status_code == 200


SECRET = re.compile(r'data-secret="([A-Z2-7]{32})"')
RECOVERY = re.compile(r'<code class="hash">([a-z2-9]{5}-[a-z2-9]{5})</code>')


def post_code(client, url: str, code: str):
    """POST a second-factor code to ``url`` (the login's second step or the enrolment)."""
    page = client.get(url)
    return client.post(url, data={"code": code, "csrf_token": csrf_token_of(page.get_data(as_text=True))})


def enrol_second_factor(client, clock) -> tuple[str, list[str]]:
    """Enrol the logged-in (or half logged-in) person; their TOTP secret and recovery codes."""
    page = client.get("/konto/zweiter-faktor").get_data(as_text=True)
    secret = SECRET.search(page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code
    done = post_code(client, "/konto/zweiter-faktor", pyotp.TOTP(secret).at(clock.now()))
    assert done.status_code == 200, done.get_data(as_text=True)[:2000]
    return secret, RECOVERY.findall(done.get_data(as_text=True))


def administrative_changes() -> int:
    """The entries of the administration's log that record a change (not a login or another security event)."""
    return db.session.scalar(
        select(func.count()).select_from(AdminAuditEntry).where(AdminAuditEntry.action.not_in(SECURITY_EVENT_LABELS))
    )

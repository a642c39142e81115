"""Steps of a case through the HTTP interface, as a browser would take them (shared by the path tests)."""

from __future__ import annotations

import re
from io import BytesIO

import docx
from sqlalchemy import select

from factories import consent_of_every_member
from workflow.db import db
from workflow.models import Document


def new_application(auth, client, data, programme: str = "integrationsmanagement") -> int:
    response = auth.post(f"/programme/{programme}/antraege/neu", {**data, "action": "review"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    match = re.search(r"/antraege/(\d+)/aktionen/submit", response.headers["Location"])
    assert match, response.headers["Location"]
    with client.application.app_context():
        consent_of_every_member(int(match.group(1)))  # the members' own clerks, as test_membership_requests shows
    return int(match.group(1))


def submit(auth, client, application_id: int):
    summary = client.get(f"/antraege/{application_id}/aktionen/submit")
    assert summary.status_code == 200
    revision = re.search(r'name="revision" value="(\d+)"', summary.get_data(as_text=True)).group(1)
    return auth.post(f"/antraege/{application_id}/aktionen/submit", {"confirm": "y", "revision": revision}), summary


def action(auth, application_id: int, name: str, data: dict | None = None):
    response = auth.post(f"/antraege/{application_id}/aktionen/{name}", data or {})
    assert response.status_code == 302, (name, response.status_code, response.get_data(as_text=True)[:3000])
    return response


def document_text(client, document_id: int) -> str:
    response = client.get(f"/dokumente/{document_id}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(BytesIO(response.data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def documents(app, application_id: int) -> dict[str, int]:
    """The id of each kind's original (a consortium member's own copy of a Bescheid comes after it)."""
    with app.app_context():
        rows = db.session.scalars(
            select(Document).where(Document.application_id == application_id).order_by(Document.id.desc())
        ).all()
        return {row.kind: row.id for row in rows}


def document_titles(app, application_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Document.title).where(Document.application_id == application_id).order_by(Document.id)
            )
        )

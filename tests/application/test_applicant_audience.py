"""Nothing internal reaches the applicant: a crawl with a planted marker over every page a lead or a member reaches.

While a proposal awaits signature, its amount, rulings, proposer and reasons are the authority's alone. The crawl
starts on the case page and on every action of the case's workflow (``/antraege/<id>/aktionen/<name>``, whether the
user may take it or not) and follows every link of the case it finds; no page may show the marker.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from application_data import consortium_application
from factories import fire, submitted
from workflow.db import db
from workflow.engine.programmes import workflow_of
from workflow.models import Application

MARKER = "INTERN-7Q3X"
_LINK = re.compile(r'href="(/[^"#?]*)')


def _proposed_consortium_case(app) -> int:
    """Meersburg's consortium, taken and proposed with the marker in the reasons and in a ruling's reason."""
    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application())
        fire(application_id, "take", "pruefung.sued")
        application = db.session.get(Application, application_id)
        rulings = [
            {"outcome": "refused", "reason": f"Vermerk {MARKER}: Stelle nicht belegt."} for _ in application.positions
        ]
        fire(application_id, "propose_decision", "pruefung.sued", positions=rulings, comment=f"Begründung {MARKER}")
        return application_id


def _crawl(client, start: list[str], prefix: str, limit: int = 150) -> dict[str, str]:
    """Each reached page of the case (GET only, HTML or JSON) and its text."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        kind = response.headers.get("Content-Type", "")
        seen[url] = response.get_data(as_text=True) if ("html" in kind or "json" in kind or "text" in kind) else ""
        for link in _LINK.findall(seen[url]):
            path = urlsplit(link).path
            if path.startswith(prefix) and path not in seen and "abmelden" not in path:
                queue.append(path)
    return seen


@pytest.mark.parametrize("username", ["kommune.meersburg", "kommune.hagnau"])
def test_no_page_an_applicant_reaches_shows_the_unsigned_proposal(app, client, auth, username):
    application_id = _proposed_consortium_case(app)
    with app.app_context():
        transitions = [t.name for t in workflow_of(db.session.get(Application, application_id)).transitions]
    prefix = f"/antraege/{application_id}"
    auth.login(username)
    pages = _crawl(client, [prefix] + [f"{prefix}/aktionen/{name}" for name in transitions], prefix)
    assert f"{prefix}/aktionen/withdraw" in pages
    leaking = sorted(url for url, text in pages.items() if MARKER in text)
    assert leaking == []
    withdraw = pages[f"{prefix}/aktionen/withdraw"]
    assert "Entscheidungsvorschlag" not in withdraw and "Vorgeschlagen von" not in withdraw


def test_the_reviewer_still_sees_the_proposal_on_an_action_page(app, client, auth):
    application_id = _proposed_consortium_case(app)
    auth.login("zeichnung")
    page = client.get(f"/antraege/{application_id}/aktionen/sign_rejection").get_data(as_text=True)
    assert MARKER in page and "Vorgeschlagen von" in page

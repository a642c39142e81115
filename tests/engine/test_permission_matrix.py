"""Role × state × action, for every installed programme: exactly the declared people may take each step;
every other POST changes nothing.

Integrationsmanagement runs the full matrix; every other programme (the VwV
Integrationsbeauftragte, the test programme Kulturförderung) runs it on the
states of ``REDUCED_STATES`` and each step once, to keep the suite's time sane.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from conftest import csrf_token_of
from factories import IM, PATHS, in_state
from sample_files import PDF
from workflow.db import db
from workflow.engine.programmes import all_definitions, definition_for
from workflow.models import Application, AuditEntry

CODES = [definition.code for definition in all_definitions()]
# Roles and steps, not the database: runs once, on SQLite (see tests/conftest.py).
pytestmark = pytest.mark.one_database
KULTUR = "kulturfoerderung"  # the test programme (tests/testprogramme), with a reviewer limited to it
PROGRAMME_REVIEWER = "pruefung.kultur"

APPLICANT = "applicant"  # the clerk of the case's own municipality
USERS = (
    APPLICANT,
    "kommune.meersburg",  # a clerk of another municipality
    "pruefung.sued",  # reviewer responsible for the Bodenseekreis
    "pruefung.nord",  # reviewer of other Kreise
    "zeichnung",  # approver
    "referatsleitung",  # reviewer and approver, did not propose
    "ministerium",
    "admin",
    PROGRAMME_REVIEWER,  # reviewer of every Kreis, limited to Kulturförderung: a stranger to other programmes' cases
)
STATES = ("draft", *PATHS)
REDUCED_STATES = ("draft", "information_requested", "decision_proposed", "granted")

# Written out by hand from the brief, not derived from the code under test.
ALLOWED = {
    ("draft", "submit", APPLICANT),
    ("submitted", "take", "pruefung.sued"),
    ("submitted", "take", "referatsleitung"),
    ("submitted", "withdraw", APPLICANT),
    ("in_review", "request_information", "pruefung.sued"),
    ("in_review", "request_information", "referatsleitung"),
    ("in_review", "propose_decision", "pruefung.sued"),
    ("in_review", "propose_decision", "referatsleitung"),
    ("in_review", "withdraw", APPLICANT),
    ("information_requested", "answer", APPLICANT),
    ("information_requested", "withdraw", APPLICANT),
    ("answered", "request_information", "pruefung.sued"),
    ("answered", "request_information", "referatsleitung"),
    ("answered", "propose_decision", "pruefung.sued"),
    ("answered", "propose_decision", "referatsleitung"),
    ("answered", "withdraw", APPLICANT),
    ("decision_proposed", "return_proposal", "zeichnung"),
    ("decision_proposed", "return_proposal", "referatsleitung"),
    ("decision_proposed", "sign_grant", "zeichnung"),
    ("decision_proposed", "sign_grant", "referatsleitung"),
    ("decision_proposed", "withdraw", APPLICANT),
    ("granted", "waive_remedies", APPLICANT),
    ("partially_granted", "waive_remedies", APPLICANT),
    # No waiver after a rejection; declare_waiver_* is a consortium member's (tests/application/test_waivers.py).
}
# Who may see a Tettnang case at all (others get 404, whatever they try).
SEES_SUBMITTED = {APPLICANT, "pruefung.sued", "zeichnung", "referatsleitung", "ministerium"}


def allowed(code: str) -> set[tuple[str, str, str]]:
    """ALLOWED, plus the programme's own reviewer where pruefung.sued may act."""
    if code != KULTUR:
        return ALLOWED
    return ALLOWED | {(state, name, PROGRAMME_REVIEWER) for state, name, who in ALLOWED if who == "pruefung.sued"}


def sees_submitted(code: str) -> set[str]:
    return SEES_SUBMITTED | {PROGRAMME_REVIEWER} if code == KULTUR else SEES_SUBMITTED


def states_of(code: str) -> tuple[str, ...]:
    return STATES if code == IM else REDUCED_STATES


def each_step_once(code: str) -> list[tuple[str, str, str, str]]:
    """(programme, state, step, user): every allowed one for Integrationsmanagement, each step once otherwise
    (by the programme's own reviewer where it has one)."""
    if code == IM:
        return [(code, *row) for row in sorted(ALLOWED)]
    chosen = {}
    for state, name, username in sorted(allowed(code), key=lambda row: (row[2] != PROGRAMME_REVIEWER, row)):
        chosen.setdefault(name, (code, state, name, username))
    return sorted(chosen.values())


STATE_CASES = [(code, state) for code in CODES for state in states_of(code)]
STEP_CASES = [row for code in CODES for row in each_step_once(code)]

PAYLOADS = {
    "submit": {"confirm": "y"},
    "request_information": {"message": "Bitte Unterlagen.", "period_days": "14"},
    "answer": {"message": "Anbei."},
    "propose_decision": {"rulings-0-outcome": "granted", "rulings-1-outcome": "granted", "reasons": ""},
    "return_proposal": {"comment": "Bitte prüfen."},
    "withdraw": {"confirm": "y"},
    "waive_remedies": {"confirm": "y", "declarant_name": "Dr. Maria Muster", "capacity": "mayor"},
    "declare_waiver_grant": {"confirm": "y", "declarant_name": "Dr. Maria Muster", "capacity": "mayor"},
    "declare_waiver_partial_grant": {"confirm": "y", "declarant_name": "Dr. Maria Muster", "capacity": "mayor"},
}
# Steps that take the signed declaration as an upload.
UPLOADS = {"waive_remedies", "declare_waiver_grant", "declare_waiver_partial_grant"}


def logged_in(app, username):
    """A test client logged in as ``username``, with its CSRF token."""
    client = app.test_client()
    page = client.get("/anmelden").get_data(as_text=True)
    client.post("/anmelden", data={"username": username, "password": "demo", "csrf_token": csrf_token_of(page)})
    return client, csrf_token_of(client.get("/barrierefreiheit").get_data(as_text=True))


class Clients(dict):
    """Logged-in test clients by username, each logged in on first use."""

    def __init__(self, app, applicant=None):
        super().__init__()
        self.app = app
        self.applicant = applicant

    def __missing__(self, username):
        self[username] = logged_in(self.app, self.applicant if username == APPLICANT else username)
        return self[username]


@pytest.fixture
def clients(app):
    return Clients(app)


def with_applicant(app, clients, clerk):
    """The same clients plus the case's own clerk as ``APPLICANT``."""
    users = Clients(app, clerk)
    users.update({name: client for name, client in clients.items() if name != APPLICANT})
    return users


def _expected_refusal(code: str, state: str, transition_name: str, username: str) -> int:
    visible = username == APPLICANT if state == "draft" else username in sees_submitted(code)
    if not visible:
        return 404
    if state not in definition_for(code).workflow.transition(transition_name).sources:
        return 409
    return 403


def _post(clients, username, application_id, name):
    client, token = clients[username]
    payload = dict(PAYLOADS.get(name, {}))
    if name == "submit":
        payload["revision"] = "1"  # a new draft's first revision
    if name in UPLOADS:
        payload["declaration"] = (io.BytesIO(PDF), "Erklaerung.pdf")
    return client.post(
        f"/antraege/{application_id}/aktionen/{name}",
        data={**payload, "csrf_token": token},
        content_type="multipart/form-data",
    )


def _snapshot(app, application_id):
    with app.app_context():
        application = db.session.get(Application, application_id)
        entries = db.session.scalar(select(func.count()).where(AuditEntry.application_id == application_id))
        return application.state, application.revision, application.granted_amount, entries


@pytest.mark.parametrize("code,state", STATE_CASES)
def test_only_the_declared_roles_may_take_each_step(app, clients, code, state):
    application_id, clerk = in_state(app, state, code=code)
    users = with_applicant(app, clients, clerk)
    before = _snapshot(app, application_id)
    for transition in definition_for(code).workflow.transitions:
        for username in USERS:
            if (state, transition.name, username) in allowed(code):
                continue
            response = _post(users, username, application_id, transition.name)
            expected = _expected_refusal(code, state, transition.name, username)
            assert response.status_code == expected, (code, state, transition.name, username, response.status_code)
    assert _snapshot(app, application_id) == before, f"a refused POST changed the {state} case"


@pytest.mark.parametrize("code,state,transition_name,username", STEP_CASES)
def test_each_declared_step_succeeds_for_its_role(app, clients, code, state, transition_name, username):
    application_id, clerk = in_state(app, state, code=code)
    response = _post(with_applicant(app, clients, clerk), username, application_id, transition_name)
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    assert _snapshot(app, application_id)[0] == definition_for(code).workflow.transition(transition_name).target


@pytest.mark.parametrize("code", CODES)
def test_the_proposer_may_not_sign_their_own_proposal(app, clients, code):
    application_id, _ = in_state(app, "in_review", code=code)
    client, token = clients["referatsleitung"]
    response = client.post(
        f"/antraege/{application_id}/aktionen/propose_decision",
        data={"rulings-0-outcome": "granted", "rulings-1-outcome": "granted", "csrf_token": token},
    )
    assert response.status_code == 302
    page = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Zeichnen und Bescheid erlassen" not in page
    assert _post(clients, "referatsleitung", application_id, "sign_grant").status_code == 403
    assert _snapshot(app, application_id)[0] == "decision_proposed"
    assert _post(clients, "zeichnung", application_id, "sign_grant").status_code == 302


@pytest.mark.parametrize("code", CODES)
def test_the_case_page_offers_exactly_the_allowed_steps(app, clients, code):
    for state in states_of(code):
        if state == "draft":
            continue
        application_id, clerk = in_state(app, state, code=code)
        users = with_applicant(app, clients, clerk)
        for username in sees_submitted(code):
            page = users[username][0].get(f"/antraege/{application_id}").get_data(as_text=True)
            for transition in definition_for(code).workflow.transitions:
                offered = f'/aktionen/{transition.name}"' in page
                expected = (state, transition.name, username) in allowed(code)
                assert offered == expected, (code, state, transition.name, username)

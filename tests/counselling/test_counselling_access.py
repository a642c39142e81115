"""The Integrationsplan is kept apart: only the counselling organisation reaches a person's data.

Every counselling route × every other role (staff, ministry, administrator, a manager of another
organisation, a colleague who is neither responsible nor deputy): 403 or 404, no side effect, and the
planted marker appears in no response of any GET page these users can reach.
"""

from __future__ import annotations

import io

import pytest
from flask import url_for
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from conftest import csrf_token_of
from counselling_steps import MARKER, planted_person
from sample_files import PDF
from workflow.counselling.models import AccessLogEntry, Client, PlanVersion
from workflow.db import db

OUTSIDERS = (
    "kommune.meersburg",
    "pruefung.sued",
    "pruefung.nord",
    "zeichnung",
    "referatsleitung",
    "ministerium",
    "admin",
    "im.tettnang",
    "im.meersburg2",
)
INSIDERS = ("im.meersburg", "im.leitung.meersburg")


def _counselling_routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("counselling.")]


def _url(app, rule, client_id):
    values = {"client_id": client_id, "number": 1}
    with app.test_request_context():
        return url_for(rule.endpoint, **{key: values[key] for key in rule.arguments})


def _state(app):
    """What an outsider must not change: persons, plans, and the log apart from its refusals."""
    with app.app_context():
        return (
            *(db.session.scalar(select(func.count()).select_from(model)) for model in (Client, PlanVersion)),
            db.session.scalar(select(func.count()).where(AccessLogEntry.action != "refused")),
        )


def _refusals(app, username: str) -> int:
    from factories import user

    with app.app_context():
        return db.session.scalar(
            select(func.count()).where(AccessLogEntry.action == "refused", AccessLogEntry.user_id == user(username).id)
        )


@pytest.mark.parametrize("username", OUTSIDERS)
def test_no_counselling_route_serves_a_person_to_anyone_outside_the_counselling(app, client, auth, username):
    client_id = planted_person(client, auth)
    before = _state(app)
    auth.login(username)
    token = csrf_token_of(client.get("/barrierefreiheit").get_data(as_text=True))
    tried = 0
    for rule in _counselling_routes(app):
        if "client_id" not in rule.arguments:  # the person's routes; the others need no person
            continue
        url = _url(app, rule, client_id)
        for method in sorted(rule.methods & {"GET", "POST"}):
            data = {
                "csrf_token": token,
                "confirm": f"Amal {MARKER}",
                "action": "save",
                "responsible": "1",
                "goals-0-goal": "x",
                "name": "x",
                "consent_file": (io.BytesIO(PDF), "e.pdf"),
            }
            response = (
                client.get(url) if method == "GET" else client.post(url, data=data, content_type="multipart/form-data")
            )
            tried += 1
            assert response.status_code in (403, 404), (username, method, url, response.status_code)
            assert MARKER.encode() not in response.data, (username, method, url)
    assert tried >= 12
    assert _state(app) == before, "an outsider's request changed something or was logged as access"
    assert _refusals(app, username) == tried, "every refused attempt is in the organisation's access log"


@pytest.mark.parametrize("username", OUTSIDERS)
def test_no_page_of_any_role_shows_the_marker(app, client, auth, username):
    """Every GET page without parameters (lists, overviews, exports, the anonymous figures) of every role."""
    planted_person(client, auth)
    auth.login(username)
    pages = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    ]
    assert len(pages) > 20
    for path in pages:
        response = client.get(path)
        assert response.status_code < 500, path
        assert MARKER.encode() not in response.data, (username, path)


def test_staff_roles_have_no_counselling_pages_at_all(client, auth):
    for username in ("pruefung.sued", "zeichnung", "ministerium", "admin", "kommune.meersburg"):
        auth.login(username)
        assert client.get("/beratung").status_code == 403
        assert client.get("/beratung/kennzahlen").status_code == 403
        assert client.get("/beratung/protokoll").status_code == 403
        auth.logout()


@pytest.mark.parametrize("username", INSIDERS)
def test_the_responsible_manager_and_the_lead_read_the_person(client, auth, username):
    client_id = planted_person(client, auth)
    auth.login(username)
    assert MARKER in client.get(f"/beratung/personen/{client_id}").get_data(as_text=True)
    assert MARKER in client.get("/beratung").get_data(as_text=True)


def _assign_as_lead(app, client, auth, client_id: int, responsible: str, deputies: list[str]):
    """The lead of Meersburg posts the assignment form (usernames turned into the ids the form offers)."""
    from factories import user

    auth.login("im.leitung.meersburg")
    page = client.get(f"/beratung/personen/{client_id}/zuordnung").get_data(as_text=True)
    with app.app_context():
        ids = {name: user(name).id for name in (responsible, *deputies)}
    return client.post(
        f"/beratung/personen/{client_id}/zuordnung",
        data={
            "csrf_token": csrf_token_of(page),
            "responsible": ids[responsible],
            "deputies": [ids[d] for d in deputies],
        },
    )


def test_a_deputy_reads_the_person_once_the_lead_assigned_them(app, client, auth):
    client_id = planted_person(client, auth)
    auth.login("im.meersburg2")
    assert client.get(f"/beratung/personen/{client_id}").status_code == 404
    auth.logout()
    response = _assign_as_lead(app, client, auth, client_id, "im.meersburg", ["im.meersburg2"])
    assert response.status_code == 302
    auth.logout()
    auth.login("im.meersburg2")
    assert MARKER in client.get(f"/beratung/personen/{client_id}").get_data(as_text=True)


def test_a_manager_cannot_assign_and_a_lead_cannot_assign_to_another_organisation(app, client, auth):
    client_id = planted_person(client, auth)
    auth.login("im.meersburg")
    assert client.get(f"/beratung/personen/{client_id}/zuordnung").status_code == 403
    auth.logout()
    response = _assign_as_lead(app, client, auth, client_id, "im.tettnang", [])
    assert response.status_code == 422 and "Keine gültige Auswahl" in response.get_data(as_text=True)


def test_every_read_and_export_is_logged_and_the_lead_sees_the_log(app, client, auth):
    client_id = planted_person(client, auth)
    auth.login("im.meersburg")
    client.get(f"/beratung/personen/{client_id}")
    client.get(f"/beratung/personen/{client_id}/integrationsplan.docx")
    client.get(f"/beratung/personen/{client_id}/auskunft")
    auth.logout()
    with app.app_context():
        actions = db.session.scalars(
            select(AccessLogEntry.action).where(AccessLogEntry.client_number == client_id)
        ).all()
    assert {"created", "plan_saved", "read", "word_export", "art15_export"} <= set(actions)
    auth.login("im.leitung.meersburg")
    log = client.get("/beratung/protokoll").get_data(as_text=True)
    assert "Integrationsplan als Word-Datei exportiert" in log and "Auskunft nach Art. 15" in log
    assert MARKER not in log


def test_the_visible_clients_filter_agrees_with_can_view_client(app, client, auth):
    planted_person(client, auth)
    planted_person(client, auth, "im.tettnang")
    with app.app_context():
        from factories import user
        from workflow import permissions

        clients = db.session.scalars(select(Client)).all()
        for username in (*OUTSIDERS, *INSIDERS):
            someone = user(username)
            listed = set(db.session.scalars(select(Client.id).where(permissions.visible_clients(someone))))
            assert listed == {c.id for c in clients if permissions.can_view_client(someone, c)}, username


def test_the_lead_links_each_manager_to_a_funded_position_of_the_organisation(app, client, auth):
    from application_data import consortium_application
    from factories import submitted, user
    from workflow.counselling.models import CounsellingStaff
    from workflow.models import Position

    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application())
        position_id = db.session.scalar(select(Position.id).where(Position.application_id == application_id))
        manager_id = user("im.meersburg").id
    auth.login("im.meersburg")
    assert client.get("/beratung/team").status_code == 403
    auth.logout()
    auth.login("im.leitung.meersburg")
    page = client.get("/beratung/team").get_data(as_text=True)
    assert f'<option value="{position_id}">' in page
    refused = client.post("/beratung/team", data={"csrf_token": csrf_token_of(page), f"stelle-{manager_id}": "999999"})
    assert refused.status_code == 422 and "Bitte wählen Sie eine Stelle aus der Liste." in refused.get_data(
        as_text=True
    )
    saved = client.post(
        "/beratung/team", data={"csrf_token": csrf_token_of(page), f"stelle-{manager_id}": str(position_id)}
    )
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(CounsellingStaff, manager_id).position_id == position_id


def test_the_lead_sees_who_was_refused_and_the_log_cannot_be_changed(app, client, auth):
    client_id = planted_person(client, auth)
    auth.login("im.tettnang")
    assert client.get(f"/beratung/personen/{client_id}").status_code == 404
    auth.logout()
    auth.login("im.leitung.meersburg")
    log = client.get("/beratung/protokoll").get_data(as_text=True)
    assert "Zugriff verweigert" in log
    with app.app_context(), db.engine.connect() as connection:
        for statement in ("UPDATE counselling_access_log SET action = 'read'", "DELETE FROM counselling_access_log"):
            with pytest.raises(DatabaseError), connection.begin():
                connection.execute(text(statement))


def test_a_draft_save_is_logged(app, client, auth):
    client_id = planted_person(client, auth)
    auth.login("im.meersburg")
    url = f"/beratung/personen/{client_id}/plan"
    page = client.get(url).get_data(as_text=True)
    assert (
        client.post(
            url, data={"csrf_token": csrf_token_of(page), "action": "draft", "situation_schooling": "Entwurf"}
        ).status_code
        == 302
    )
    with app.app_context():
        actions = db.session.scalars(
            select(AccessLogEntry.action).where(AccessLogEntry.client_number == client_id)
        ).all()
    assert actions[-1] == "draft_saved"


def test_the_erase_page_says_that_the_earlier_log_lines_stay(app, client, auth):
    client_id = planted_person(client, auth)
    auth.login("im.meersburg")
    url = f"/beratung/personen/{client_id}/loeschen"
    page = client.get(url).get_data(as_text=True)
    assert f"Die Einträge des Zugriffsprotokolls zu Person Nr. {client_id} bleiben" in page
    erased = client.post(
        url, data={"csrf_token": csrf_token_of(page), "confirm": f"Amal {MARKER}"}, follow_redirects=True
    )
    assert f"Das Zugriffsprotokoll behält seine Einträge zu Person Nr. {client_id}" in erased.get_data(as_text=True)

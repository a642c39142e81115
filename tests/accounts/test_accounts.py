"""Users administration: create with invitation, change, deactivate (never delete) with reassignment, history."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from flask import url_for

from account_steps import (
    CLERK_FORM,
    GOOD_PASSWORD,
    administrative_changes,
    create_user,
    delivered_links,
    logged_in,
    set_password,
)
from conftest import AuthActions, csrf_token_of
from factories import fire, in_state, user
from workflow.db import db
from workflow.models import AdminAuditEntry, Application, User


def _audit(app, action):
    with app.app_context():
        return db.session.scalars(select(AdminAuditEntry).where(AdminAuditEntry.action == action)).all()


def test_a_new_clerk_sets_a_password_through_the_invitation_and_logs_in(app, client, auth):
    auth.login("admin")
    response = create_user(auth)
    assert response.status_code == 302
    auth.logout()
    [path] = delivered_links(app, CLERK_FORM["email"])
    assert set_password(client, path).status_code == 302
    assert auth.login("anna.berger", GOOD_PASSWORD).status_code == 302
    assert "Meine Kommune" in client.get("/", follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        created = user("anna.berger")
        assert created.organisation.ags == "08435036" and created.last_login_at is not None
        assert created.job_title == "Integrationsbeauftragte"
    assert [e.summary for e in _audit(app, "user_created")] == ["Anna Berger (anna.berger) angelegt"]


def test_an_invitation_works_once_and_not_after_its_validity(app, client, auth, clock):
    auth.login("admin")
    create_user(auth)
    create_user(auth, username="bernd.kurz", email="bernd.kurz@hagnau.example", municipality_ags="08435018")
    auth.logout()
    [anna] = delivered_links(app, CLERK_FORM["email"])
    [bernd] = delivered_links(app, "bernd.kurz@hagnau.example")
    assert set_password(client, anna).status_code == 302
    assert set_password(client, anna, "Ein ganz anderes Passwort").status_code == 404
    clock.advance(seconds=app.config["INVITATION_VALID_FOR"].total_seconds())
    assert client.get(bernd).status_code == 404
    assert AuthActions(client).login("bernd.kurz", GOOD_PASSWORD).status_code == 401


def test_the_form_keeps_what_was_typed_and_names_the_problem(app, auth):
    auth.login("admin")
    response = create_user(auth, municipality_ags="08999999")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Eine Kommune mit dem Gemeindeschlüssel „08999999“ ist nicht bekannt." in page
    assert 'value="anna.berger@meersburg.example"' in page
    duplicate = create_user(auth, username="pruefung.sued")
    assert duplicate.status_code == 422 and "gibt es schon" in duplicate.get_data(as_text=True)
    reviewer_without_kreis = create_user(auth, roles="reviewer", authority="081", municipality_ags="")
    assert "mindestens einen Kreis" in reviewer_without_kreis.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "anna.berger")) is None
        assert administrative_changes() == 0


def test_a_change_is_audited_with_before_and_after_and_shown_in_the_history(app, client, auth):
    auth.login("admin")
    with app.app_context():
        target = user("pruefung.nord")
        user_id, kreise = target.id, [str(k) for k in sorted(target.kreis_ids)]
    form = {
        "username": "pruefung.nord",
        "full_name": "Katharina Vogt-Maier",
        "email": "k.vogt@rps.example",
        "roles": "reviewer",
        "authority": "081",
        "municipality_ags": "",
        "kreise": kreise,
        "job_title": "",
    }
    assert auth.post(f"/verwaltung/benutzer/{user_id}/bearbeiten", form).status_code == 302
    [entry] = _audit(app, "user_changed")
    assert entry.before == {"Name": "Katharina Vogt", "E-Mail": "pruefung.nord@demo.foerderweg.invalid"}
    assert entry.after == {"Name": "Katharina Vogt-Maier", "E-Mail": "k.vogt@rps.example"}
    page = client.get(f"/verwaltung/benutzer/{user_id}").get_data(as_text=True)
    assert "Katharina Vogt → Katharina Vogt-Maier" in page
    with app.app_context():  # the demo's addresses (.invalid) stay as they are when only something else changes
        demo_user = user("pruefung.sued")
        demo_id, demo_email, demo_kreise = demo_user.id, demo_user.email, [str(k) for k in sorted(demo_user.kreis_ids)]
    kept = {
        **form,
        "username": "pruefung.sued",
        "full_name": "Daniel Maier-Roth",
        "email": demo_email,
        "kreise": demo_kreise,
    }
    assert auth.post(f"/verwaltung/benutzer/{demo_id}/bearbeiten", kept).status_code == 302
    changed = auth.post(f"/verwaltung/benutzer/{demo_id}/bearbeiten", {**kept, "email": "neu@demo.foerderweg.invalid"})
    assert changed.status_code == 422 and "gültige E-Mail-Adresse" in changed.get_data(as_text=True)


def test_a_deactivated_user_cannot_log_in_and_their_sessions_end(app, client, auth):
    clerk = app.test_client()
    AuthActions(clerk).login("kommune.tettnang")
    assert logged_in(clerk)
    auth.login("admin")
    with app.app_context():
        user_id = user("kommune.tettnang").id
    assert auth.post(f"/verwaltung/benutzer/{user_id}/deaktivieren", {}).status_code == 302
    assert not logged_in(clerk)
    response = AuthActions(clerk).login("kommune.tettnang")
    assert response.status_code == 401
    with app.app_context():
        assert db.session.get(User, user_id) is not None  # kept, never deleted
    assert (
        auth.post(
            f"/verwaltung/benutzer/{user_id}/reaktivieren", {}, page=f"/verwaltung/benutzer/{user_id}"
        ).status_code
        == 302
    )
    assert AuthActions(clerk).login("kommune.tettnang").status_code == 302
    assert [e.action for e in _audit(app, "user_deactivated")] == ["user_deactivated"]


def test_deactivating_a_reviewer_with_open_cases_asks_who_takes_them_and_reassigns(app, auth):
    application_id, _ = in_state(app, "in_review")
    with app.app_context():
        reviewer = db.session.get(Application, application_id).reviewer
        reviewer_id, successor_id = reviewer.id, user("referatsleitung").id
        outsider_id = user("pruefung.nord").id
    auth.login("admin")
    url = f"/verwaltung/benutzer/{reviewer_id}/deaktivieren"
    asked = auth.post(url, {})
    assert asked.status_code == 422 and "Bitte wählen Sie, wer sie übernimmt." in asked.get_data(as_text=True)
    assert "Martin Schäfer" in asked.get_data(as_text=True) and "Katharina Vogt" not in asked.get_data(as_text=True)
    assert auth.post(url, {"successor": str(outsider_id)}).status_code == 422  # not responsible for the case
    assert auth.post(url, {"successor": str(successor_id)}).status_code == 302
    with app.app_context():
        case = db.session.get(Application, application_id)
        assert case.reviewer_id == successor_id
        assert not db.session.get(User, reviewer_id).active
    [entry] = _audit(app, "cases_reassigned")
    assert entry.after["Bearbeitung"] == "Martin Schäfer"
    with app.app_context():  # the successor works on the case
        fire(application_id, "request_information", "referatsleitung", message="Bitte Unterlagen.", period_days="14")
        assert db.session.get(Application, application_id).state == "information_requested"


def test_the_administration_audit_is_append_only(app, auth):
    auth.login("admin")
    create_user(auth)
    with app.app_context():
        for statement in ("UPDATE admin_audit_entry SET summary = 'x'", "DELETE FROM admin_audit_entry"):
            with pytest.raises(DatabaseError):
                db.session.execute(text(statement))
            db.session.rollback()
        assert administrative_changes() == 2  # created, invited


def test_the_audit_is_browsable_and_exports_as_csv_and_excel(app, client, auth):
    auth.login("admin")
    create_user(auth, full_name='=HYPERLINK("http://x")')
    page = client.get("/verwaltung/protokoll").get_data(as_text=True)
    assert "Benutzer angelegt" in page and "Einladung versandt" in page
    csv_text = client.get("/verwaltung/protokoll/export.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Nr.;Zeitpunkt;Durch;Aktion")
    created = [row for row in csv.reader(io.StringIO(csv_text), delimiter=";") if row[3] == "Benutzer angelegt"][0]
    assert created[5].startswith("'=HYPERLINK")  # a formula stays text
    workbook = load_workbook(io.BytesIO(client.get("/verwaltung/protokoll/export.xlsx").data))
    rows = list(workbook.active.values)
    assert rows[0][0] == "Nr." and [row[3] for row in rows[1:]] == [
        "Angemeldet",
        "Benutzer angelegt",
        "Einladung versandt",
    ]


# Blueprints (or single endpoints) that only the administration may use; every route of them is tried below.
ADMINISTRATION = ("users.", "invitations.", "admin_audit.", "mail_queue.", "second_factor.reset")


def _administration_urls(app, user_id: int) -> list[tuple[str, str]]:
    values = {"user_id": user_id, "mail_id": 1, "kind": "csv", "grant_id": 1}
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(ADMINISTRATION):
            with app.test_request_context():
                url = url_for(rule.endpoint, **{key: values[key] for key in rule.arguments})
            urls += [(method, url) for method in sorted(rule.methods & {"GET", "POST"})]
    return urls


@pytest.mark.parametrize(
    "username", ["kommune.tettnang", "pruefung.sued", "zeichnung", "referatsleitung", "ministerium"]
)
def test_only_administrators_reach_the_administration_of_users(app, client, auth, username):
    with app.app_context():
        target = user("kommune.meersburg").id
    auth.login(username)
    token = csrf_token_of(client.get("/konto").get_data(as_text=True))
    urls = _administration_urls(app, target)
    assert len(urls) >= 14
    for method, url in urls:
        response = client.get(url) if method == "GET" else client.post(url, data={**CLERK_FORM, "csrf_token": token})
        assert response.status_code == 403, (method, url, response.status_code)
    with app.app_context():
        assert db.session.get(User, target).active
        assert administrative_changes() == 0
        assert db.session.scalar(select(func.count()).select_from(User).where(User.username == "anna.berger")) == 0


def test_an_administrator_reaches_every_page_of_the_administration(app, client, auth):
    with app.app_context():
        target = user("kommune.meersburg").id
    auth.login("admin")
    for method, url in _administration_urls(app, target):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_the_first_administrator_of_a_fresh_installation_is_invited_from_the_command_line(app, client, runner):
    result = runner.invoke(args=["invite-admin", "erika.admin", "erika@rps.example", "Erika Mustermann"])
    assert result.exit_code == 0, result.output
    path = "/passwort-setzen/" + result.output.rsplit("/passwort-setzen/", 1)[1].strip()
    assert delivered_links(app, "erika@rps.example") == [path]
    assert set_password(client, path).status_code == 302
    assert AuthActions(client).login("erika.admin", GOOD_PASSWORD).status_code == 302
    assert client.get("/verwaltung/benutzer").status_code == 200
    again = runner.invoke(args=["invite-admin", "erika.admin", "e@rps.example", "Erika"])
    assert again.exit_code != 0 and "gibt es schon" in again.output
    [entry] = _audit(app, "user_created")
    assert entry.actor is None


def test_an_administrator_cannot_lock_themselves_out_nor_touch_the_system_user(app, auth):
    with app.app_context():
        own, system = user("admin").id, user("system").id
    auth.login("admin")
    form = {
        "username": "admin",
        "full_name": "Stefan Berger",
        "email": "admin@demo.example",
        "roles": "ministry",
        "authority": "08",
        "municipality_ags": "",
        "job_title": "",
    }
    response = auth.post(f"/verwaltung/benutzer/{own}/bearbeiten", form)
    assert response.status_code == 422 and "nicht selbst nehmen" in response.get_data(as_text=True)
    assert auth.post(f"/verwaltung/benutzer/{own}/deaktivieren", {}).status_code == 409
    with app.app_context():
        assert user("admin").has_role("admin") and user("admin").active
    assert auth.post(f"/verwaltung/benutzer/{system}/deaktivieren", {}, page="/verwaltung/benutzer").status_code == 404


def test_the_user_list_searches_names_in_any_case_and_takes_wildcards_literally(app, client, auth):
    auth.login("admin")
    found = client.get("/verwaltung/benutzer", query_string={"suche": "PRUEFUNG"}).get_data(as_text=True)
    assert "pruefung.sued" in found and "pruefung.nord" in found and "kommune.tettnang" not in found
    umlaut = client.get("/verwaltung/benutzer", query_string={"suche": "SCHÄFER"}).get_data(as_text=True)
    assert "referatsleitung" in umlaut
    for typed in ("pr%", "pruefung_sued"):
        page = client.get("/verwaltung/benutzer", query_string={"suche": typed}).get_data(as_text=True)
        assert "Keine Benutzer gefunden." in page, typed

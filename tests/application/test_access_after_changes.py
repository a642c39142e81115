"""A change of what a person is – roles, organisation, password – ends the sessions and API tokens they had:
nothing opened under the old role acts under the new one, and nobody skips the new role's second factor."""

from __future__ import annotations

from account_steps import GOOD_PASSWORD, delivered_links, logged_in, set_password
from conftest import PASSWORD, AuthActions, csrf_token_of
from factories import api_token, in_state, user
from workflow.db import db
from workflow.models import Application

CLERK = "kommune.tettnang"


def _grants_form(app, username: str, **changes) -> tuple[int, dict]:
    """The administration's edit form of ``username`` as it stands, with ``changes``."""
    with app.app_context():
        person = user(username)
        form = {
            "username": person.username,
            "full_name": person.full_name,
            "email": person.email,
            "job_title": person.job_title or "",
            "roles": [role.value for role in person.roles],
            "municipality_ags": person.organisation.ags if person.organisation else "",
            "authority": "",
            "kreise": [str(kreis) for kreis in sorted(person.kreis_ids)],
        }
        return person.id, {**form, **changes}


def _as_reviewer_of_the_south(app) -> dict:
    with app.app_context():
        kreise = [str(kreis) for kreis in sorted(user("pruefung.sued").kreis_ids)]
    return {"roles": "reviewer", "authority": "081", "municipality_ags": "", "kreise": kreise}


def _edit(app, username: str, **changes):
    admin = AuthActions(app.test_client())
    admin.login("admin")
    user_id, form = _grants_form(app, username, **changes)
    return admin.post(f"/verwaltung/benutzer/{user_id}/bearbeiten", form)


def _state(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).state


def test_a_clerk_made_reviewer_acts_neither_in_the_old_session_nor_with_the_old_token(app):
    application_id, _ = in_state(app, "submitted")
    old_browser = app.test_client()
    AuthActions(old_browser).login(CLERK)
    old_token = api_token(app, CLERK)
    take_page = f"/antraege/{application_id}/aktionen/take"
    token = csrf_token_of(old_browser.get("/kommune").get_data(as_text=True))

    changed = _edit(app, CLERK, **_as_reviewer_of_the_south(app))
    assert changed.status_code == 302

    assert not logged_in(old_browser)
    assert old_browser.post(take_page, data={"csrf_token": token}).status_code in (302, 400)
    assert (
        app.test_client()
        .post(f"/api/v1/cases/{application_id}/transitions/take", json={}, headers=old_token)
        .status_code
        == 401
    )
    assert _state(app, application_id) == "submitted"
    app.config["SECOND_FACTOR_ROLES"] = ("reviewer",)
    fresh = app.test_client()
    assert AuthActions(fresh).login(CLERK).headers["Location"].startswith("/anmelden/code")
    assert not logged_in(fresh), "the new role's second factor comes first"


def test_a_change_of_organisation_ends_the_old_session_too(app):
    browser = app.test_client()
    AuthActions(browser).login(CLERK)
    assert _edit(app, CLERK, municipality_ags="08435036").status_code == 302
    assert not logged_in(browser)


def test_a_change_of_name_leaves_sessions_and_tokens_as_they_are(app):
    browser = app.test_client()
    AuthActions(browser).login(CLERK)
    token = api_token(app, CLERK)
    assert _edit(app, CLERK, full_name="Maria Neumann-Keller").status_code == 302
    assert logged_in(browser)
    assert app.test_client().get("/api/v1/cases", headers=token).status_code == 200


def test_a_password_reset_ends_the_persons_tokens(app, client):
    token = api_token(app, "pruefung.sued")
    page = client.get("/passwort-vergessen").get_data(as_text=True)
    client.post(
        "/passwort-vergessen",
        data={"email": "pruefung.sued@demo.foerderweg.invalid", "csrf_token": csrf_token_of(page)},
    )
    [path] = delivered_links(app, "pruefung.sued@demo.foerderweg.invalid")
    assert set_password(client, path).status_code == 302
    assert app.test_client().get("/api/v1/cases", headers=token).status_code == 401


def test_changing_ones_own_password_ends_ones_tokens(app, client, auth):
    token = api_token(app, CLERK)
    auth.login(CLERK)
    changed = auth.post("/konto/passwort", {"current": PASSWORD, "password": GOOD_PASSWORD, "repeated": GOOD_PASSWORD})
    assert changed.status_code == 302, changed.get_data(as_text=True)[:2000]
    assert app.test_client().get("/api/v1/cases", headers=token).status_code == 401

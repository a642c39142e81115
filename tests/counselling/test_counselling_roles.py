"""Counselling roles are the organisation's to give: the administration alone never opens the persons counselled.

An administrator may ask for an organisation's first lead; it counts once a second administrator agrees, and the
municipality's clerks are told. The lead grants the roles inside the organisation and sees every grant.
"""

from __future__ import annotations

from sqlalchemy import select

from account_steps import CLERK_FORM, create_user
from conftest import PASSWORD, AuthActions, csrf_token_of
from factories import user
from sweeping import deliver, outbox_messages
from workflow.security.auth import hash_password
from workflow.db import db
from workflow.models import AdminAuditEntry, Role, RoleGrant
from workflow.operations.users import UserData, add_user
from workflow.models.organisation import LAND_AGS

MEERSBURG, TETTNANG = "08435036", "08435057"


def test_an_administrator_cannot_give_a_counselling_role_to_anyone(app, auth):
    auth.login("admin")
    manager = create_user(auth, roles="manager")
    assert manager.status_code == 422
    assert "vergibt die Leitung Integrationsmanagement der Organisation" in manager.get_data(as_text=True)
    second_lead = create_user(auth, roles="manager_lead", municipality_ags=MEERSBURG)
    assert second_lead.status_code == 409 and "hat eine Leitung" in second_lead.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(RoleGrant)) is None


def _second_person(app, username: str, full_name: str, role: Role, organisation_ags: str) -> None:
    """Another person who logs in with the demo password: the second of a four-eyes step."""
    with app.app_context():
        second = add_user(
            db.session,
            None,
            UserData(
                username=username,
                full_name=full_name,
                email=f"{username}@example.org",
                roles={role},
                organisation_ags=organisation_ags,
            ),
        )
        second.password_hash = hash_password(PASSWORD)
        db.session.commit()


def _approve(client, user_id: int, grant_id: int):
    token = csrf_token_of(client.get(f"/verwaltung/benutzer/{user_id}").get_data(as_text=True))
    return client.post(f"/verwaltung/benutzer/{user_id}/leitung/{grant_id}/zustimmen", data={"csrf_token": token})


def test_the_first_lead_needs_a_second_administrator_and_the_clerks_are_told(app, client, auth):
    _second_person(app, "admin.zwei", "Zweite Administratorin", Role.ADMIN, LAND_AGS)
    auth.login("admin")
    asked = create_user(auth, roles="manager_lead", municipality_ags=TETTNANG, email="leitung@tettnang.example")
    assert asked.status_code == 302
    with app.app_context():
        lead = user(CLERK_FORM["username"])
        grant = db.session.scalars(select(RoleGrant)).one()
        lead_id, grant_id = lead.id, grant.id
        assert not lead.has_role(Role.MANAGER_LEAD) and grant.pending
    assert "zweite Person der Verwaltung" in client.get(f"/verwaltung/benutzer/{lead_id}").get_data(as_text=True)
    own = _approve(client, lead_id, grant_id)
    assert own.status_code == 403 and "nie die, die beantragt hat" in own.get_data(as_text=True)
    auth.logout()
    AuthActions(client).login("admin.zwei")
    assert _approve(client, lead_id, grant_id).status_code == 302
    with app.app_context():
        assert user(CLERK_FORM["username"]).has_role(Role.MANAGER_LEAD)
        actions = db.session.scalars(
            select(AdminAuditEntry.action).where(AdminAuditEntry.subject_user_id == lead_id)
        ).all()
        clerk_address = user("kommune.tettnang").email
    assert {"first_lead_requested", "counselling_role_granted"} <= set(actions)
    deliver(app)
    [notice] = [m for m in outbox_messages(app) if clerk_address in m["To"]]
    body = notice.get_body(("plain",)).get_content()
    assert "Leitung Integrationsmanagement" in body and "Zweite Administratorin" in body


def test_the_lead_grants_roles_in_the_own_organisation_and_sees_every_grant(app, client, auth):
    with app.app_context():
        clerk_id, outsider_id = user("kommune.meersburg").id, user("im.tettnang").id
    auth.login("im.leitung.meersburg")
    page = client.get("/beratung/team").get_data(as_text=True)
    foreign = client.post(
        "/beratung/team/rollen", data={"csrf_token": csrf_token_of(page), "person": outsider_id, "role": "manager"}
    )
    assert foreign.status_code == 403 and "nur in der eigenen Organisation" in foreign.get_data(as_text=True)
    nonsense = client.post(
        "/beratung/team/rollen", data={"csrf_token": csrf_token_of(page), "person": clerk_id, "role": "admin"}
    )
    assert nonsense.status_code == 422 and "aus der Liste" in nonsense.get_data(as_text=True)
    granted = client.post(
        "/beratung/team/rollen", data={"csrf_token": csrf_token_of(page), "person": clerk_id, "role": "manager"}
    )
    assert granted.status_code == 302
    with app.app_context():
        assert user("kommune.meersburg").has_role(Role.MANAGER)
    listed = client.get("/beratung/team").get_data(as_text=True)
    assert "Vergebene Rollen" in listed and "Integrationsmanagement" in listed
    with app.app_context():
        assert user("kommune.meersburg").full_name in listed


def test_a_municipality_names_its_first_lead_with_two_of_its_clerks(app, client, auth):
    _second_person(app, "kommune.tettnang2", "Zweite Sachbearbeitung", Role.CLERK, TETTNANG)
    with app.app_context():
        manager_id = user("im.tettnang").id
    auth.login("kommune.tettnang")
    page = client.get("/beratung/leitung-bestimmen").get_data(as_text=True)
    assert (
        client.post(
            "/beratung/leitung-bestimmen", data={"csrf_token": csrf_token_of(page), "person": manager_id}
        ).status_code
        == 302
    )
    with app.app_context():
        grant_id = db.session.scalars(select(RoleGrant.id)).one()
    own = client.post(f"/beratung/leitung-bestimmen/{grant_id}/zustimmen", data={"csrf_token": csrf_token_of(page)})
    assert own.status_code == 403 and "nie die, die beantragt hat" in own.get_data(as_text=True)
    auth.logout()
    auth.login("admin")  # the administration is no second person of the municipality
    token = csrf_token_of(client.get("/barrierefreiheit").get_data(as_text=True))
    assert (
        client.post(f"/beratung/leitung-bestimmen/{grant_id}/zustimmen", data={"csrf_token": token}).status_code == 403
    )
    auth.logout()
    AuthActions(client).login("kommune.tettnang2")
    page = client.get("/beratung/leitung-bestimmen").get_data(as_text=True)
    assert (
        client.post(
            f"/beratung/leitung-bestimmen/{grant_id}/zustimmen", data={"csrf_token": csrf_token_of(page)}
        ).status_code
        == 302
    )
    with app.app_context():
        assert user("im.tettnang").has_role(Role.MANAGER_LEAD)
    auth.logout()
    auth.login("im.tettnang")
    assert "Sabine Gröner" in client.get("/beratung/team").get_data(as_text=True)  # the lead sees who proposed

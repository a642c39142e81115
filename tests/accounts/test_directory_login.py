"""Single sign-on against real servers: a pyop OpenID provider and Debian's slapd, both started by the tests.
Roles and Dienststelle come from the directory on every login; local passwords can be switched off per role."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from factories import user
from openid_provider import CLIENT_ID, CLIENT_SECRET, OpenIdProvider
from slapd_server import SUFFIX, Slapd, available
from workflow.db import db
from workflow.models import AdminAuditEntry, ExternalIdentity, LoginAttempt, Role, User
from workflow.security import oidc

CALLBACK = "http://localhost/anmelden/dienstkonto/zurueck"


def _login_through_provider(client, provider: OpenIdProvider, person: str):
    """The browser's way: to the provider, which knows the person, and back with the code."""
    provider.signed_in = person
    to_provider = client.get("/anmelden/dienstkonto")
    assert to_provider.status_code == 302
    asked = parse_qs(urlsplit(to_provider.location).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["nonce"] and asked["state"]
    back = requests.get(to_provider.location, allow_redirects=False, timeout=10, verify=provider.ca_file)
    assert back.status_code == 302 and back.headers["Location"].startswith(CALLBACK)
    return client.get(back.headers["Location"].removeprefix("http://localhost"))


def _directory_user(username: str):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def test_login_through_the_openid_provider_maps_roles_on_every_login_and_refuses_the_unmapped(
    app, client, auth, tmp_path, monkeypatch
):
    with OpenIdProvider(CALLBACK, tmp_path) as provider:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(provider.ca_file))
        app.config.update(
            OIDC_ISSUER=provider.issuer,
            OIDC_CLIENT_ID=CLIENT_ID,
            OIDC_CLIENT_SECRET=CLIENT_SECRET,
            OIDC_ROLE_MAP={"foerderweg-pruefung": "reviewer", "foerderweg-zeichnung": "approver"},
            SSO_ORGANISATION_MAP={"RP Tübingen": "084"},
            # The provider vouches for the second factor: Förderweg's own is not asked after it.
            SECOND_FACTOR_ROLES=("reviewer", "approver"),
        )
        oidc.init_app(app)
        provider.people["weber"] = {
            "sub": "7f3c-weber",
            "preferred_username": "p.weber",
            "name": "Petra Weber",
            "email": "weber@rpt.example",
            "roles": ["foerderweg-pruefung", "foerderweg-zeichnung", "kantine"],
            "organisation": "RP Tübingen",
        }
        assert "Mit Dienstkonto anmelden" in client.get("/anmelden").get_data(as_text=True)

        response = _login_through_provider(client, provider, "weber")
        assert response.status_code == 302 and response.location == "/"
        with app.app_context():
            weber = _directory_user("p.weber")
            assert weber.roles == {Role.REVIEWER, Role.APPROVER} and weber.organisation.ags == "084"
            identity = db.session.scalars(select(ExternalIdentity)).one()
            assert (identity.issuer, identity.subject, identity.user_id) == (provider.issuer, "7f3c-weber", weber.id)
        assert not client.get("/").location.startswith("/anmelden")
        auth.logout()
        forged = client.get("/anmelden/dienstkonto/zurueck?code=erfunden&state=erfunden")
        assert forged.status_code == 401 and "nicht gelungen" in forged.get_data(as_text=True)

        provider.people["weber"]["roles"] = ["foerderweg-pruefung"]
        assert _login_through_provider(client, provider, "weber").status_code == 302
        with app.app_context():
            assert _directory_user("p.weber").roles == {Role.REVIEWER}
            change = db.session.scalars(
                select(AdminAuditEntry).where(AdminAuditEntry.action == "directory_user_changed")
            ).one()
            assert "Zeichnungsbefugte RP" in change.before["Rollen"] and change.after["Rollen"] == "Sachbearbeitung RP"
            assert db.session.scalars(select(User.id).where(User.email == "weber@rpt.example")).all() == [weber.id]
        auth.logout()

        provider.people["fremd"] = {**provider.people["weber"], "sub": "9a1-fremd", "preferred_username": "fremd"}
        provider.people["weber"]["roles"] = provider.people["fremd"]["roles"] = ["kantine"]
        for person in ("fremd", "weber"):
            refused = _login_through_provider(client, provider, person)
            assert refused.status_code == 403
            assert "Ihr Dienstkonto hat keine Rolle in Förderweg" in refused.get_data(as_text=True)
        with app.app_context():
            assert _directory_user("fremd") is None and _directory_user("p.weber").roles == set()
        assert client.get("/").location.startswith("/anmelden")


def _ldif() -> str:
    people = [
        ("weber", "Petra Weber", "084", "geheim-weber"),
        ("kern", "Jonas Kern", "08435057", "geheim-kern"),
    ]
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Beispiel\ndc: example\n",
        f"dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: ou=groups,{SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n",
    ]
    for uid, name, office, password in people:
        entries.append(
            f"dn: uid={uid},ou=people,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\n"
            f"sn: {name.split()[-1]}\nmail: {uid}@example.org\nou: {office}\nuserPassword: {password}\n"
        )
    for group, member in (("foerderweg-pruefung", "weber"), ("foerderweg-kommune", "kern")):
        entries.append(
            f"dn: cn={group},ou=groups,{SUFFIX}\nobjectClass: groupOfNames\ncn: {group}\n"
            f"member: uid={member},ou=people,{SUFFIX}\n"
        )
    return "\n".join(entries)


@pytest.mark.skipif(not available(), reason="slapd fehlt: apt-get install slapd (CI installiert es)")
def test_login_through_slapd_maps_groups_and_local_passwords_are_refused_for_sso_only_roles(
    app, client, auth, tmp_path
):
    with Slapd(tmp_path / "slapd", _ldif()) as slapd:
        app.config.update(
            LDAP_URL=slapd.url,
            LDAP_START_TLS=False,  # plain ldap:// on localhost in the test only
            LDAP_BIND_TEMPLATE=f"uid={{username}},ou=people,{SUFFIX}",
            LDAP_USER_SEARCH_BASE=f"ou=people,{SUFFIX}",
            LDAP_GROUP_SEARCH_BASE=f"ou=groups,{SUFFIX}",
            LDAP_GROUP_ROLES={
                f"cn=foerderweg-pruefung,ou=groups,{SUFFIX}": "reviewer",
                f"cn=foerderweg-kommune,ou=groups,{SUFFIX}": "clerk",
            },
            SSO_ONLY_ROLES=("reviewer",),
        )
        assert auth.login("weber", "geheim-weber").location == "/"
        auth.logout()
        assert auth.login("kern", "geheim-kern").location == "/"
        auth.logout()
        with app.app_context():
            weber, kern = _directory_user("weber"), _directory_user("kern")
            assert weber.roles == {Role.REVIEWER} and weber.organisation.ags == "084"
            assert kern.roles == {Role.CLERK} and kern.organisation.name == "Tettnang"
            assert weber.full_name == "Petra Weber" and kern.email == "kern@example.org"

        wrong = auth.login("weber", "falsch")
        assert wrong.status_code == 401 and "Benutzername oder Passwort ist falsch." in wrong.get_data(as_text=True)
        with app.app_context():
            assert db.session.scalars(select(LoginAttempt.succeeded).where(LoginAttempt.username == "weber")).all() == [
                True,
                False,
            ]
            assert db.session.scalars(
                select(AdminAuditEntry.action).where(AdminAuditEntry.subject_user_id == weber.id)
            ).all()[-1:] == ["login_failed"]

        local = auth.login("pruefung.sued")
        assert local.status_code == 403 and "Mit Dienstkonto anmelden" in local.get_data(as_text=True)
        assert client.get("/").location.startswith("/anmelden")
        assert auth.login("kommune.tettnang").location == "/"
        with app.app_context():
            assert user("pruefung.sued").has_role(Role.REVIEWER)

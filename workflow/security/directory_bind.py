"""Login against the authority's LDAP or Active Directory: a simple bind as the person, then their entry and groups,
read with their own rights (no service account whose password would sit in the configuration)."""

from __future__ import annotations

from typing import Optional

import ldap3
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from workflow.operations.directory_logins import DirectoryProfile


class DirectoryUnavailable(Exception):
    """The directory did not answer: the person's password was neither accepted nor refused."""


def configured(config) -> bool:
    return bool(config.get("LDAP_URL"))


def _first(entry, attribute: str) -> str:
    values = entry["attributes"].get(attribute) or []
    values = [values] if isinstance(values, str) else values
    return str(values[0]) if values else ""


def authenticate(config, username: str, password: str) -> Optional[DirectoryProfile]:
    """The person, if the directory accepts the password; None if it refuses it."""
    username = username.strip()
    # An empty password is an anonymous bind, which "succeeds": it proves nothing.
    if not username or not password:
        return None
    # No schema read: memberOf (Active Directory, OpenLDAP's memberof overlay) is asked for where it may not exist.
    server = ldap3.Server(config["LDAP_URL"], get_info=ldap3.NONE, connect_timeout=config["LDAP_TIMEOUT_SECONDS"])
    connection = ldap3.Connection(
        server,
        user=config["LDAP_BIND_TEMPLATE"].format(username=escape_rdn(username)),
        password=password,
        receive_timeout=config["LDAP_TIMEOUT_SECONDS"],
        raise_exceptions=False,
    )
    try:
        connection.open()
        if config["LDAP_START_TLS"] and not config["LDAP_URL"].startswith("ldaps://"):
            connection.start_tls()
        if not connection.bind():
            return None
        return _profile(config, connection, username)
    except LDAPException as error:
        raise DirectoryUnavailable(str(error)) from None
    finally:
        connection.unbind()


def _profile(config, connection, username: str) -> Optional[DirectoryProfile]:
    organisation_attribute = config["LDAP_ORGANISATION_ATTRIBUTE"]
    connection.search(
        config["LDAP_USER_SEARCH_BASE"],
        config["LDAP_USER_FILTER"].format(username=escape_filter_chars(username)),
        attributes=["cn", "displayName", "mail", "memberOf", organisation_attribute],
    )
    entries = [entry for entry in connection.response if entry.get("type") == "searchResEntry"]
    if len(entries) != 1:
        return None
    entry = entries[0]
    groups = {str(value) for value in entry["attributes"].get("memberOf") or []}
    if config.get("LDAP_GROUP_SEARCH_BASE"):
        dn = escape_filter_chars(entry["dn"])
        connection.search(config["LDAP_GROUP_SEARCH_BASE"], f"(|(member={dn})(uniqueMember={dn}))", attributes=["cn"])
        groups |= {group["dn"] for group in connection.response if group.get("type") == "searchResEntry"}
    return DirectoryProfile(
        issuer=config["LDAP_URL"],
        # The entry's DN: stable in a directory organised by people (a rename is a new person to Förderweg).
        subject=entry["dn"],
        username=username,
        full_name=_first(entry, "displayName") or _first(entry, "cn"),
        email=_first(entry, "mail"),
        role_values=frozenset(groups),
        organisation_value=_first(entry, organisation_attribute) or None,
    )

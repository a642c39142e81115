"""People who log in through the authority's directory (OpenID provider or LDAP): provisioned on their first login,
their roles and organisation taken from the directory on every login.

The directory speaks only for the roles of the authorities and municipalities' clerks; the counselling roles stay
with the organisation's lead (``counselling_roles``), and the Kreise of a reviewer with the administration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow import clock
from workflow.models import ExternalIdentity, Organisation, Role, User, UserRole
from workflow.models.organisation import MUNICIPAL_KINDS
from workflow.models.user import NO_PASSWORD
from workflow.operations import admin_audit
from workflow.operations.logins import normalised_username
from workflow.operations.users import AUTHORITY_KINDS, MUNICIPAL_ROLES, snapshot

DIRECTORY_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.MINISTRY, Role.ADMIN})


@dataclass(frozen=True)
class DirectoryProfile:
    """What the directory says of a person who just proved who they are."""

    issuer: str
    subject: str
    username: str
    full_name: str
    email: str
    role_values: frozenset[str]  # the role claim's values, or the DNs of the person's groups
    organisation_value: Optional[str] = None


class DirectoryLoginRefused(Exception):
    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status


def mapped_roles(role_map: Mapping[str, str], values: Iterable[str]) -> set[Role]:
    """The Förderweg roles the directory's values stand for; values nobody mapped, and roles the directory may not
    grant, count for nothing."""
    lowered = {key.lower(): role for key, role in role_map.items()}
    roles = {Role(lowered[value.lower()]) for value in values if value.lower() in lowered}
    return roles & DIRECTORY_ROLES


def _organisation(session: Session, organisation_map: Mapping[str, str], value: Optional[str], roles: set[Role]):
    """The organisation the directory names (by a mapped value or its AGS), if it suits the roles."""
    if not value:
        return None
    ags = organisation_map.get(value, value)
    organisation = session.scalar(select(Organisation).where(Organisation.ags == ags))
    municipal = bool(roles & MUNICIPAL_ROLES)
    if organisation is None or organisation.kind not in (MUNICIPAL_KINDS if municipal else AUTHORITY_KINDS):
        raise DirectoryLoginRefused(
            f"Ihre Dienststelle „{value}“ ist in Förderweg nicht bekannt. Bitte wenden Sie sich an die Administration."
        )
    return organisation


def _free_username(session: Session, wanted: str) -> str:
    base = normalised_username(wanted)[:70] or "dienstkonto"
    name, number = base, 1
    while session.scalar(select(User.id).where(func.lower(User.username) == name)) is not None:
        number += 1
        name = f"{base}-{number}"
    return name


def _provision(session: Session, profile: DirectoryProfile, roles: set[Role], organisation) -> User:
    if organisation is None:
        raise DirectoryLoginRefused(
            "Ihr Dienstkonto nennt keine Dienststelle. Bitte wenden Sie sich an die Administration."
        )
    # No local password: the directory vouches for the person (a password can still be set through a reset link,
    # unless ``SSO_ONLY_ROLES`` refuses it).
    user = User(
        username=_free_username(session, profile.username),
        full_name=profile.full_name or profile.username,
        email=profile.email,
        password_hash=NO_PASSWORD,
        organisation=organisation,
        active=True,
        created_at=clock.now(),
        role_rows=[UserRole(role=role) for role in sorted(roles)],
    )
    session.add(user)
    session.add(ExternalIdentity(issuer=profile.issuer, subject=profile.subject, user=user, created_at=clock.now()))
    session.flush()
    admin_audit.record(
        session,
        user,
        "directory_user_created",
        f"{user.full_name} ({user.username}) bei der ersten Anmeldung über {profile.issuer} angelegt",
        subject=user,
        after={key: value for key, value in snapshot(user).items() if value},
    )
    return user


def _synchronise(session: Session, user: User, roles: set[Role], organisation, issuer: str) -> None:
    """The directory's roles replace those it manages (a role taken away there is taken away here)."""
    before = snapshot(user)
    kept = user.roles - DIRECTORY_ROLES
    if user.roles != kept | roles:
        user.role_rows = [row for row in user.role_rows if row.role in kept | roles] + [
            UserRole(role=role) for role in sorted(roles - user.roles)
        ]
    if organisation is not None and organisation.id != user.organisation_id:
        user.organisation = organisation
    changed_before, changed_after = admin_audit.changed_fields(before, snapshot(user))
    if changed_after:
        admin_audit.record(
            session,
            user,
            "directory_user_changed",
            f"Rollen und Dienststelle von {user.full_name} aus {issuer} übernommen",
            subject=user,
            before=changed_before,
            after=changed_after,
        )


def user_for(
    session: Session, profile: DirectoryProfile, role_map: Mapping[str, str], organisation_map: Mapping[str, str]
) -> User:
    """The person the directory vouched for, with its roles today; committed. Refused (and nothing granted) for
    someone without a mapped role, with an unknown Dienststelle, or whose account here is deactivated."""
    roles = mapped_roles(role_map, profile.role_values)
    identity = session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.issuer == profile.issuer, ExternalIdentity.subject == profile.subject
        )
    )
    organisation = _organisation(session, organisation_map, profile.organisation_value, roles) if roles else None
    if identity is None:
        if not roles:
            raise DirectoryLoginRefused(_NO_ROLE)
        user = _provision(session, profile, roles, organisation)
    else:
        user = identity.user
        if not user.active:
            raise DirectoryLoginRefused("Ihr Benutzerkonto in Förderweg ist deaktiviert.")
        _synchronise(session, user, roles, organisation, profile.issuer)
    session.commit()
    if not user.roles:
        raise DirectoryLoginRefused(_NO_ROLE)
    return user


_NO_ROLE = (
    "Ihr Dienstkonto hat keine Rolle in Förderweg. Bitte wenden Sie sich an die Administration Ihrer Behörde, "
    "wenn Sie Zugang brauchen."
)

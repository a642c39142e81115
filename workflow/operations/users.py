"""Creating, changing, deactivating and reactivating users; never deleting them (the audits refer to them).

Every change writes an entry of the administration's audit in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.engine.programmes import undecided_states
from workflow.models import (
    AccountToken,
    ApiToken,
    Application,
    LoginSession,
    Organisation,
    Programme,
    Role,
    User,
    UserRole,
)
from workflow.models.organisation import MUNICIPAL_KINDS, KREIS_KINDS, OrganisationKind
from workflow.models.user import NO_PASSWORD, ROLE_LABELS, with_grants
from workflow.operations import admin_audit, counselling_roles
from workflow.operations.logins import normalised_username

AUTHORITY_KINDS = (OrganisationKind.LAND, OrganisationKind.REGIERUNGSBEZIRK)
ASSIGNABLE_ROLES = (
    Role.CLERK,
    Role.MANAGER,
    Role.MANAGER_LEAD,
    Role.REVIEWER,
    Role.APPROVER,
    Role.MINISTRY,
    Role.ADMIN,
)
# Roles of people who work for a municipality (organisation by its AGS); the others work for the Land or an RP.
MUNICIPAL_ROLES = frozenset({Role.CLERK, Role.MANAGER, Role.MANAGER_LEAD})


def works_for_municipality(roles) -> bool:
    return bool(MUNICIPAL_ROLES.intersection(roles))


class UserRefused(Exception):
    """Nothing was changed; ``field`` names the form field the message belongs to, if any."""

    def __init__(self, message: str, field: Optional[str] = None, status: int = 422):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


@dataclass
class UserData:
    username: str
    full_name: str
    email: str
    roles: set[Role]
    organisation_ags: str  # a Gemeinde's 8 digits for clerks; the Land (08) or a Regierungsbezirk (081 …) for staff
    kreis_ids: set[int] = field(default_factory=set)
    programme_ids: set[int] = field(default_factory=set)
    job_title: str = ""
    phone: str = ""


def snapshot(user: User) -> dict:
    """What an audit entry shows of a user: names, not ids, so that it reads without the database."""
    return {
        "Benutzername": user.username,
        "Name": user.full_name,
        "E-Mail": user.email,
        "Funktion": user.job_title or "",
        "Telefon": user.phone or "",
        "Rollen": ", ".join(user.role_labels),
        "Organisation": user.organisation.name if user.organisation else "",
        "Kreise": ", ".join(sorted(kreis.name for kreis in user.kreise)),
        "Programme": ", ".join(sorted(programme.name for programme in user.programmes)) or "alle",
        "Aktiv": "ja" if user.active else "nein",
    }


def _checked(session: Session, data: UserData, user: Optional[User]) -> tuple[Organisation, list, list]:
    username = normalised_username(data.username)
    if not username or not data.full_name.strip():
        raise UserRefused("Benutzername und Name sind Pflichtangaben.", "username")
    clash = session.scalar(select(User.id).where(func.lower(User.username) == username))
    if clash is not None and (user is None or clash != user.id):
        raise UserRefused(f"Den Benutzernamen „{username}“ gibt es schon.", "username")
    if not data.roles or not data.roles <= set(ASSIGNABLE_ROLES):
        raise UserRefused("Bitte wählen Sie mindestens eine Rolle.", "roles")
    municipal = works_for_municipality(data.roles)
    if municipal and not data.roles <= MUNICIPAL_ROLES:
        raise UserRefused("Die Rollen einer Kommune lassen sich mit keiner Rolle der Behörden verbinden.", "roles")
    ags = (data.organisation_ags or "").strip()
    organisation = session.scalar(select(Organisation).where(Organisation.ags == ags)) if ags else None
    kinds = MUNICIPAL_KINDS if municipal else AUTHORITY_KINDS
    if organisation is None or organisation.kind not in kinds:
        if municipal:
            raise UserRefused(f"Eine Kommune mit dem Gemeindeschlüssel „{ags}“ ist nicht bekannt.", "municipality_ags")
        raise UserRefused("Bitte wählen Sie als Behörde das Land oder ein Regierungspräsidium.", "authority")
    kreise = (
        list(
            session.scalars(
                select(Organisation).where(Organisation.id.in_(data.kreis_ids), Organisation.kind.in_(KREIS_KINDS))
            )
        )
        if data.kreis_ids
        else []
    )
    if Role.REVIEWER in data.roles and not kreise:
        raise UserRefused("Eine Prüfung braucht mindestens einen Kreis, für den sie zuständig ist.", "kreise")
    staff = data.roles & {Role.REVIEWER, Role.APPROVER}
    programmes = (
        list(session.scalars(select(Programme).where(Programme.id.in_(data.programme_ids))))
        if staff and data.programme_ids
        else []
    )
    return organisation, (kreise if Role.REVIEWER in data.roles else []), programmes


def _apply(user: User, data: UserData, organisation, kreise, programmes) -> None:
    user.username = normalised_username(data.username)
    user.full_name = data.full_name.strip()
    user.email = data.email.strip()
    user.job_title = data.job_title.strip() or None
    user.phone = data.phone.strip() or None
    user.organisation = organisation
    current = user.roles
    user.role_rows = [row for row in user.role_rows if row.role in data.roles] + [
        UserRole(role=role) for role in sorted(data.roles - current)
    ]
    user.kreise = kreise
    user.programmes = programmes


def _counselling_roles_asked(actor: Optional[User], user: Optional[User], data: UserData) -> set[Role]:
    """The counselling roles an administrator adds: never granted here (``counselling_roles``). The command line
    (no actor: the operator installing) is not asked."""
    asked = (data.roles & counselling_roles.COUNSELLING_ROLES) - (user.roles if user else set())
    if actor is None or not asked:
        return set()
    if Role.MANAGER in asked:
        raise UserRefused(
            "Die Rolle Integrationsmanagement vergibt die Leitung Integrationsmanagement der "
            "Organisation, nicht die Verwaltung.",
            "roles",
        )
    return asked


def _ask_for_first_lead(session: Session, actor: User, user: User, organisation) -> None:
    try:
        counselling_roles.request_first_lead(session, actor, user, organisation)
    except counselling_roles.GrantRefused as refused:
        raise UserRefused(refused.message, "roles", refused.status) from None


def add_user(session: Session, actor: Optional[User], data: UserData) -> User:
    """A new user without a password (they set one through their invitation), in the caller's transaction.

    Not flushed: an import adds a thousand at once and writes them in one flush at its commit.
    """
    organisation, kreise, programmes = _checked(session, data, None)
    asked = _counselling_roles_asked(actor, None, data)
    user = User(password_hash=NO_PASSWORD, active=True, created_at=clock.now(), role_rows=[])
    _apply(user, replace(data, roles=data.roles - asked), organisation, kreise, programmes)
    session.add(user)
    admin_audit.record(
        session,
        actor,
        "user_created",
        f"{user.full_name} ({user.username}) angelegt",
        subject=user,
        after={key: value for key, value in snapshot(user).items() if value},
    )
    if asked:
        _ask_for_first_lead(session, actor, user, organisation)
    return user


# Fields of ``snapshot`` whose change makes the person someone else to the system: their access ends.
ACCESS_FIELDS = ("Rollen", "Organisation")


def update_user(session: Session, actor: User, user: User, data: UserData) -> bool:
    """Whether the change ended the person's sessions and tokens (a change of roles or organisation)."""
    try:
        before = snapshot(user)
        if user.id == actor.id and Role.ADMIN not in data.roles:
            raise UserRefused("Sie können sich die Rolle Administration nicht selbst nehmen.", "roles")
        organisation, kreise, programmes = _checked(session, data, user)
        asked = _counselling_roles_asked(actor, user, data)
        _apply(user, replace(data, roles=data.roles - asked), organisation, kreise, programmes)
        if asked:
            _ask_for_first_lead(session, actor, user, organisation)
        session.flush()
        old, new = admin_audit.changed_fields(before, snapshot(user))
        access_ends = any(name in new for name in ACCESS_FIELDS)
        if access_ends:
            end_access(session, user, actor)
        if new:
            ended = "; Sitzungen und Zugangsschlüssel beendet" if access_ends else ""
            admin_audit.record(
                session,
                actor,
                "user_changed",
                f"{user.full_name} ({user.username}) geändert{ended}",
                subject=user,
                before=old,
                after=new,
            )
        session.commit()
        return access_ends
    except BaseException:
        session.rollback()
        raise


def open_cases(session: Session, user: User) -> list[Application]:
    """The undecided cases this person took as reviewer."""
    return list(
        session.scalars(
            select(Application)
            .where(Application.reviewer_id == user.id, Application.state.in_(undecided_states()))
            .order_by(Application.id)
        )
    )


def open_case_counts(session: Session, user_ids: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(Application.reviewer_id, func.count())
        .where(Application.reviewer_id.in_(user_ids), Application.state.in_(undecided_states()))
        .group_by(Application.reviewer_id)
    )
    return dict(rows.all())


def successor_candidates(session: Session, user: User, cases: list[Application]) -> list[User]:
    """Active reviewers other than ``user`` who are responsible for every one of ``cases``."""
    reviewers = session.scalars(
        select(User)
        .join(UserRole)
        .where(UserRole.role == Role.REVIEWER, User.active.is_(True), User.id != user.id)
        .options(*with_grants())
        .order_by(User.full_name)
    )
    return [r for r in reviewers if all(permissions.is_responsible_reviewer(r, case) for case in cases)]


def end_access(session: Session, user: User, actor: Optional[User] = None) -> None:
    """Every login session and API token of ``user`` ends now.

    After a new password (whoever knew the old one may have made a token), a removed second factor, a
    deactivation, and a change of roles or organisation: a session or token of the old role would otherwise
    act in the new one, without the second factor the new role demands at login.
    """
    now = clock.now()
    session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now, revoked_by_id=actor.id if actor else None)
        .execution_options(synchronize_session=False)
    )


def deactivate_user(session: Session, actor: User, user: User, successor: Optional[User] = None) -> None:
    """Deactivate ``user``; their open cases go to ``successor``, who must be responsible for all of them."""
    try:
        if user.id == actor.id:
            raise UserRefused("Sie können sich nicht selbst deaktivieren.", status=409)
        if not user.active:
            raise UserRefused("Dieser Benutzer ist bereits deaktiviert.", status=409)
        cases = open_cases(session, user)
        if cases:
            if successor is None:
                raise UserRefused(
                    f"{user.full_name} bearbeitet noch {len(cases)} offene Vorgänge. "
                    "Bitte wählen Sie, wer sie übernimmt.",
                    "successor",
                )
            if successor.id not in {candidate.id for candidate in successor_candidates(session, user, cases)}:
                raise UserRefused(
                    f"{successor.full_name} ist nicht für alle offenen Vorgänge zuständig. "
                    "Bitte wählen Sie eine Prüfung aus der Liste.",
                    "successor",
                )
            for case in cases:
                case.reviewer_id = successor.id
            admin_audit.record(
                session,
                actor,
                "cases_reassigned",
                f"{len(cases)} offene Vorgänge von {user.full_name} an {successor.full_name} übertragen",
                subject=user,
                before={"Bearbeitung": user.full_name},
                after={"Bearbeitung": successor.full_name, "Vorgänge": ", ".join(c.file_number for c in cases)},
            )
        user.active = False
        end_access(session, user, actor)
        session.execute(
            update(AccountToken)
            .where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None), AccountToken.revoked_at.is_(None))
            .values(revoked_at=clock.now())
            .execution_options(synchronize_session=False)
        )
        admin_audit.record(
            session,
            actor,
            "user_deactivated",
            f"{user.full_name} ({user.username}) deaktiviert",
            subject=user,
            before={"Aktiv": "ja"},
            after={"Aktiv": "nein"},
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise


def reactivate_user(session: Session, actor: User, user: User) -> None:
    if user.active:
        raise UserRefused("Dieser Benutzer ist bereits aktiv.", status=409)
    user.active = True
    admin_audit.record(
        session,
        actor,
        "user_reactivated",
        f"{user.full_name} ({user.username}) reaktiviert",
        subject=user,
        before={"Aktiv": "nein"},
        after={"Aktiv": "ja"},
    )
    session.commit()


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, ROLE_LABELS[role]) for role in ASSIGNABLE_ROLES]


def authority_choices(session: Session) -> list[tuple[str, str]]:
    authorities = session.scalars(
        select(Organisation).where(Organisation.kind.in_(AUTHORITY_KINDS)).order_by(Organisation.ags)
    )
    return [(org.ags, org.authority_name or org.name) for org in authorities]


def kreis_choices(session: Session) -> list[tuple[int, str]]:
    kreise = session.scalars(select(Organisation).where(Organisation.kind.in_(KREIS_KINDS)).order_by(Organisation.name))
    return [(kreis.id, kreis.name) for kreis in kreise]

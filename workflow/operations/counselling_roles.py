"""Counselling roles (Integrationsmanagement, Leitung Integrationsmanagement) open the persons counselled, so the
organisation grants them itself: its lead, to people of the organisation. An organisation without a lead gets its
first one from two people: a clerk of the municipality proposes and a second clerk agrees, or an administrator asks
and a second administrator agrees, and then the municipality's clerks are told. The administration alone never
grants one. Every grant is a ``RoleGrant`` row that the organisation's lead sees.
"""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.models import Organisation, OutgoingMail, Role, RoleGrant, User, UserRole
from workflow.models.user import ROLE_LABELS
from workflow.operations import admin_audit

COUNSELLING_ROLES = frozenset(permissions.COUNSELLING_ROLES)


class GrantRefused(Exception):
    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status


def has_lead(session: Session, organisation_id: int) -> bool:
    return (
        session.scalar(
            select(User.id)
            .join(UserRole)
            .where(User.organisation_id == organisation_id, User.active.is_(True), UserRole.role == Role.MANAGER_LEAD)
            .limit(1)
        )
        is not None
    )


def _give(session: Session, grant: RoleGrant, approver: User) -> None:
    grant.approved_by, grant.approved_at = approver, clock.now()
    grant.user.role_rows.append(UserRole(role=grant.role))
    admin_audit.record(
        session,
        approver,
        "counselling_role_granted",
        f"{ROLE_LABELS[grant.role]} für {grant.user.full_name} ({grant.organisation.name})",
        subject=grant.user,
        after={
            "Rolle": ROLE_LABELS[grant.role],
            "Vergeben von": grant.requested_by.full_name,
            "Zugestimmt von": approver.full_name,
        },
    )


def grant_by_lead(session: Session, lead: User, user: User, role: Role) -> RoleGrant:
    """The organisation's lead gives ``role`` to a person of the organisation, at once."""
    if not permissions.can_grant_counselling_role(lead, user):
        raise GrantRefused(
            "Rollen des Integrationsmanagements vergibt die Leitung nur in der eigenen Organisation.", 403
        )
    if role not in COUNSELLING_ROLES:
        raise GrantRefused("Bitte wählen Sie eine Rolle des Integrationsmanagements.")
    if user.has_role(role):
        raise GrantRefused(f"{user.full_name} hat die Rolle {ROLE_LABELS[role]} schon.", 409)
    grant = RoleGrant(organisation=user.organisation, user=user, role=role, requested_by=lead, requested_at=clock.now())
    session.add(grant)
    _give(session, grant, lead)
    session.commit()
    return grant


def request_first_lead(session: Session, asker: User, user: User, organisation: Organisation) -> RoleGrant:
    """An administrator (or a clerk of the municipality) asks for the organisation's first lead; in the caller's
    transaction, nothing granted yet: a second person of the same side agrees (``approve_first_lead``)."""
    if organisation.id is not None and has_lead(session, organisation.id):
        raise GrantRefused(
            f"{organisation.name} hat eine Leitung Integrationsmanagement; sie vergibt die Rollen "
            "des Integrationsmanagements selbst.",
            409,
        )
    if user.id is not None and pending_grants(session, user):
        raise GrantRefused(f"Für {user.full_name} wartet schon ein Antrag auf Zustimmung.", 409)
    grant = RoleGrant(
        organisation=organisation, user=user, role=Role.MANAGER_LEAD, requested_by=asker, requested_at=clock.now()
    )
    session.add(grant)
    admin_audit.record(
        session,
        asker,
        "first_lead_requested",
        f"Erste Leitung Integrationsmanagement für {organisation.name}: {user.full_name}; "
        "wartet auf die Zustimmung einer zweiten Person",
        subject=user,
    )
    return grant


def propose_by_clerk(session: Session, clerk: User, user: User) -> RoleGrant:
    """A clerk of the municipality proposes its first lead."""
    if not permissions.can_propose_counselling_lead(clerk, user):
        raise GrantRefused("Die erste Leitung schlägt die Sachbearbeitung nur aus der eigenen Kommune vor.", 403)
    grant = request_first_lead(session, clerk, user, clerk.organisation)
    session.commit()
    return grant


def approve_first_lead(session: Session, approver: User, grant: RoleGrant) -> None:
    """A second person agrees: the role counts; the municipality's clerks are told if the administration asked."""
    if not permissions.can_approve_role_grant(approver, grant):
        raise GrantRefused(
            "Zustimmen kann nur eine zweite Person – der Verwaltung, wenn die Verwaltung die Leitung "
            "beantragt hat, sonst der Kommune –, nie die, die beantragt hat, und nur solange der "
            "Antrag offen ist.",
            403,
        )
    if has_lead(session, grant.organisation_id):
        raise GrantRefused(
            f"{grant.organisation.name} hat inzwischen eine Leitung Integrationsmanagement; "
            "sie vergibt die Rolle selbst.",
            409,
        )
    _give(session, grant, approver)
    if grant.requested_by.has_role(Role.ADMIN):
        _tell_the_clerks(session, grant)
    session.commit()


def _tell_the_clerks(session: Session, grant: RoleGrant) -> None:
    clerks = session.scalars(
        select(User)
        .join(UserRole)
        .where(User.organisation_id == grant.organisation_id, User.active.is_(True), UserRole.role == Role.CLERK)
    ).all()
    now = clock.now()
    for clerk in clerks:
        body = render_template("mail/first_lead.txt", recipient=clerk, grant=grant)
        session.add(
            OutgoingMail(
                user=clerk,
                application_id=None,
                to_address=clerk.email,
                subject="Förderweg: Leitung Integrationsmanagement durch die Verwaltung vergeben",
                body=body,
                status=OutgoingMail.QUEUED,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )


def grants_of(session: Session, organisation_id: int) -> list[RoleGrant]:
    """Every grant of a counselling role in the organisation, newest first (the lead's overview)."""
    return list(
        session.scalars(
            select(RoleGrant).where(RoleGrant.organisation_id == organisation_id).order_by(RoleGrant.id.desc())
        )
    )


def pending_grants(session: Session, user: User) -> list[RoleGrant]:
    return list(session.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id, RoleGrant.approved_at.is_(None))))

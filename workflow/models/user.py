"""People who log in, their roles, and the Kreise and programmes a reviewer or approver is responsible for."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Boolean, Column, Enum, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from workflow.security.crypto import EncryptedJSON
from workflow.models.base import Base, UtcDateTime, utcnow
from workflow.models.organisation import Organisation


class Role(enum.StrEnum):
    CLERK = "clerk"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    MINISTRY = "ministry"
    ADMIN = "admin"
    MANAGER = "manager"
    MANAGER_LEAD = "manager_lead"
    SYSTEM = "system"


ROLE_LABELS = {
    Role.CLERK: "Sachbearbeitung Kommune",
    Role.REVIEWER: "Sachbearbeitung RP",
    Role.APPROVER: "Zeichnungsbefugte RP",
    Role.MINISTRY: "Ministerium",
    Role.ADMIN: "Administration",
    Role.MANAGER: "Integrationsmanagement",
    Role.MANAGER_LEAD: "Leitung Integrationsmanagement",
    Role.SYSTEM: "System",
}

reviewer_kreis = Table(
    "reviewer_kreis",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("kreis_id", ForeignKey("organisation.id"), primary_key=True),
)

# The programmes a reviewer or approver works on; none means every programme.
user_programme = Table(
    "user_programme",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("programme_id", ForeignKey("programme.id", ondelete="CASCADE"), primary_key=True),
)


class KreisGrant(Base):
    """A row of ``reviewer_kreis`` as two numbers: permission checks need the ids, not the Kreise."""

    __table__ = reviewer_kreis


class ProgrammeGrant(Base):
    """A row of ``user_programme`` as two numbers."""

    __table__ = user_programme


# A password hash no password matches (argon2 refuses to read it): the person sets one through a link.
NO_PASSWORD = "!kein-passwort"  # nosec B105


class UserRole(Base):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]), primary_key=True
    )


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    # What the person does (from the contact table: „Integrationsbeauftragte“, „Hauptamt“ …); informative only.
    job_title: Mapped[Optional[str]] = mapped_column(String(100))
    # The direct line the letters print under „Bearbeitet von“; empty: the Referat's general number (a setting).
    phone: Mapped[Optional[str]] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    # Set when the person chose a password themselves (invitation, reset); None: not yet usable by them.
    password_set_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    # The TOTP secret (base32), encrypted with the installation's key: whoever reads the database or a backup
    # cannot make codes. Loaded only where a code is checked. It counts once the person confirmed a code.
    totp_secret: Mapped[Optional[str]] = mapped_column(EncryptedJSON, deferred=True)
    totp_enabled_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    # The 30-second step of the last code accepted: no code of it or an earlier step counts again.
    totp_last_step: Mapped[Optional[int]] = mapped_column(BigInteger)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    # Loaded when first read: a user joined to a case or a proposal only shows a name, and only reviewers and
    # approvers ask for Kreise and programmes. Lists that check them per user load them with ``with_grants()``.
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan")
    kreise: Mapped[list[Organisation]] = relationship(secondary=reviewer_kreis)
    programmes = relationship("Programme", secondary=user_programme)
    # The same grants as ids, for the permission checks: reading them builds no Organisation or Programme.
    kreis_grants: Mapped[list[KreisGrant]] = relationship(viewonly=True)
    programme_grants: Mapped[list[ProgrammeGrant]] = relationship(viewonly=True)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(row.role for row in self.role_rows)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS[role] for role in Role if role in self.roles]

    @property
    def awaits_password(self) -> bool:
        """Invited (or imported) and has not set a password yet."""
        return self.password_hash == NO_PASSWORD

    # Where the objects are loaded or were just assigned (and not yet flushed), they are the truth.
    @property
    def kreis_ids(self) -> frozenset[int]:
        if "kreise" in self.__dict__:
            return frozenset(kreis.id for kreis in self.kreise)
        return frozenset(grant.kreis_id for grant in self.kreis_grants)

    @property
    def programme_ids(self) -> frozenset[int]:
        """The programmes this person works on; empty: all of them."""
        if "programmes" in self.__dict__:
            return frozenset(programme.id for programme in self.programmes)
        return frozenset(grant.programme_id for grant in self.programme_grants)

    def __repr__(self) -> str:
        return f"<User {self.username}>"


def with_grants(*roles: Role):
    """What a permission check reads of a user, as loader options: for lists of users checked one by one
    (a query per collection for the whole list instead of one per user). Given the ``roles`` the list holds,
    Kreise and programmes are loaded only where one of them is limited by them (reviewers, approvers)."""
    options = [selectinload(User.role_rows)]
    if not roles or any(role in (Role.REVIEWER, Role.APPROVER) for role in roles):
        options += [selectinload(User.kreis_grants), selectinload(User.programme_grants)]
    return tuple(options)

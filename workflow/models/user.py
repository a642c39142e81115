"""People who log in, their roles, and the Kreise and programmes a reviewer or approver is responsible for."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, Column, Enum, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    password_hash: Mapped[str] = mapped_column(String(255))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(lazy="selectin", cascade="all, delete-orphan")
    kreise: Mapped[list[Organisation]] = relationship(secondary=reviewer_kreis, lazy="selectin")
    programmes = relationship("Programme", secondary=user_programme, lazy="selectin")

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(row.role for row in self.role_rows)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS[role] for role in Role if role in self.roles]

    @property
    def kreis_ids(self) -> frozenset[int]:
        return frozenset(kreis.id for kreis in self.kreise)

    @property
    def programme_ids(self) -> frozenset[int]:
        """The programmes this person works on; empty: all of them."""
        return frozenset(programme.id for programme in self.programmes)

    def __repr__(self) -> str:
        return f"<User {self.username}>"

"""Consortia (Zusammenschlüsse) and the rule that binds an organisation to one application."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime, utcnow
from workflow.models.organisation import Organisation


class Consortium(Base):
    """Several organisations applying together; their allocations are pooled.

    The lead (federführende Kommune) is a member too.
    """

    __tablename__ = "consortium"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    lead_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    lead: Mapped[Organisation] = relationship(lazy="joined")
    members: Mapped[list["ConsortiumMember"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", back_populates="consortium"
    )

    @property
    def organisation_ids(self) -> set[int]:
        return {member.organisation_id for member in self.members}


class ConsortiumMember(Base):
    __tablename__ = "consortium_member"

    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortium.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True, index=True)

    consortium: Mapped[Consortium] = relationship(back_populates="members")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Participation(Base):
    """An organisation is bound by exactly one live application per programme.

    The unique constraint, not a check in Python, is what keeps an organisation
    out of two consortia (or alone and in a consortium) even when two
    applications are submitted in the same second.
    """

    __tablename__ = "participation"
    __table_args__ = (UniqueConstraint("programme_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)


class MembershipRequest(Base):
    """The request to a named member to join a consortium, and its answer (Beitrittsanfrage).

    A municipality joins only with its consent: the lead's draft names it, its
    own clerk confirms or declines. Until the draft is submitted nothing binds
    the member; a pending or declined request never keeps it from applying itself.
    A submission that rests on the uploaded agreement leaves the request open (the
    member may still object) until the reviewer has checked the agreement
    (``BY_AGREEMENT``; see ``workflow.workflows.standard.membership``).
    """

    __tablename__ = "membership_request"
    __table_args__ = (UniqueConstraint("application_id", "organisation_id"),)

    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    BY_AGREEMENT = "agreement"
    LABELS = {
        PENDING: "offen",
        CONFIRMED: "zugestimmt",
        DECLINED: "abgelehnt",
        BY_AGREEMENT: "durch die geprüfte Vereinbarung gebunden",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    answered_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    answered_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))

    application = relationship("Application", lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    answered_by = relationship("User")

    @property
    def label(self) -> str:
        return self.LABELS[self.status]

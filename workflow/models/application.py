"""The application (Antrag) aggregate: the case, its positions and decision proposals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, Fte, Money, UtcDateTime, utcnow
from workflow.models.organisation import Organisation
from workflow.models.programme import Programme, ProgrammeVersion
from workflow.models.user import User

PROPOSAL_GRANT = "grant"
PROPOSAL_PARTIAL = "partial_grant"
PROPOSAL_REJECTION = "rejection"
PROPOSAL_LABELS = {
    PROPOSAL_GRANT: "Bewilligung",
    PROPOSAL_PARTIAL: "Teilbewilligung",
    PROPOSAL_REJECTION: "Ablehnung",
}

GRANTED = "granted"
REDUCED = "reduced"
REFUSED = "refused"
RULING_LABELS = {GRANTED: "bewilligt wie beantragt", REDUCED: "gekürzt bewilligt", REFUSED: "abgelehnt"}


class Application(Base):
    """One application of one applicant (alone or as lead of a consortium).

    While it is a draft, ``draft_data`` holds the form exactly as typed, valid
    or not; submission validates it and freezes it into the typed columns and
    the positions.
    """

    __tablename__ = "application"
    # The lists' orders (``queries.page_ids_query``): by state and receipt, and by the last change; and the
    # columns a reviewer's list filters on and sorts by, per applicant (their Kreise), so that counting and
    # choosing a page read the index alone.
    __table_args__ = (
        Index("ix_application_state_submitted_at_id", "state", "submitted_at", "id"),
        Index("ix_application_updated_at_id", "updated_at", "id"),
        Index(
            "ix_application_applicant_state_programme_submitted",
            "applicant_id",
            "state",
            "programme_id",
            "submitted_at",
            "id",
        ),
        # The search (``queries.search_filter``) scans this narrow index on SQLite instead of the wide rows;
        # PostgreSQL searches through its trigram index (migration 0022).
        Index("ix_application_contact_name", "contact_name"),
        # The money per applicant of a programme (the ministry's overview, ledger and state counts) read from
        # the index alone, without the wide rows.
        Index(
            "ix_application_programme_applicant_money",
            "programme_id",
            "applicant_id",
            "state",
            "requested_amount",
            "granted_amount",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    # The version whose settings and templates apply: the active one while a draft, fixed on submission.
    programme_version_id: Mapped[int] = mapped_column(ForeignKey("programme_version.id"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    consortium_id: Mapped[Optional[int]] = mapped_column(ForeignKey("consortium.id"), index=True)
    state: Mapped[str] = mapped_column(String(32), index=True)
    file_number: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    draft_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

    contact_name: Mapped[Optional[str]] = mapped_column(String(200))
    contact_phone: Mapped[Optional[str]] = mapped_column(String(50))
    contact_email: Mapped[Optional[str]] = mapped_column(String(254))
    account_holder: Mapped[Optional[str]] = mapped_column(String(200))
    iban: Mapped[Optional[str]] = mapped_column(String(34))
    bic: Mapped[Optional[str]] = mapped_column(String(11))
    bank_name: Mapped[Optional[str]] = mapped_column(String(200))

    # Facts the programme's rules relied on, frozen on submission (e.g. population and Stichtag).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    computed_amount: Mapped[Optional[Decimal]] = mapped_column(Money)
    pooled_allocation: Mapped[Optional[Decimal]] = mapped_column(Money)
    requested_amount: Mapped[Optional[Decimal]] = mapped_column(Money)

    reviewer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    decision_kind: Mapped[Optional[str]] = mapped_column(String(16))
    granted_amount: Mapped[Optional[Decimal]] = mapped_column(Money)
    decided_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

    programme: Mapped[Programme] = relationship(lazy="joined")
    programme_version: Mapped[ProgrammeVersion] = relationship(lazy="joined")
    applicant: Mapped[Organisation] = relationship(lazy="joined")
    consortium = relationship("Consortium", lazy="selectin")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    reviewer: Mapped[Optional[User]] = relationship(foreign_keys=[reviewer_id])
    positions: Mapped[list["Position"]] = relationship(
        order_by="Position.sort_order", cascade="all, delete-orphan", back_populates="application"
    )
    proposals: Mapped[list["Proposal"]] = relationship(
        order_by="Proposal.id", cascade="all, delete-orphan", back_populates="application"
    )
    remedy_waivers: Mapped[list["RemedyWaiver"]] = relationship(  # noqa: F821
        order_by="RemedyWaiver.id", back_populates="application"
    )
    procedures: Mapped[list["Procedure"]] = relationship(  # noqa: F821
        order_by="Procedure.id", back_populates="application", cascade="all, delete-orphan"
    )

    @property
    def member_organisations(self) -> list[Organisation]:
        """Consortium members other than the lead, in a stable order."""
        if self.consortium is None:
            return []
        return sorted(
            (m.organisation for m in self.consortium.members if m.organisation_id != self.applicant_id),
            key=lambda org: (org.name, org.ags or ""),
        )

    @property
    def parties(self) -> list[Organisation]:
        """Every organisation the decision is addressed to: the applicant (lead) first, then the members."""
        return [self.applicant, *self.member_organisations]

    @property
    def waived_organisation_ids(self) -> set[int]:
        return {waiver.organisation_id for waiver in self.remedy_waivers}

    @property
    def is_joint(self) -> bool:
        return self.consortium is not None

    @property
    def display_name(self) -> str:
        if self.consortium is not None:
            return self.consortium.name
        return self.applicant.name

    @property
    def signed_proposal(self) -> Optional["Proposal"]:
        """The decision in force: the last signed proposal."""
        for proposal in reversed(self.proposals):
            if proposal.status == Proposal.SIGNED:
                return proposal
        return None

    @property
    def returned_proposal(self) -> Optional["Proposal"]:
        """The last proposal, when the approver gave it back and no newer one was made since."""
        last = self.proposals[-1] if self.proposals else None
        return last if last is not None and last.status == Proposal.RETURNED else None

    @property
    def open_proposal(self) -> Optional["Proposal"]:
        """The case's own proposal awaiting signature (a changed decision waits in its change procedure)."""
        for proposal in reversed(self.proposals):
            if proposal.status == Proposal.OPEN and proposal.procedure_id is None:
                return proposal
        return None

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.state}>"


class Position(Base):
    """A measure of an application (a staff position, a project's amount): its label, amount, funding period where
    its shape has one, and the programme's own fields in ``details``. ``fte`` and ``employment_start`` are a staff
    position's typed values, empty for other shapes (``engine.measures``)."""

    __tablename__ = "position"
    # The search by Integrationsmanager/in: a narrow index that holds the case too (see Application's).
    __table_args__ = (Index("ix_position_person_name_application_id", "person_name", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer)
    # The measure's label: the person of a staff position, the title of a project.
    person_name: Mapped[str] = mapped_column(String(200))
    fte: Mapped[Optional[Decimal]] = mapped_column(Fte)
    employment_start: Mapped[Optional[date]] = mapped_column(Date)
    funding_start: Mapped[Optional[date]] = mapped_column(Date)
    funding_end: Mapped[Optional[date]] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    # The programme's own fields as typed on submission (e.g. qualification category, provider).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    application: Mapped[Application] = relationship(back_populates="positions")


class Proposal(Base):
    """A decision proposal (Entscheidungsvorschlag) put forward for signature."""

    __tablename__ = "proposal"

    OPEN = "open"
    RETURNED = "returned"
    SIGNED = "signed"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(Money)
    reasons: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    decision_comment: Mapped[Optional[str]] = mapped_column(Text)
    # A changed decision (Änderungsbescheid) proposed in a change procedure; None: the case's own decision.
    procedure_id: Mapped[Optional[int]] = mapped_column(ForeignKey("procedure.id"), index=True)

    application: Mapped[Application] = relationship(back_populates="proposals")
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id], lazy="joined")
    decided_by: Mapped[Optional[User]] = relationship(foreign_keys=[decided_by_id], lazy="joined")
    rulings: Mapped[list["PositionRuling"]] = relationship(
        order_by="PositionRuling.id", cascade="all, delete-orphan", back_populates="proposal", lazy="selectin"
    )

    @property
    def kind_label(self) -> str:
        return PROPOSAL_LABELS[self.kind]

    @property
    def decision_label(self) -> str:
        """The kind, and for a grant held to its cap that it is (reads the rulings: pages of one proposal only)."""
        return self.kind_label + (" (auf den Höchstbetrag begrenzt)" if self.capped_excess else "")

    @property
    def applied_total(self) -> Decimal:
        """What the positions granted as applied come to by their own Festbeträge."""
        return sum((r.position.amount for r in self.rulings if r.outcome == GRANTED), Decimal("0.00"))

    @property
    def capped_excess(self) -> Decimal:
        """What a grant held to its cap (``decisions.held_to_cap``) refuses of positions granted as applied: their
        own Festbeträge less the shares of the cap they are granted; zero for any other decision."""
        return self.applied_total - sum((r.amount for r in self.rulings if r.outcome == GRANTED), Decimal("0.00"))


class PositionRuling(Base):
    """What a proposal (and, once signed, the decision) says about one position: granted, reduced or refused.

    A reduced position keeps its person; its VZÄ share or its funded months are less than requested, and its
    amount follows from the programme's rule. The decision's total is the sum of its rulings.
    """

    __tablename__ = "position_ruling"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    # The granted share of a staff position; empty for other shapes.
    fte: Mapped[Optional[Decimal]] = mapped_column(Fte)
    funding_start: Mapped[Optional[date]] = mapped_column(Date)
    funding_end: Mapped[Optional[date]] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="rulings")
    position: Mapped[Position] = relationship(lazy="joined")

    @property
    def outcome_label(self) -> str:
        return RULING_LABELS[self.outcome]

    @property
    def granted(self) -> bool:
        return self.outcome != REFUSED

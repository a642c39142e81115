"""Remedy waivers (Rechtsbehelfsverzicht): who declared, for which organisation, in what capacity, with what proof."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.attachment import Attachment
from workflow.models.base import Base, UtcDateTime
from workflow.models.organisation import Organisation, OrganisationKind
from workflow.models.user import User

# Who may represent a municipality or a Landkreis and so waive remedies for it (§ 42 GemO, § 42 LKrO).
MAYOR = "mayor"
DEPUTY = "deputy"
DISTRICT_ADMINISTRATOR = "district_administrator"
AUTHORISED = "authorised"
# A Verein, Verband or Stiftung is represented by its board or whoever its statutes name (§ 26, § 86 BGB).
BOARD = "board"
CAPACITY_LABELS = {
    MAYOR: "Bürgermeisterin / Bürgermeister (§ 42 Abs. 1 GemO)",
    DEPUTY: "Beigeordnete/r oder Stellvertretung nach § 48/§ 49 GemO",
    DISTRICT_ADMINISTRATOR: "Landrätin / Landrat (§ 42 LKrO)",
    AUTHORISED: "bevollmächtigte Person (Vollmacht liegt der unterzeichneten Erklärung bei)",
    BOARD: "Vorstand oder nach der Satzung vertretungsberechtigte Person (§ 26 BGB)",
}


def capacities_for(kind: Optional[OrganisationKind]) -> list[str]:
    """The capacities in which someone may declare for an organisation of this kind."""
    if kind == OrganisationKind.LANDKREIS:
        return [DISTRICT_ADMINISTRATOR, AUTHORISED]
    if kind == OrganisationKind.FREIER_TRAEGER:
        return [BOARD, AUTHORISED]
    return [MAYOR, DEPUTY, AUTHORISED]


class RemedyWaiver(Base):
    """One organisation's declaration that it waives remedies against the decision.

    Evidence like the audit entry it belongs to: written once by the step that records it, completed with
    that entry's id, never changed or deleted afterwards (database triggers). Each organisation of a case
    waives once (unique constraint); a consortium's decision is final when every organisation has.
    """

    __tablename__ = "remedy_waiver"
    __table_args__ = (UniqueConstraint("application_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    declarant_name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[str] = mapped_column(String(32))
    # Where the declarant is not the head the address data name: what shows the power to represent (§§ 48, 49, 53 GemO).
    representation_proof: Mapped[Optional[str]] = mapped_column(Text)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id"))
    audit_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("audit_entry.id"))
    declared_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    attachment: Mapped[Attachment] = relationship(lazy="joined")
    declared_by: Mapped[User] = relationship(lazy="joined")
    application = relationship("Application", back_populates="remedy_waivers")

    @property
    def capacity_label(self) -> str:
        return CAPACITY_LABELS.get(self.capacity, self.capacity)

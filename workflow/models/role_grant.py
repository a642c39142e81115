"""Grants of a counselling role (Integrationsmanagement, its Leitung): who gave it to whom, and who agreed.

Counselling roles open the persons counselled; so the organisation grants them itself (its lead), and the
administration only the first lead of an organisation, with a second administrator's approval. Every row is
shown to the organisation's lead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Enum, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime
from workflow.models.organisation import Organisation
from workflow.models.user import Role, User


class RoleGrant(Base):
    __tablename__ = "role_grant"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The same person as requested_by for a lead's grant; a second administrator for the first lead.
    # None: the grant waits for its approval.
    approved_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    approved_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id], lazy="joined")
    approved_by: Mapped[Optional[User]] = relationship(foreign_keys=[approved_by_id], lazy="joined")

    @property
    def pending(self) -> bool:
        return self.approved_at is None

"""The Planungsrahmen: a published, versioned allocation per organisation."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, Money, UtcDateTime, utcnow
from workflow.models.organisation import Organisation


class AllocationVersion(Base):
    """One imported table. A corrected re-import adds a version; old ones stay."""

    __tablename__ = "allocation_version"
    __table_args__ = (UniqueConstraint("programme_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    source_name: Mapped[str] = mapped_column(String(255))
    total: Mapped[Decimal] = mapped_column(Money)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    imported_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))

    programme = relationship("Programme")
    imported_by = relationship("User", lazy="joined")


class Allocation(Base):
    __tablename__ = "allocation"
    __table_args__ = (UniqueConstraint("version_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("allocation_version.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    version: Mapped[AllocationVersion] = relationship()

"""The Planungsrahmen: a published, versioned allocation per organisation."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

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
    # SHA-256 of the imported file: which table exactly this version came from.
    source_sha256: Mapped[Optional[str]] = mapped_column(String(64))
    total: Mapped[Decimal] = mapped_column(Money)
    # The importer confirmed that the total differs from the programme budget.
    deviation_confirmed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # None: imported on the command line (``foerderweg import-allocations``).
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


class PendingAllocationImport(Base):
    """An uploaded table between its check and the administrator's confirmation.

    Kept in the database rather than in the cookie or on one web server's disk,
    so that the confirmation may reach any web process.
    """

    __tablename__ = "pending_allocation_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    # The version that was current at the upload; confirming on top of another is refused.
    base_version_id: Mapped[Optional[int]] = mapped_column(ForeignKey("allocation_version.id", ondelete="CASCADE"))

"""Einwohnerzahlen: a published, versioned table of the population of every Gemeinde.

Reference data of the Land, not of a programme: every programme that computes
a grant from the population reads the same current version.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime, utcnow
from workflow.models.organisation import Organisation


class PopulationVersion(Base):
    """One imported table. A newer Stichtag or a correction adds a version; old ones stay."""

    __tablename__ = "population_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    # The Stichtag of the statistics (e.g. 31.12.2024), not the day of the import.
    reference_date: Mapped[date] = mapped_column(Date)
    source_name: Mapped[str] = mapped_column(String(255))
    # SHA-256 of the imported file: which table exactly this version came from.
    source_sha256: Mapped[Optional[str]] = mapped_column(String(64))
    # The sum of the table, shown beside the version (Baden-Württemberg: about 11 million).
    total_inhabitants: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # None: imported on the command line (``foerderweg import-population``) or by the demo loader.
    imported_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))

    imported_by = relationship("User", lazy="joined")


class Population(Base):
    __tablename__ = "population"
    __table_args__ = (UniqueConstraint("version_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("population_version.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    inhabitants: Mapped[int] = mapped_column(Integer)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    version: Mapped[PopulationVersion] = relationship()


class PendingPopulationImport(Base):
    """An uploaded table and its Stichtag between the check and the administrator's confirmation.

    In the database, like the pending Planungsrahmen import, so that any web process may confirm it.
    """

    __tablename__ = "pending_population_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255))
    reference_date: Mapped[date] = mapped_column(Date)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    # The version that was current at the upload; confirming on top of another is refused.
    base_version_id: Mapped[Optional[int]] = mapped_column(ForeignKey("population_version.id", ondelete="CASCADE"))

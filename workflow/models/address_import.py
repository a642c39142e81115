"""Who imported which table of addresses and heads, and when.

Addresses are current facts, not versioned like the Einwohnerzahlen: an
import overwrites the organisations' addresses. This record keeps the trace.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime, utcnow


class AddressImport(Base):
    __tablename__ = "address_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_name: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # None: imported on the command line (``foerderweg import-addresses``) or by the demo loader.
    imported_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))

    imported_by = relationship("User", lazy="joined")

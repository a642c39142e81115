"""Basiszinssatz (§ 247 BGB): every published rate with the day it applies from, and where it came from.

Reference data of the Bund, not of a programme. The Deutsche Bundesbank
publishes a rate for each 1 January and 1 July (§ 247 Abs. 2 BGB); one row per
publication, also when the rate stays the same, so that a missing row means
"not yet entered" rather than "unchanged".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.models.base import Base, UtcDateTime, utcnow


class BaseRate(Base):
    __tablename__ = "base_rate"

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[date] = mapped_column(Date, unique=True)
    # Hundredths of a percentage point (1,27 % → 127; -0,88 % → -88): exact in SQLite and PostgreSQL alike.
    basis_points: Mapped[int] = mapped_column(Integer)
    # The publication the value was taken from, e.g. "Deutsche Bundesbank, Pressenotiz vom 24.06.2026".
    source: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Who entered it: the shipped reference table, or the operating-system account on the command line
    # (the command line has no login, and that account is the only identity there is).
    imported_by: Mapped[str] = mapped_column(String(255))

    @property
    def rate(self) -> Decimal:
        """The rate in percent, e.g. Decimal('1.27')."""
        return Decimal(self.basis_points).scaleb(-2)

"""A funding programme and its settings (Förderprogramm, VwV).

Every figure a programme's rules depend on lives in these rows, so that an
administrator can change it and a second programme needs no code change.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Optional

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, Fte, Money
from workflow.models.organisation import Organisation

ROUTING_CENTRAL = "central"
ROUTING_DISTRICT = "district"


class Programme(Base):
    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    budget: Mapped[Decimal] = mapped_column(Money)
    funding_months: Mapped[int] = mapped_column(Integer)
    threshold: Mapped[Decimal] = mapped_column(Money)
    min_fte: Mapped[Decimal] = mapped_column(Fte)
    positions_start_earliest: Mapped[date] = mapped_column(Date)
    positions_start_latest: Mapped[date] = mapped_column(Date)
    notification_fiction_days: Mapped[int] = mapped_column(Integer)
    remedy_period_months: Mapped[int] = mapped_column(Integer)
    remedy_text: Mapped[str] = mapped_column(Text)
    response_period_days: Mapped[int] = mapped_column(Integer)
    reminder_days_before: Mapped[int] = mapped_column(Integer)
    proof_of_use_months: Mapped[int] = mapped_column(Integer)
    routing: Mapped[str] = mapped_column(String(16))
    authority_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisation.id"))
    file_number_prefix: Mapped[str] = mapped_column(String(32))

    authority: Mapped[Optional[Organisation]] = relationship(lazy="joined")
    rates: Mapped[list["ProgrammeRate"]] = relationship(
        lazy="selectin", order_by="ProgrammeRate.category", cascade="all, delete-orphan", back_populates="programme"
    )

    def rate_for(self, category: str) -> "ProgrammeRate":
        for rate in self.rates:
            if rate.category == category:
                return rate
        raise KeyError(category)

    def __repr__(self) -> str:
        return f"<Programme {self.code}>"


class ProgrammeRate(Base):
    """Festbetrag per full-time position (VZÄ) and year for one qualification category."""

    __tablename__ = "programme_rate"
    __table_args__ = (UniqueConstraint("programme_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(200))
    amount_per_fte_year: Mapped[Decimal] = mapped_column(Money)

    programme: Mapped[Programme] = relationship(back_populates="rates")

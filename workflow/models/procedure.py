"""Procedures after the decision (Vorgänge): payments, change reports, proof of use, revocation.

A case has one workflow to its decision; after it, several procedures of the
programme's declared kinds may run side by side, each with its own small
workflow and state. Their steps are audit entries of the case (``AuditEntry.procedure_id``),
so the case's history and hash chain hold everything.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from workflow.models.base import Base, Money, UtcDateTime, utcnow
from workflow.models.user import User


class Procedure(Base):
    __tablename__ = "procedure"
    __table_args__ = (UniqueConstraint("application_id", "kind", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    # Counts per case and kind: „Auszahlung 2“.
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(32), index=True)
    # The money the procedure moves: a payment, a repayment claim.
    amount: Mapped[Optional[Decimal]] = mapped_column(Money)
    # The Haushaltsjahr a payment is booked in.
    budget_year: Mapped[Optional[int]] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    cash_export_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cash_export.id"), index=True)

    application: Mapped["Application"] = relationship(back_populates="procedures")  # noqa: F821
    created_by: Mapped[User] = relationship()
    cash_export: Mapped[Optional["CashExport"]] = relationship(back_populates="payments")
    # A claim's receipts, in the order they arrived.
    receipts: Mapped[list["Receipt"]] = relationship(
        back_populates="claim", order_by="(Receipt.received_on, Receipt.id)", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Procedure {self.kind} {self.number} of case {self.application_id}: {self.state}>"


class CashExport(Base):
    """A list of ordered payments handed to the state's cash office: an XLSX list and a SEPA credit transfer (pain.001)."""

    __tablename__ = "cash_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    message_id: Mapped[str] = mapped_column(String(35), unique=True)
    # The requested execution date of the SEPA file: the day the cash office is asked to transfer.
    execution_date: Mapped[Optional[date]] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer)
    total: Mapped[Decimal] = mapped_column(Money)
    sepa_xml: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    xlsx: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    created_by: Mapped[User] = relationship()
    payments: Mapped[list[Procedure]] = relationship(order_by=Procedure.id, back_populates="cash_export")


class Receipt(Base):
    """Money received on a claim (Forderung): one row per receipt, applied costs → interest → principal (§ 367 BGB).

    ``audit_entry_id`` is the history entry of the step that booked it; the split is fixed when booked, since the
    interest owed up to the day of receipt is known then and later receipts apply to what is left.
    """

    __tablename__ = "receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    to_costs: Mapped[Decimal] = mapped_column(Money)
    to_interest: Mapped[Decimal] = mapped_column(Money)
    to_principal: Mapped[Decimal] = mapped_column(Money)
    # Revenue of the year the money arrived in.
    budget_year: Mapped[int] = mapped_column(Integer)
    audit_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("audit_entry.id"))
    booked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    booked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    claim: Mapped[Procedure] = relationship(back_populates="receipts")

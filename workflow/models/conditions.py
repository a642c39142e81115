"""Allgemeine Nebenbestimmungen (ANBest-K, ANBest-P): every loaded text with its Stand and the day it applies from.

Reference data of the Land, not of a programme. A Bescheid annexes the version in force on the day it is signed
(``workflow.operations.conditions.in_force``); a new Fassung, or the official wording for the shipped structure,
is a new row, and old rows stay, since Bescheide issued under them quote them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.models.base import Base, UtcDateTime, utcnow


class ConditionsText(Base):
    __tablename__ = "conditions_text"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "ANBest-K" or "ANBest-P" (``workflow.reference.conditions.CODES``).
    code: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(Text)
    # As the official text states it, e.g. "Stand: 01.01.2025"; free text, since Fassungen name it differently.
    stand: Mapped[str] = mapped_column(String(255))
    valid_from: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    # [{"number": "1", "heading": "…", "text": null}, {"number": "1.1", "heading": null, "text": "…"}, …]
    entries: Mapped[list] = mapped_column(JSON)
    # SHA-256 of the imported file; None for the structure shipped with Förderweg.
    source_sha256: Mapped[Optional[str]] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(255))

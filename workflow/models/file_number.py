"""Counters for file numbers (Aktenzeichen): one row per prefix and year."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.models.base import Base


class FileNumberCounter(Base):
    __tablename__ = "file_number_counter"

    prefix: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)

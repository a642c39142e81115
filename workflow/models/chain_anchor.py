"""The anchor of a case's history chain: its length and newest hash, sealed with a key the database does not hold."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.models.base import Base, UtcDateTime


class ChainAnchor(Base):
    """One row per case, advanced with every entry in the entry's transaction (``workflow.security.chain_anchors``).

    Whoever reaches the database can delete the newest entries or change an entry and recompute every later hash
    – the chain alone then looks intact – but cannot make the seal of a shorter or recomputed chain.
    """

    __tablename__ = "chain_anchor"

    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), primary_key=True)
    entries: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    # HMAC-SHA-256 over case, length and newest hash; None only for a chain migrated without the key at hand.
    seal: Mapped[Optional[str]] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

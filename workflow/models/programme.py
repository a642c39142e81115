"""A funding programme (Förderprogramm, VwV) and its versions.

The programme row holds what is organisational and read in queries (who
decides, the budget, the file-number prefix). Everything a programme's rules
depend on is in its versions: typed settings as JSON and the Word templates
as they were when the version was made. A version is immutable; a change makes
a new one, and a case keeps the version it was submitted under.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from workflow.models.base import Base, Money, UtcDateTime, utcnow
from workflow.models.organisation import Organisation

ROUTING_CENTRAL = "central"
ROUTING_DISTRICT = "district"


class Programme(Base):
    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    budget: Mapped[Decimal] = mapped_column(Money)
    routing: Mapped[str] = mapped_column(String(16))
    authority_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisation.id"))
    file_number_prefix: Mapped[str] = mapped_column(String(32))

    authority: Mapped[Optional[Organisation]] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Programme {self.code}>"


class ProgrammeVersion(Base):
    """Settings and templates of a programme as one immutable, numbered version."""

    __tablename__ = "programme_version"
    __table_args__ = (UniqueConstraint("programme_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    # New applications are made under the active version; exactly one per programme.
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # None: made by the installation (``foerderweg init``) from the programme package.
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    activated_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(String(500), default="")

    programme: Mapped[Programme] = relationship(lazy="joined")
    created_by: Mapped[Optional["User"]] = relationship()  # noqa: F821 (workflow.models.user)
    templates: Mapped[list["ProgrammeTemplate"]] = relationship(
        order_by="ProgrammeTemplate.kind", cascade="all, delete-orphan", back_populates="version"
    )

    def __repr__(self) -> str:
        return f"<ProgrammeVersion {self.programme_id}/{self.number}>"


class ProgrammeTemplate(Base):
    """A Word template as a version uses it, so that letters of older cases come from their own templates."""

    __tablename__ = "programme_template"
    __table_args__ = (UniqueConstraint("version_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("programme_version.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    version: Mapped[ProgrammeVersion] = relationship(back_populates="templates")

"""Administrative courts (Verwaltungsgerichte) and the Regierungsbezirk each serves.

Reference data (``workflow/reference/verwaltungsgerichte.csv``): in
Baden-Württemberg the district of each Verwaltungsgericht is one
Regierungsbezirk, so a court is found from the Bezirk of an organisation.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.address import PostalAddress
from workflow.models.base import Base


class Court(PostalAddress, Base):
    __tablename__ = "court"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # One court per Bezirk: the court district is the Regierungsbezirk (the key of both is the Bezirk's AGS).
    regierungsbezirk_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), unique=True)

    regierungsbezirk = relationship("Organisation", back_populates="court")

    @property
    def postal_lines(self) -> list[str]:
        return [self.name, *self.address_lines]

    def __repr__(self) -> str:
        return f"<Court {self.name}>"

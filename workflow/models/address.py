"""A postal address: what letters need of an organisation, and what a Rechtsbehelfsbelehrung names of a court."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class PostalAddress:
    """Street, postcode and city, each optional until someone imports them."""

    street: Mapped[Optional[str]] = mapped_column(String(200))
    postcode: Mapped[Optional[str]] = mapped_column(String(5))
    city: Mapped[Optional[str]] = mapped_column(String(100))

    @property
    def has_postal_address(self) -> bool:
        """A letter can be sent: street, postcode and city are all there."""
        return bool(self.street and self.postcode and self.city)

    @property
    def address_lines(self) -> list[str]:
        """„Karlstraße 13“, „72488 Sigmaringen“ (what is known of them)."""
        lines = [self.street] if self.street else []
        if self.postcode or self.city:
            lines.append(" ".join(part for part in (self.postcode, self.city) if part))
        return lines

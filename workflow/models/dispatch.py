"""How and when each addressee's copy of a Bescheid went out, and the day it counts as notified (Bekanntgabe)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime
from workflow.models.document import Document
from workflow.models.organisation import Organisation
from workflow.models.user import User


class LetterDispatch(Base):
    """One per issued copy. ``sent_on`` is the day it went out (electronic, or post with the Ab-Vermerk) or the day on
    a signed Empfangsbekenntnis; while a copy waits to be posted both it and ``notified_on`` are empty."""

    __tablename__ = "letter_dispatch"

    ELECTRONIC = "electronic"
    POST = "post"
    RECEIPT = "receipt"
    CHANNELS = {
        ELECTRONIC: "elektronisch an das Konto",
        POST: "Post durch die Bewilligungsstelle",
        RECEIPT: "Empfangsbekenntnis",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    channel: Mapped[str] = mapped_column(String(16))
    sent_on: Mapped[Optional[date]] = mapped_column(Date)
    notified_on: Mapped[Optional[date]] = mapped_column(Date)
    # The Ab-Vermerk: who recorded the dispatch and when; None for the electronic copies the step itself sent.
    recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)

    document: Mapped[Document] = relationship()
    organisation: Mapped[Organisation] = relationship()
    recorded_by: Mapped[Optional[User]] = relationship()

    @property
    def channel_label(self) -> str:
        return self.CHANNELS[self.channel]

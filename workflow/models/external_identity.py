"""Who a person is in the authority's directory: an OpenID provider's subject or an LDAP entry, bound to one user."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UtcDateTime, utcnow
from workflow.models.user import User


class ExternalIdentity(Base):
    __tablename__ = "external_identity"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The provider's issuer URL, or the directory's URL for an LDAP entry.
    issuer: Mapped[str] = mapped_column(String(255))
    # The provider's ``sub`` (never reassigned), or the entry's DN.
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")

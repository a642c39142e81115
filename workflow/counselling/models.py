"""The counselling tables: persons, their Integrationsplan versions, drafts, reminders, the access log,
and the anonymous figures that outlive them.

Personal data lives only in the encrypted columns (``personal``, ``content``, ``consent_document``,
``form_data``), each under the person's own data key (``PersonKey``), which the installation's key wraps. The
erasure of a person deletes that key: whatever copy of the person's ciphertext is left anywhere (SQLite's WAL,
PostgreSQL's dead tuples, a backup) cannot be read any more (crypto-shredding), and a rotation of the installation
key re-wraps the keys instead of re-encrypting the data. The clear columns are dates, ids and counts that the sweep
and the key figures need. The figure tables hold no link to a person: their tokens appear in clear only there, and
otherwise only inside encrypted content.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable, Optional

from sqlalchemy import Column, Date, ForeignKey, Integer, LargeBinary, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.security.crypto import EncryptedBytes, new_data_key, open_json_with, open_with, seal_json_with, seal_with
from workflow.models.base import Base, UtcDateTime, utcnow
from workflow.models.user import User

client_deputy = Table(
    "counselling_deputy",
    Base.metadata,
    Column("client_id", ForeignKey("counselling_client.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class CounsellingStaff(Base):
    """An integration manager's funded position (optional: a manager may be paid otherwise)."""

    __tablename__ = "counselling_staff"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    position_id: Mapped[Optional[int]] = mapped_column(ForeignKey("position.id", ondelete="SET NULL"))

    position = relationship("Position")


class SealedJSON:
    """A JSON attribute kept in the mapped column ``sealed`` as ciphertext under the person's key (``key_of``)."""

    def __init__(self, sealed: str, key_of: Callable[[Any], bytes]):
        self.sealed, self.key_of = sealed, key_of

    def __get__(self, instance, owner=None):
        return self if instance is None else open_json_with(self.key_of(instance), getattr(instance, self.sealed))

    def __set__(self, instance, value) -> None:
        setattr(instance, self.sealed, seal_json_with(self.key_of(instance), value))


def _persons_key(row) -> bytes:
    return row.client.person_key()


class PersonKey(Base):
    """A person's own data key, stored wrapped by the installation's key; deleted with the person."""

    __tablename__ = "counselling_person_key"

    client_id: Mapped[int] = mapped_column(ForeignKey("counselling_client.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[bytes] = mapped_column(EncryptedBytes)


class Client(Base):
    """A person counselled (Klientin, Klient) by one organisation."""

    __tablename__ = "counselling_client"
    # A person's number is never given again (SQLite would reuse the highest after a deletion): the access log
    # keeps the erased person's lines under it, and a newcomer must not inherit them.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    responsible_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # name, birth_date, household, languages, residence_status, accommodation, consent_explained,
    # consent_filename, case_token; sealed with the person's key (``personal``)
    sealed_personal: Mapped[str] = mapped_column("personal", Text)
    sealed_consent_document: Mapped[Optional[bytes]] = mapped_column("consent_document", LargeBinary, deferred=True)
    consent_given_on: Mapped[Optional[date]] = mapped_column(Date)
    consent_withdrawn_on: Mapped[Optional[date]] = mapped_column(Date)
    counselling_start: Mapped[date] = mapped_column(Date)
    counselling_end: Mapped[Optional[date]] = mapped_column(Date, index=True)
    review_on: Mapped[Optional[date]] = mapped_column(Date, index=True)
    # The review date a reminder was sent for, so the sweep reminds once per date.
    reminded_for: Mapped[Optional[date]] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    data_key: Mapped[Optional[PersonKey]] = relationship(
        lazy="joined", cascade="all, delete-orphan", passive_deletes=True
    )
    responsible: Mapped[User] = relationship(lazy="joined")
    deputies: Mapped[list[User]] = relationship(secondary=client_deputy, lazy="selectin")
    versions: Mapped[list["PlanVersion"]] = relationship(
        order_by="PlanVersion.number", cascade="all, delete-orphan", passive_deletes=True, back_populates="client"
    )

    def person_key(self) -> bytes:
        """The person's data key, made with the first value sealed for them."""
        if self.data_key is None:
            self.data_key = PersonKey(key=new_data_key())
        return self.data_key.key

    personal = SealedJSON("sealed_personal", lambda client: client.person_key())

    @property
    def consent_document(self) -> Optional[bytes]:
        sealed = self.sealed_consent_document
        return None if sealed is None else open_with(self.person_key(), sealed)

    @consent_document.setter
    def consent_document(self, content: Optional[bytes]) -> None:
        self.sealed_consent_document = None if content is None else seal_with(self.person_key(), content)

    @property
    def deputy_ids(self) -> frozenset[int]:
        return frozenset(user.id for user in self.deputies)

    @property
    def name(self) -> str:
        return self.personal.get("name", "")

    @property
    def consent_active(self) -> bool:
        return self.consent_given_on is not None and self.consent_withdrawn_on is None


class PlanVersion(Base):
    """One saved state of a person's Integrationsplan (Fortschreibung: every save is a new version)."""

    __tablename__ = "counselling_plan_version"
    __table_args__ = (UniqueConstraint("client_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("counselling_client.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # situation (the Ausgangslage, by field), goals (list), review_on (ISO date or ""); sealed with the person's key
    sealed_content: Mapped[str] = mapped_column("content", Text)

    client: Mapped[Client] = relationship(back_populates="versions")
    author: Mapped[User] = relationship(lazy="joined")

    content = SealedJSON("sealed_content", _persons_key)


class PlanDraft(Base):
    """What a manager typed and did not save yet (a refused form, or saved as a draft), one per person and manager."""

    __tablename__ = "counselling_plan_draft"

    client_id: Mapped[int] = mapped_column(ForeignKey("counselling_client.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    sealed_form_data: Mapped[str] = mapped_column("form_data", Text)  # sealed with the person's key
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    client: Mapped[Client] = relationship()

    form_data = SealedJSON("sealed_form_data", _persons_key)


class Reminder(Base):
    """The sweep's reminder of a review date (Wiedervorlage), for the responsible manager."""

    __tablename__ = "counselling_reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("counselling_client.id", ondelete="CASCADE"), index=True)
    review_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime)


class AccessLogEntry(Base):
    """Who read, exported, changed or deleted which person's data, and when; never the data itself.

    ``client_number`` is the person's number, kept after the person is deleted (no foreign key); numbers are never
    given again, so the lines stay the erased person's.
    """

    __tablename__ = "counselling_access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    client_number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class CaseFigure(Base):
    """A counselling, anonymous: who counselled (organisation, manager) from when to when."""

    __tablename__ = "counselling_case_figure"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[Optional[date]] = mapped_column(Date)


class GoalFigure(Base):
    """A goal agreed in a plan, anonymous: its area, when it was agreed and when it was reached."""

    __tablename__ = "counselling_goal_figure"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    area: Mapped[str] = mapped_column(String(32))
    agreed_on: Mapped[date] = mapped_column(Date)
    reached_on: Mapped[Optional[date]] = mapped_column(Date)


class PlanFigure(Base):
    """A plan written (first version) or updated (a later version), anonymous."""

    __tablename__ = "counselling_plan_figure"

    WRITTEN = "written"
    UPDATED = "updated"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    occurred_on: Mapped[date] = mapped_column(Date)

"""Organisations: the Land, Regierungsbezirke, Kreise, Gemeinden and other applicants."""

from __future__ import annotations

import enum
from typing import Optional

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.address import PostalAddress
from workflow.models.base import Base


class OrganisationKind(enum.StrEnum):
    LAND = "land"
    REGIERUNGSBEZIRK = "regierungsbezirk"
    LANDKREIS = "landkreis"
    STADTKREIS = "stadtkreis"
    GEMEINDE = "gemeinde"
    VERWALTUNGSGEMEINSCHAFT = "verwaltungsgemeinschaft"
    # A non-municipal applicant (eingetragener Verein, Verband, Stiftung, gGmbH …): no AGS, no Planungsrahmen; it lies
    # in the Gemeinde where it works, which gives it its Kreis and Regierungsbezirk.
    FREIER_TRAEGER = "freier_traeger"


KIND_LABELS = {
    OrganisationKind.LAND: "Land",
    OrganisationKind.REGIERUNGSBEZIRK: "Regierungsbezirk",
    OrganisationKind.LANDKREIS: "Landkreis",
    OrganisationKind.STADTKREIS: "Stadtkreis",
    OrganisationKind.GEMEINDE: "Gemeinde",
    OrganisationKind.VERWALTUNGSGEMEINSCHAFT: "Verwaltungsgemeinschaft",
    OrganisationKind.FREIER_TRAEGER: "Freier Träger",
}

# The bodies of local self-government: they apply under every programme and are bound by the ANBest-K.
MUNICIPAL_KINDS = (
    OrganisationKind.GEMEINDE,
    OrganisationKind.VERWALTUNGSGEMEINSCHAFT,
    OrganisationKind.LANDKREIS,
    OrganisationKind.STADTKREIS,
)

# The Land's Amtlicher Gemeindeschlüssel: the Land Baden-Württemberg as an organisation.
LAND_AGS = "08"
KREIS_KINDS = (OrganisationKind.LANDKREIS, OrganisationKind.STADTKREIS)


class Organisation(PostalAddress, Base):
    """A public body. ``ags`` is the official key at its level (Land 2 digits,
    Regierungsbezirk 3, Kreis 5, Gemeinde 8 digits)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        Enum(OrganisationKind, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])
    )
    name: Mapped[str] = mapped_column(String(200))
    ags: Mapped[Optional[str]] = mapped_column(String(8), unique=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisation.id"), index=True)
    # The Kreis and Regierungsbezirk an organisation lies in (a Kreis is its own
    # Kreis), kept beside parent_id so that lists can filter by them in SQL.
    kreis_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisation.id"), index=True)
    regierungsbezirk_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisation.id"), index=True)
    # The name letters are addressed to: the authority that speaks for a Regierungsbezirk,
    # „Stadt Tettnang“ for the Gemeinde Tettnang. The street, postcode and city come from PostalAddress.
    authority_name: Mapped[Optional[str]] = mapped_column(String(200))
    # The head of the body (Bürgermeisterin, Oberbürgermeister, Landrat …), named in the address block.
    head_title: Mapped[Optional[str]] = mapped_column(String(100))
    head_name: Mapped[Optional[str]] = mapped_column(String(200))
    # A freier Träger's legal form (eingetragener Verein, Stiftung …) and its register entry (court and number).
    legal_form: Mapped[Optional[str]] = mapped_column(String(64))
    register_entry: Mapped[Optional[str]] = mapped_column(String(120))

    parent: Mapped[Optional["Organisation"]] = relationship(remote_side=[id], foreign_keys=[parent_id])
    # post_update: a Kreis is its own Kreis, a Regierungsbezirk its own Bezirk.
    kreis: Mapped[Optional["Organisation"]] = relationship(
        remote_side=[id], foreign_keys=[kreis_id], lazy="joined", join_depth=1, post_update=True
    )
    regierungsbezirk: Mapped[Optional["Organisation"]] = relationship(
        remote_side=[id], foreign_keys=[regierungsbezirk_id], lazy="joined", join_depth=1, post_update=True
    )
    # Only a Regierungsbezirk has one: the Verwaltungsgericht whose district it is (``workflow.reference.courts``).
    court = relationship("Court", back_populates="regierungsbezirk", uselist=False)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def place_under(self, parent: Optional["Organisation"]) -> None:
        """Attach to ``parent`` and derive the Kreis and Regierungsbezirk from it."""
        self.parent = parent
        if self.kind in KREIS_KINDS:
            self.kreis = self
        else:
            self.kreis = parent.kreis if parent is not None else None
        if self.kind == OrganisationKind.REGIERUNGSBEZIRK:
            self.regierungsbezirk = self
        else:
            self.regierungsbezirk = parent.regierungsbezirk if parent is not None else None

    @property
    def label(self) -> str:
        """Name with the official key, as lists and letters show it."""
        return f"{self.name} ({self.ags})" if self.ags else self.name

    @property
    def head(self) -> str:
        """„Bürgermeisterin Regine Rist“, or what is known of it."""
        return " ".join(part for part in (self.head_title, self.head_name) if part)

    @property
    def addressee(self) -> str:
        """The name letters are addressed to: „Stadt Tettnang“ rather than „Tettnang“ where it is known."""
        return self.authority_name or self.name

    @property
    def postal_lines(self) -> list[str]:
        """The address block of a letter: addressee, head, street, postcode and city."""
        return [self.addressee, *([self.head] if self.head else []), *self.address_lines]

    def __repr__(self) -> str:
        return f"<Organisation {self.ags} {self.name}>"

"""The deciding authority a programme declares: who its letters, pages and exports say decided.

A programme names its Bewilligungsstelle in its package (``ProgrammeDefinition.authority``): name and address
(empty: as the reference data names the Regierungspräsidium that decides, ``routing``), the Referat, the lines of
the letterhead (telephone, e-mail), the lines under the signer's name, and how far its competence reaches, which
decides the court of the Rechtsbehelfsbelehrung. Where a programme cannot verify who decides, it declares the
``authority_settings`` too, and the administration corrects the authority in the programme's settings; the bank
account for repayments is the programme's payer account (``payer_*`` of ``workflows.post_award``).
"""

from __future__ import annotations

from dataclasses import dataclass

from workflow.engine.settings import TEXT, Setting

# § 52 Nr. 3 VwGO: the act of an authority whose competence covers several court districts (a Land-wide
# Bewilligungsstelle) is challenged at the court of the applicant's seat (S. 2); that of an authority competent for
# one district at the court of the district in which it was issued, its seat (S. 1); the same for a
# Verpflichtungsklage (S. 5). Sources: the text of § 52 as the Hessian administrative courts summarise it
# (verwaltungsgerichtsbarkeit.hessen.de, „Die örtliche Zuständigkeit“, Nr. 4) and Redeker/von Oertzen, VwGO, § 52
# Rn. 10 (Verpflichtungsklagen „den Anfechtungsklagen ausdrücklich gleichgestellt“).
LAND_WIDE = "land_wide"
ONE_DISTRICT = "one_district"
COMPETENCES = (LAND_WIDE, ONE_DISTRICT)
SEPARATOR = " · "


@dataclass(frozen=True)
class Authority:
    """The Bewilligungsstelle as the programme's letters name it (see the module)."""

    name: str = ""
    address: tuple[str, ...] = ()
    unit: str = ""
    letterhead: tuple[str, ...] = ()
    # Under the signer's name; empty: the authority's name and its Referat.
    signature: tuple[str, ...] = ()
    competence: str = LAND_WIDE

    def __post_init__(self):
        if self.competence not in COMPETENCES:
            raise ValueError(f"Unbekannte Zuständigkeit „{self.competence}“ (möglich: {', '.join(COMPETENCES)}).")


def authority_settings(authority: Authority) -> tuple[Setting, ...]:
    """The authority as settings the administration may correct, with the declaration as their defaults."""
    return (
        Setting("authority_name", "Bewilligungsstelle", TEXT, authority.name),
        Setting(
            "authority_address",
            "Anschrift der Bewilligungsstelle",
            TEXT,
            ", ".join(authority.address),
            description="Straße, PLZ und Ort, durch Komma getrennt.",
        ),
        Setting("authority_unit", "Referat der Bewilligungsstelle", TEXT, authority.unit),
        Setting(
            "authority_letterhead",
            "Briefkopf der Bewilligungsstelle (Telefon, E-Mail)",
            TEXT,
            SEPARATOR.join(authority.letterhead),
            description="Zeilen durch „ · “ getrennt.",
        ),
    )


def with_settings(authority: Authority, settings) -> Authority:
    """``authority`` as the programme version's settings correct it, where the programme declares them."""
    name, address = settings.get("authority_name"), settings.get("authority_address")
    unit, letterhead = settings.get("authority_unit"), settings.get("authority_letterhead")
    return Authority(
        name=name if name is not None else authority.name,
        address=_parts(address, ",") if address is not None else authority.address,
        unit=unit if unit is not None else authority.unit,
        letterhead=_parts(letterhead, SEPARATOR.strip()) if letterhead is not None else authority.letterhead,
        signature=authority.signature,
        competence=authority.competence,
    )


def _parts(text: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(separator) if part.strip())

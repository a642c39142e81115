"""The authority that decides a case, as its letters, pages and exports name it, and the court its acts go to.

The programme declares its Bewilligungsstelle (``workflow.engine.authority``); the reference data names the
Regierungspräsidium whose users work the cases: the programme's authority under central routing, the RP of the
applicant's Bezirk under district routing. Under district routing the RP's own name and address always stand (each
Bezirk has its own); under central routing the declaration (corrected by the settings where the programme allows it)
stands before the reference data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from workflow.engine.authority import LAND_WIDE, Authority, with_settings
from workflow.engine.programmes import definition_for, settings_of
from workflow.models import Application, Court, Organisation
from workflow.models.programme import ROUTING_DISTRICT, Programme
from workflow.reference.courts import competent_court, court_context

DISTRICT_AUTHORITY = "Regierungspräsidium des Bezirks der Antragstellerin"


@dataclass(frozen=True)
class DecidingAuthority:
    name: str
    unit: str
    address: tuple[str, ...]
    letterhead: tuple[str, ...]
    signature: tuple[str, ...]
    court: Optional[Court]

    @property
    def lines(self) -> list[str]:
        """The sender's block: name, Referat, street, postcode and city (the return address joins them)."""
        return [self.name, *([self.unit] if self.unit else []), *self.address]

    def context(self) -> dict:
        """For the letters: ``authority`` and ``court`` as the templates read them."""
        return {
            "authority": {
                "name": self.name,
                "unit": self.unit,
                "lines": self.lines,
                "letterhead": list(self.letterhead),
                "signature": list(self.signature or self.lines[: 2 if self.unit else 1]),
            },
            "court": court_context(self.court),
        }


def _declared(programme: Programme, settings) -> Authority:
    return with_settings(definition_for(programme.code).authority, settings)


def deciding_authority(application: Application) -> DecidingAuthority:
    programme = application.programme
    declared = _declared(programme, settings_of(application.programme_version))
    district = programme.routing == ROUTING_DISTRICT
    organisation: Optional[Organisation] = application.applicant.regierungsbezirk if district else programme.authority
    reference_name = (organisation.authority_name or organisation.name) if organisation is not None else ""
    reference_address = tuple(organisation.address_lines) if organisation is not None else ()
    return DecidingAuthority(
        name=reference_name if district else (declared.name or reference_name),
        unit=declared.unit,
        address=reference_address if district else (declared.address or reference_address),
        letterhead=declared.letterhead,
        signature=declared.signature,
        court=competent_court(application.applicant, organisation, declared.competence == LAND_WIDE and not district),
    )


def authority_name(programme: Programme, settings) -> str:
    """The Bewilligungsstelle of ``programme`` as its pages name it (before any applicant is known)."""
    if programme.routing == ROUTING_DISTRICT:
        return DISTRICT_AUTHORITY
    declared = _declared(programme, settings)
    organisation = programme.authority
    return declared.name or (organisation.authority_name or organisation.name if organisation is not None else "")


def authority_lines(programme: Programme, settings) -> list[str]:
    """Name, Referat and address of ``programme``'s Bewilligungsstelle for pages (the imprint); under district
    routing the name alone — each Bezirk's RP has its own address."""
    name = authority_name(programme, settings)
    if programme.routing == ROUTING_DISTRICT:
        return [name]
    declared = _declared(programme, settings)
    organisation = programme.authority
    address = declared.address or (tuple(organisation.address_lines) if organisation is not None else ())
    return [name, *([declared.unit] if declared.unit else []), *address]

"""The competent Verwaltungsgericht for a decision, as the Rechtsbehelfsbelehrung must name it.

§ 52 Nr. 3 VwGO (``workflow.engine.authority`` cites it): a decision of an authority whose competence covers
several court districts (a Land-wide Bewilligungsstelle such as the RP Stuttgart for a whole programme, or the
L-Bank) is challenged at the court of the applicant's seat (S. 2); a decision of an authority competent for one
district (the RP of the applicant's Bezirk under district routing) at the court of the district where it was issued,
that authority's seat (S. 1); Verpflichtungsklagen alike (S. 5). In Baden-Württemberg every court district is one
Regierungsbezirk, so the court is that of the applicant's Bezirk or of the authority's.
"""

from __future__ import annotations

from typing import Any, Optional

from workflow.models import Court, Organisation


def competent_court(applicant: Organisation, seat: Optional[Organisation], land_wide: bool) -> Optional[Court]:
    """The Verwaltungsgericht of the applicant's Bezirk (``land_wide``) or of the Bezirk of the authority's ``seat``;
    None when reference data lacks it."""
    district = applicant.regierungsbezirk if land_wide else (seat.regierungsbezirk if seat is not None else None)
    return district.court if district is not None else None


def court_context(court: Optional[Court]) -> dict[str, Any]:
    """The court for letters: name, address in one line, and the lines of an address block."""
    if court is None:
        # Letters before the decision render without it; signing is refused (guards.competent_court_is_known).
        return {"name": "", "address": "", "lines": []}
    return {"name": court.name, "address": ", ".join(court.address_lines), "lines": court.postal_lines}

"""The competent Verwaltungsgericht for a decision, as the Rechtsbehelfsbelehrung must name it.

§ 52 Nr. 3 VwGO: a decision of an authority whose competence covers several
court districts (a Land-wide Bewilligungsstelle, central routing) is
challenged at the court of the applicant's seat (S. 2, 5); a decision of an
authority competent for one district (the RP of the applicant's Bezirk,
district routing) at the court of that authority's seat (S. 1). In
Baden-Württemberg every court district is one Regierungsbezirk, so both rules
lead to the court of the applicant's Regierungsbezirk.
"""

from __future__ import annotations

from typing import Any, Optional

from workflow.models import Court, Organisation


def competent_court(applicant: Organisation) -> Optional[Court]:
    """The Verwaltungsgericht of the applicant's Regierungsbezirk; None when reference data lacks it."""
    bezirk = applicant.regierungsbezirk
    return bezirk.court if bezirk is not None else None


def court_context(court: Optional[Court]) -> dict[str, Any]:
    """The court for letters: name, address in one line, and the lines of an address block."""
    if court is None:
        # Letters before the decision render without it; signing is refused (guards.competent_court_is_known).
        return {"name": "", "address": "", "lines": []}
    return {"name": court.name, "address": ", ".join(court.address_lines), "lines": court.postal_lines}

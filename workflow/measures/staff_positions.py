"""Staff positions as measures: a person, a VZÄ share and an employment start; funded by months.

The two staff programmes (Integrationsmanagement, Integrationsbeauftragte) declare their measures with this shape;
a decision reduces a position by a smaller share or an earlier end, and a part month counts by its days.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from workflow.engine.schema import MeasureShape

STAFF_POSITIONS = MeasureShape(
    code="staff_position",
    label_field="person_name",
    label_heading="Person",
    required_fields=("fte", "employment_start"),
    shown=(("VZÄ", "fte"),),
    has_period=True,
    reductions=("fte", "end"),
    noun="Stelle",
)


def months_between(start: date, end: date) -> Decimal:
    """Funded months from ``start`` to ``end`` inclusive; a part month counts by its days (30 to a month)."""
    whole = relativedelta(end + timedelta(days=1), start)
    return Decimal(whole.years * 12 + whole.months) + Decimal(whole.days) / 30


# Deviations from the ANBest-K (VV Nr. 13.4 zu § 44 LHO) for a Festbetrag for staff: Nr. 2 read with the Festbetrag
# rule (a Festbetrag falls only where the expenses fall below it, VV Nr. 2.2.3 of the federal model; the Land's VV not
# read), no objects are bought, the proof of use is the Bescheid's. Unverified against the official text: the
# operator checks them when loading it.
STAFF_CONDITIONS_DEVIATIONS = (
    {
        "number": "2",
        "effect": "gilt mit Maßgabe",
        "text": "Die Zuwendung ist ein Festbetrag je Stelle. Sie ermäßigt sich nur, soweit die zuwendungsfähigen "
        "Ausgaben einer Stelle den für sie bewilligten Festbetrag unterschreiten; geringere Ausgaben, die den "
        "Festbetrag nicht unterschreiten, führen nicht zu einer Ermäßigung. Die Minderung für nicht besetzte "
        "Monate (Bescheid, Abschnitt V.) bleibt unberührt.",
    },
    {
        "number": "4",
        "effect": "gilt nicht",
        "text": "Gefördert werden nur Personalausgaben; aus der Zuwendung werden keine Gegenstände beschafft.",
    },
    {
        "number": "6",
        "effect": "gilt mit Maßgabe",
        "text": "Frist und Inhalt des Verwendungsnachweises bestimmt Abschnitt VII. des Bescheids.",
    },
)

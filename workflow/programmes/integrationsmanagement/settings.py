"""Settings of the VwV Integrationsmanagement with their defaults.

The figures are the defaults a new installation starts with; administrators
own them afterwards (each change a new programme version). The Festbeträge are
plausible values derived from the published programme (116 Mio. € for about
1,000 positions over two years, i.e. about 58,000 € per full-time position and
year); replace them with the rates of the VwV in force.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from workflow.engine.settings import conditions_deviations_setting, DATE, DECIMAL, INTEGER, MONEY, TABLE, TEXT, Setting
from workflow.measures.staff_positions import STAFF_CONDITIONS_DEVIATIONS

# {gericht} and {anschrift}: the court of the applicant's Regierungsbezirk, filled in by every letter.
LEGAL_BASIS = (
    "Verwaltungsvorschrift des Ministeriums für Soziales, Gesundheit und Integration über die Gewährung "
    "von Zuwendungen zur Förderung des Integrationsmanagements (VwV Integrationsmanagement) in Verbindung "
    "mit §§\u00a023 und 44 der Landeshaushaltsordnung für Baden-Württemberg (LHO) und den Allgemeinen "
    "Nebenbestimmungen für Zuwendungen zur Projektförderung an kommunale Körperschaften (ANBest-K)"
)

PURPOSE = (
    "Beschäftigung von Integrationsmanagerinnen und Integrationsmanagern, die Geflüchtete in der "
    "Anschlussunterbringung und in der Wohnsitzauflage sozial beraten und begleiten und mit ihnen einen "
    "individuellen Integrationsplan erstellen (Pakt für Integration)"
)

RATE_COLUMNS = (
    Setting("category", "Kategorie", TEXT, ""),
    Setting("label", "Bezeichnung", TEXT, ""),
    Setting("amount", "Festbetrag je VZÄ und Jahr", MONEY, "0.00", minimum=Decimal("0.00")),
)

SETTINGS = (
    Setting("legal_basis", "Rechtsgrundlage", TEXT, LEGAL_BASIS),
    Setting("purpose", "Zuwendungszweck", TEXT, PURPOSE),
    Setting(
        "funding_months", "Förderdauer je Stelle (Monate ab Beschäftigungsbeginn)", INTEGER, 24, minimum=1, maximum=60
    ),
    Setting(
        "threshold",
        "Mindestgrenze des (gemeinsamen) Planungsrahmens",
        MONEY,
        Decimal("51000.00"),
        minimum=Decimal("0.00"),
    ),
    Setting(
        "min_fte",
        "Mindeststellenanteil je Person (VZÄ)",
        DECIMAL,
        Decimal("0.25"),
        minimum=Decimal("0.01"),
        maximum=Decimal("1"),
    ),
    Setting("positions_start_earliest", "Beschäftigungsbeginn frühestens", DATE, date(2027, 1, 1)),
    Setting("positions_start_latest", "Beschäftigungsbeginn spätestens", DATE, date(2027, 12, 31)),
    Setting(
        "rates",
        "Festbeträge je Qualifikationskategorie",
        TABLE,
        [
            {"category": "a", "label": "a – Hochschulabschluss Soziale Arbeit oder vergleichbar", "amount": "58000.00"},
            {"category": "b", "label": "b – anderer geeigneter Hochschulabschluss", "amount": "52000.00"},
            {"category": "c", "label": "c – Berufsausbildung mit einschlägiger Berufserfahrung", "amount": "46000.00"},
        ],
        columns=RATE_COLUMNS,
    ),
    conditions_deviations_setting(list(STAFF_CONDITIONS_DEVIATIONS)),
)

"""Settings of the VwV Integrationsbeauftragte with their defaults.

Confirmed from the Ministry's programme page (see
``document_templates/integrationsbeauftragte/FACTS.md``): up to 20,000 € a
year for a full position from 20,000 inhabitants, at least 0.5 VZÄ with the
grant in proportion, applications by 15 November of the year before. The
10,000 € tier for 10,000 to under 20,000 inhabitants and the calendar year as
funding period could not be read in full from a public source: they are
settings an administrator corrects if the VwV in force says otherwise.
"""

from __future__ import annotations

from decimal import Decimal

from workflow.engine.settings import conditions_deviations_setting, DECIMAL, INTEGER, MONEY, TABLE, TEXT, Setting
from workflow.measures.staff_positions import STAFF_CONDITIONS_DEVIATIONS

LEGAL_BASIS = (
    "Verwaltungsvorschrift des Ministeriums für Soziales, Gesundheit und Integration über die Gewährung von "
    "Zuwendungen zur Förderung von Integrationsbeauftragten (VwV Integrationsbeauftragte) in Verbindung mit "
    "§§\u00a023 und 44 der Landeshaushaltsordnung für Baden-Württemberg (LHO) und den Allgemeinen "
    "Nebenbestimmungen für Zuwendungen zur Projektförderung an kommunale Körperschaften (ANBest-K)"
)

PURPOSE = (
    "Beschäftigung einer oder eines kommunalen Integrationsbeauftragten, die oder der die Integrationsarbeit in der "
    "Kommune koordiniert, Ansprechperson für Zugewanderte, Verwaltung und Zivilgesellschaft ist und die "
    "interkulturelle Öffnung der Verwaltung voranbringt"
)

# The staff deviations, and Nr. 1: the instalments are paid without a call.
CONDITIONS_DEVIATIONS = [
    {
        "number": "1",
        "effect": "gilt mit Maßgabe",
        "text": "Die Zuwendung wird nach Abschnitt VI. des Bescheids in Raten ausgezahlt, ohne dass sie angefordert wird.",
    },
    *STAFF_CONDITIONS_DEVIATIONS,
]

SETTINGS = (
    Setting("legal_basis", "Rechtsgrundlage", TEXT, LEGAL_BASIS),
    Setting("purpose", "Zuwendungszweck", TEXT, PURPOSE),
    Setting(
        "tiers",
        "Höchstbeträge je Vollzeitstelle und Jahr nach Einwohnerzahl",
        TABLE,
        [
            {
                "min_inhabitants": 20000,
                "label": "20.000 Einwohnerinnen und Einwohner und mehr",
                "max_grant": "20000.00",
            },
            {
                "min_inhabitants": 10000,
                "label": "10.000 bis unter 20.000 Einwohnerinnen und Einwohner",
                "max_grant": "10000.00",
            },
        ],
        description="Gemeinden unter der kleinsten Grenze können nur gemeinsam (Zusammenschluss) beantragen.",
        columns=(
            Setting("min_inhabitants", "ab Einwohnern", INTEGER, 0, minimum=0),
            Setting("label", "Bezeichnung", TEXT, ""),
            Setting("max_grant", "Höchstbetrag je VZÄ und Jahr", MONEY, "0.00", minimum=Decimal("0.00")),
        ),
    ),
    Setting(
        "min_fte", "Mindeststellenanteil (VZÄ)", DECIMAL, Decimal("0.50"), minimum=Decimal("0.01"), maximum=Decimal("1")
    ),
    Setting(
        "funding_years",
        "Förderjahre, für die Anträge angenommen werden",
        TABLE,
        [{"year": 2027}, {"year": 2028}],
        columns=(Setting("year", "Förderjahr", INTEGER, 2027, minimum=2020, maximum=2100),),
    ),
    Setting(
        "population_max_age_years",
        "Höchstalter der Einwohnerzahl (Jahre zwischen Stichtag und Förderjahr)",
        INTEGER,
        3,
        minimum=0,
        maximum=20,
        description="Liegt der Stichtag der Einwohnertabelle weiter zurück, weist die Prüfung auf eine veraltete Tabelle hin.",
    ),
    Setting("deadline_day", "Antragsfrist: Tag im November des Vorjahres", INTEGER, 15, minimum=1, maximum=30),
    conditions_deviations_setting(CONDITIONS_DEVIATIONS),
)

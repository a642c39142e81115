"""Settings of the VwV-Integration, parts Elternbeteiligung and Teilhabe und Antidiskriminierung, with their defaults.

The third programme funds projects (Bildungslotsen, Elternmentoren, Fortbildungen, Veranstaltungen gegen
Diskriminierung) of municipalities and freie Träger by a share of their zuwendungsfähige Ausgaben; its arithmetic is
``workflow.measures.cost_plan``. This package holds only the settings for now: there is no ``__init__.py`` with a
DEFINITION and no entry point, because the engine still knows staff positions only and cannot run a cost plan yet
(issue 22). Once it can, the package gets its definition, schema and rules like the two staff programmes.

Sources, read through the project's search of public pages (each default below says which, or that it is
unverified and a plausible value an administrator corrects):
- Sozialministerium BW, „Überblick / FAQ“ zur VwV-Integration: the VwV of 29 August 2013, last changed by VwV of
  14 February 2018; a new version was announced for 2019 — whether and when it was issued we could not read.
- L-Bank, „Integration und gesellschaftliche Teilhabe – VwV-Integration“: grant „in der Regel in Höhe von
  60 Prozent der zuwendungsfähigen Ausgaben als Projektförderung“; application deadline of the 2018 round 13.04.2018.
- Förderdatenbank des Bundes, „Förderung der gesellschaftlichen Teilhabe und Integration (VwV-Integration)“:
  the three areas, applicants, conditions, 60 % „in der Regel“, a Bagatellgrenze (its figure is cut off in the
  copy we could read), contact L-Bank.
- Press releases of the Land (1 March 2023 and the fourth round): Elternmentoren projects funded over two years,
  27 projects with about 660,000 € and 25 with about 600,000 €, chosen by a jury; Region Stuttgart's notice of the
  2022 call: applicants, and the deadline 31 January 2022.
- LHO Baden-Württemberg with VV (copy on yumpu.com, ANBest of 2013): Mittelabruf only for the next two months;
  Nr. 2.1: the balance of all changes, own funds left out, reduces the grant — by the share with Anteilfinanzierung.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from workflow.engine.authority import LAND_WIDE, Authority, authority_settings
from workflow.engine.settings import (
    CHOICE,
    DATE,
    DECIMAL,
    INTEGER,
    MONEY,
    TABLE,
    TEXT,
    Setting,
)
from workflow.measures.cost_plan import DEFICIT, FINANCING_LABELS, FIXED, SHARE

# Verified: the VwV's title (Sozialministerium's FAQ); LHO §§ 23, 44 as for every Zuwendung of the Land. Which
# Nebenbestimmungen apply follows the applicant (see ``annex_*``).
LEGAL_BASIS = (
    "Verwaltungsvorschrift des Ministeriums für Soziales, Gesundheit und Integration über die Gewährung von "
    "Zuwendungen zur Förderung der gesellschaftlichen Teilhabe und Integration (VwV-Integration) in Verbindung mit "
    "§§\u00a023 und 44 der Landeshaushaltsordnung für Baden-Württemberg (LHO) und den dazu erlassenen "
    "Verwaltungsvorschriften"
)

# Verified: the two areas open to freie Träger and their examples (Förderdatenbank).
PURPOSE = (
    "Projekte der Elternbeteiligung (z.\u00a0B. Bildungslotsen und Elternmentoren), die Eltern mit Einwanderungs- "
    "oder Fluchtgeschichte am Bildungsweg ihrer Kinder beteiligen, sowie Projekte der Teilhabe und "
    "Antidiskriminierung (z.\u00a0B. Vortrags-, Podiums- und Fortbildungsveranstaltungen)"
)

# The Bewilligungsstelle. Verified for the rounds of 2018 and 2019: the L-Bank ran the VwV-Integration for the
# Ministry (Förderdatenbank: „Ansprechpartner: L-Bank“, deadline 13.04.2018; l-bank.de, „Integration und
# gesellschaftliche Teilhabe – VwV-Integration“ and „Förderaufruf 2019“). Unverified for today: the Elternmentoren
# rounds since 2020 are chosen by a jury and the Minister (press releases of 2023 and 2024), and who issues their
# Bescheide we could not read — so the authority is a setting the administration corrects (``authority_*``), and the
# RP Stuttgart, whose users work the cases here, stands only in the reference data. The address is the L-Bank's seat
# in Karlsruhe; Referat and letterhead lines are unknown and left empty. The L-Bank is competent for the whole Land:
# the court is that of the applicant's seat (§ 52 Nr. 3 S. 2 VwGO).
AUTHORITY = Authority(
    name="L-Bank, Staatsbank für Baden-Württemberg",
    address=("Schlossplatz 10", "76131 Karlsruhe"),
    competence=LAND_WIDE,
)

ELIGIBLE = "ja"
NOT_ELIGIBLE = "nein"

# Unverified: the VwV's list of (non-)eligible costs could not be read. The groups are the usual ones of a
# Kosten- und Finanzierungsplan; the exclusions are common in Land programmes and must be checked against the VwV.
COST_GROUPS = [
    {"key": "personal", "label": "Personalausgaben (Projektpersonal)", "eligible": ELIGIBLE, "reason": ""},
    {
        "key": "honorare",
        "label": "Honorare und Aufwandsentschädigungen (z.\u00a0B. Elternmentorinnen)",
        "eligible": ELIGIBLE,
        "reason": "",
    },
    {
        "key": "sachkosten",
        "label": "Sachausgaben (Material, Raummiete, Dolmetschen)",
        "eligible": ELIGIBLE,
        "reason": "",
    },
    {"key": "reisekosten", "label": "Reisekosten (nach Landesreisekostengesetz)", "eligible": ELIGIBLE, "reason": ""},
    {"key": "oeffentlichkeit", "label": "Öffentlichkeitsarbeit", "eligible": ELIGIBLE, "reason": ""},
    {
        "key": "fortbildung",
        "label": "Qualifizierung und Fortbildung der Ehrenamtlichen",
        "eligible": ELIGIBLE,
        "reason": "",
    },
    {
        "key": "investitionen",
        "label": "Investitionen und Anschaffungen",
        "eligible": NOT_ELIGIBLE,
        "reason": "Gefördert werden Projekte, keine Investitionen.",
    },
    {
        "key": "stammpersonal",
        "label": "Vorhandenes Stammpersonal und laufender Betrieb",
        "eligible": NOT_ELIGIBLE,
        "reason": "Regelaufgaben und laufender Betrieb der Antragstellerin sind nicht zuwendungsfähig.",
    },
]

COST_GROUP_COLUMNS = (
    Setting("key", "Schlüssel", TEXT, ""),
    Setting("label", "Kostengruppe", TEXT, ""),
    Setting(
        "eligible",
        "zuwendungsfähig",
        CHOICE,
        ELIGIBLE,
        choices=((ELIGIBLE, "zuwendungsfähig"), (NOT_ELIGIBLE, "nicht zuwendungsfähig")),
    ),
    Setting("reason", "Begründung, wenn nicht zuwendungsfähig", TEXT, ""),
)

# Verified: Stadt- und Landkreise, Städte und Gemeinden; for these two areas also freie Träger „z. B. Verbände,
# Vereine, Stiftungen, juristische Personen und Projektpartnerschaften“ (Förderdatenbank), Migrantenorganisationen
# (Region Stuttgart, 2022 call). Municipalities may pass a grant on to third parties (same notice).
APPLICANT_FORMS = [
    {"form": "kommune", "label": "Stadt- oder Landkreis, Stadt, Gemeinde", "municipal": "ja"},
    {"form": "verein", "label": "eingetragener Verein (auch Migrantenorganisation)", "municipal": "nein"},
    {"form": "verband", "label": "Verband (z.\u00a0B. der Wohlfahrtspflege)", "municipal": "nein"},
    {"form": "stiftung", "label": "Stiftung", "municipal": "nein"},
    {"form": "juristische_person", "label": "andere juristische Person (z.\u00a0B. gGmbH)", "municipal": "nein"},
    {"form": "projektpartnerschaft", "label": "Projektpartnerschaft der Genannten", "municipal": "nein"},
]

SETTINGS = (
    Setting("legal_basis", "Rechtsgrundlage", TEXT, LEGAL_BASIS),
    Setting("purpose", "Zuwendungszweck", TEXT, PURPOSE),
    # Verified: Projektförderung as Anteilfinanzierung „in der Regel“ (L-Bank, Förderdatenbank).
    Setting(
        "financing",
        "Finanzierungsart",
        CHOICE,
        SHARE,
        choices=tuple((kind, FINANCING_LABELS[kind]) for kind in (SHARE, DEFICIT, FIXED)),
    ),
    # Verified: 60 % „in der Regel“; „für einzelne Maßnahmen kann auch ein höherer Zuschuss gewährt werden“
    # (Förderdatenbank) — a higher share is the reviewer's decision in the case, not a change of this default.
    Setting(
        "share",
        "Anteil der zuwendungsfähigen Ausgaben",
        DECIMAL,
        Decimal("0.60"),
        minimum=Decimal("0.01"),
        maximum=Decimal(1),
    ),
    # Unverified: no Höchstbetrag found. About 24,000 € per project follows from the Elternmentoren rounds
    # (660,000 € for 27 projects, 600,000 € for 25, each over two years).
    Setting("maximum", "Höchstbetrag je Projekt", MONEY, Decimal("25000.00"), minimum=Decimal("0.00")),
    # Unverified: the Förderdatenbank names a Bagatellgrenze, but its figure was cut off; 2,500 € is a placeholder.
    Setting(
        "minimum",
        "Bagatellgrenze (kleinste Zuwendung)",
        MONEY,
        Decimal("2500.00"),
        minimum=Decimal("0.00"),
        description="Zuwendungen unter diesem Betrag werden nicht bewilligt.",
    ),
    # Verified for earlier rounds only (13.04.2018; Elternmentoren 31.01.2022); each call sets its own date.
    Setting("application_deadline", "Antragsfrist der Förderrunde", DATE, date(2027, 1, 31)),
    # Verified for the Elternmentoren rounds since 2023 (two-year funding period, press release of 1 March 2023).
    Setting("funding_months", "Förderzeitraum (Monate)", INTEGER, 24, minimum=1, maximum=36),
    Setting(
        "cost_groups",
        "Kostengruppen des Kosten- und Finanzierungsplans",
        TABLE,
        COST_GROUPS,
        columns=COST_GROUP_COLUMNS,
    ),
    Setting(
        "applicant_forms",
        "Antragsberechtigte",
        TABLE,
        APPLICANT_FORMS,
        columns=(
            Setting("form", "Schlüssel", TEXT, ""),
            Setting("label", "Rechtsform", TEXT, ""),
            Setting("municipal", "kommunal (ANBest-K)", CHOICE, "nein", choices=(("ja", "ja"), ("nein", "nein"))),
        ),
    ),
    # Verified (Förderdatenbank): projects of freie Träger are „in der Regel“ coordinated with the municipality,
    # and migrants or their organisations take part.
    Setting(
        "coordination_note",
        "Abstimmung mit der Kommune",
        TEXT,
        "Maßnahmen in freier Trägerschaft sind in der Regel mit der Kommune abzustimmen, in der sie "
        "stattfinden; Migrantinnen und Migranten oder ihre Organisationen sind zu beteiligen.",
    ),
    # Unverified numbering: ANBest-P and ANBest-K are the annexes of VV Nr. 5.1 and 5.2 zu § 44 LHO in the
    # federal model; the Land's VV-LHO of 20 December 2018 could not be read in full.
    Setting(
        "annex_non_municipal",
        "Nebenbestimmungen für freie Träger",
        TEXT,
        "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P)",
    ),
    Setting(
        "annex_municipal",
        "Nebenbestimmungen für Kommunen",
        TEXT,
        "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung an kommunale Körperschaften (ANBest-K)",
    ),
    # Verified in the Land's ANBest (Nr. 1.4, yumpu copy of 2013): called only for what is due within two months.
    Setting("call_months", "Mittelabruf für den Bedarf von (Monaten)", INTEGER, 2, minimum=1, maximum=6),
    # Verified in an ANBest-P text (Nr. 1.2, docplayer copy; not the Land's own): an Einzelansatz may be exceeded by
    # up to 20 % if other groups save as much.
    Setting(
        "overrun_tolerance",
        "Zulässige Überschreitung einer Kostengruppe",
        DECIMAL,
        Decimal("0.20"),
        minimum=Decimal(0),
        maximum=Decimal(1),
    ),
    # Unverified: six months after the project ends as in the federal ANBest-P Nr. 6.1; overrides the engine's 3.
    Setting(
        "proof_of_use_months",
        "Verwendungsnachweis fällig (Monate nach Ende des Förderzeitraums)",
        INTEGER,
        6,
        minimum=1,
        maximum=24,
    ),
    # Who decides: ``AUTHORITY`` below, correctable here because it could not be verified for today's rounds.
    *authority_settings(AUTHORITY),
)

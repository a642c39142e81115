"""What every RP letter says besides the decision: the general contact of the Referat, the data-protection
information (Art. 13 and 14 DSGVO) and the budget the grant is paid from (Haushaltsstelle, Verpflichtungsermächtigung).

Settings of every programme (``COMMON_SETTINGS``); a programme declares one again to give it its own default. The
letters read them through ``workflow.letters.letter_blocks``.
"""

from __future__ import annotations

from dataclasses import replace

from workflow.engine.settings import INTEGER, TEXT, Setting

# What is processed and why (Art. 13 Abs. 1 Buchst. c DSGVO), for the staff programmes and the project programme alike.
PROCESSING = (
    "Wir verarbeiten die Angaben des Antrags und des weiteren Verfahrens: Namen und Kontaktdaten der Ansprechpersonen "
    "und der Personen, die für die Antragstellerin handeln, Angaben zu den geförderten Beschäftigten (Name, "
    "Qualifikation, Stellenumfang, Beschäftigungszeiten), soweit das Programm sie verlangt, und die Bankverbindung. "
    "Wir verarbeiten sie, um über die Zuwendung zu entscheiden, sie auszuzahlen, ihre Verwendung zu prüfen und "
    "Erstattungsansprüche geltend zu machen."
)
RECIPIENTS = (
    "Soweit es für ihre Aufgaben erforderlich ist, erhalten die Daten das für das Förderprogramm zuständige "
    "Ministerium, die Landesoberkasse Baden-Württemberg für die Zahlungen und der Rechnungshof Baden-Württemberg bei "
    "seinen Prüfungen (§ 91 LHO); im Streitfall das Gericht."
)
SUPERVISORY_AUTHORITY = (
    "Landesbeauftragter für den Datenschutz und die Informationsfreiheit Baden-Württemberg (LfDI), "
    "www.baden-wuerttemberg.datenschutz.de"
)

LETTER_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "office_phone",
        "Telefon der Bewilligungsstelle (allgemeine Ansprechstelle des Referats)",
        TEXT,
        "",
        description="Steht im Briefkopf, wenn für die Sachbearbeitung keine eigene Durchwahl hinterlegt ist.",
    ),
    Setting(
        "office_email",
        "E-Mail der Bewilligungsstelle (allgemeine Ansprechstelle des Referats)",
        TEXT,
        "",
        description="Steht im Briefkopf, solange der Fall noch keiner Sachbearbeitung zugewiesen ist.",
    ),
    Setting(
        "data_protection_officer",
        "Behördliche Datenschutzbeauftragte oder behördlicher Datenschutzbeauftragter (Anschrift, E-Mail)",
        TEXT,
        "",
        description="Leer: die Datenschutzhinweise nennen die Anschrift der Bewilligungsstelle mit dem Zusatz "
        "„Datenschutzbeauftragte/r“.",
    ),
    Setting("privacy_processing", "Datenschutzhinweise: welche Daten zu welchem Zweck", TEXT, PROCESSING),
    Setting("privacy_recipients", "Datenschutzhinweise: Empfänger", TEXT, RECIPIENTS),
    Setting(
        "retention_years",
        "Aufbewahrung der Verfahrensdaten (Jahre nach Abschluss des Verfahrens)",
        INTEGER,
        10,
        minimum=1,
        maximum=100,
        description="Nach der Aktenordnung und den Aufbewahrungsbestimmungen der Landesverwaltung zu prüfen.",
    ),
    Setting(
        "supervisory_authority",
        "Datenschutz-Aufsichtsbehörde (Beschwerde nach Art. 77 DSGVO)",
        TEXT,
        SUPERVISORY_AUTHORITY,
    ),
    Setting(
        "budget_line",
        "Haushaltsstelle (Kapitel und Titel des Staatshaushaltsplans)",
        TEXT,
        "",
        description="Zum Beispiel „Kapitel 0940 Titel 633 78“. Leer: der Bescheid nennt keine Haushaltsstelle.",
    ),
    Setting(
        "commitment_authorisation",
        "Verpflichtungsermächtigung für Zahlungen in späteren Haushaltsjahren (Fundstelle)",
        TEXT,
        "",
        description="Zum Beispiel „Staatshaushaltsplan 2027/2028, Kapitel 0940 Titel 633 78“. Der Bescheid nennt sie, "
        "wenn die Zuwendung in Haushaltsjahre nach dem Jahr des Bescheids reicht (§ 38 LHO).",
    ),
)


def with_default(name: str, default) -> Setting:
    """The letter setting ``name`` with a programme's own default (e.g. the Referat's mailbox)."""
    return next(replace(setting, default=default) for setting in LETTER_SETTINGS if setting.name == name)

"""The application of the VwV Integrationsmanagement: one position per Integrationsmanager/in."""

from __future__ import annotations

from workflow.engine.schema import CHOICE, DATE, DECIMAL, RADIO, ApplicationSchema, Field
from workflow.measures.staff_positions import STAFF_POSITIONS
from workflow.workflows.standard.early_start import EARLY_START_FIELDS

EMPLOYER_OWN = "own"
EMPLOYER_PROVIDER = "provider"

DECLARATIONS = (
    ("decl_truthful", "Die Angaben in diesem Antrag sind vollständig und richtig."),
    (
        "decl_no_double_funding",
        "Für die beantragten Stellen werden keine weiteren Zuwendungen des Landes für denselben Zweck in Anspruch genommen.",
    ),
    (
        "decl_subsidy_fraud",
        "Uns ist bekannt, dass die Angaben zu den Stellen und zum Beschäftigungsbeginn subventionserheblich "
        "im Sinne von § 264 StGB sind.",
    ),
    (
        "decl_data_protection",
        "Die in den Stellen genannten Personen sind über die Verarbeitung ihrer Daten nach Art. 13 DSGVO informiert.",
    ),
)

SCHEMA = ApplicationSchema(
    measure_shape=STAFF_POSITIONS,
    application_fields=EARLY_START_FIELDS,
    application_title="Beginn des Vorhabens",
    measure_fields=(
        Field(
            "person_name",
            "Name der Integrationsmanagerin / des Integrationsmanagers",
            message="Bitte geben Sie den Namen der Person an.",
        ),
        Field(
            "category",
            "Qualifikation",
            CHOICE,
            message="Bitte wählen Sie eine Qualifikationskategorie.",
            choices_from=("rates", "category", "label"),
        ),
        Field(
            "fte",
            "Stellenanteil in VZÄ",
            DECIMAL,
            message="Bitte geben Sie den Stellenanteil als Zahl an, z. B. 0,5.",
            description="z. B. 0,5 für eine halbe Stelle",
            width="s",
        ),
        Field(
            "employment_start",
            "Beschäftigungsbeginn",
            DATE,
            message="Bitte geben Sie das Datum im Format TT.MM.JJJJ an.",
            description="Format TT.MM.JJJJ, z. B. 01.03.2027",
            width="m",
        ),
        Field(
            "employer_kind",
            "Anstellungsträger",
            RADIO,
            message="Bitte wählen Sie den Anstellungsträger.",
            choices=(
                (EMPLOYER_OWN, "Antragsteller (eigenes Personal)"),
                (EMPLOYER_PROVIDER, "Dritter Träger (Weiterleitung an Dritte)"),
            ),
            default=EMPLOYER_OWN,
        ),
        Field(
            "provider_name",
            "Name des Trägers",
            message="Bitte geben Sie den Namen des Trägers an.",
            description="Nur bei Weiterleitung an Dritte, z. B. ein Wohlfahrtsverband",
            only_when=("employer_kind", EMPLOYER_PROVIDER),
        ),
    ),
    declarations=DECLARATIONS,
    measure_title="Stellen der Integrationsmanagerinnen und -manager",
    measure_legend="Stelle",
    measure_hint="Gefördert wird ein Festbetrag je Vollzeitstelle und Jahr nach Qualifikation, für "
    "{funding_months} Monate ab Beschäftigungsbeginn. Mindestens {min_fte} VZÄ je Person.",
    joint_hint="Nur bei einem gemeinsamen Antrag: Die Planungsrahmen aller Mitglieder werden zusammengerechnet; "
    "die Mindestgrenze von {threshold} gilt für die Summe.",
    summary_columns=(("Qualifikation", "category_label"), ("Anstellungsträger", "employer")),
    attachment_hint="Zum Beispiel Arbeitsverträge, Stellenbeschreibungen oder die Vereinbarung des Zusammenschlusses.",
)

# A complete application as a clerk would type it: the sample case of ``foerderweg programme check``.
SAMPLE_INPUT = {
    "joint": "joint",
    "consortium_name": "Integrationsmanagement Musterverbund",
    "contact_name": "Miriam Keller",
    "contact_phone": "07532 440-0",
    "contact_email": "keller@example.org",
    "account_holder": "Stadt Musterstadt",
    "iban": "DE02 6005 0101 0002 0343 04",
    "bic": "",
    "positions-0-person_name": "Anna Beispiel",
    "positions-0-category": "a",
    "positions-0-fte": "0,5",
    "positions-0-employment_start": "01.03.2027",
    "positions-0-employer_kind": EMPLOYER_PROVIDER,
    "positions-0-provider_name": "Caritas Musterland",
    "positions-1-person_name": "Ben Muster",
    "positions-1-category": "c",
    "positions-1-fte": "0,25",
    "positions-1-employment_start": "01.04.2027",
    "positions-1-employer_kind": EMPLOYER_OWN,
    "positions-1-provider_name": "",
    **{name: "y" for name, _ in DECLARATIONS},
}

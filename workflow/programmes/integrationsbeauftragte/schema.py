"""The application of the VwV Integrationsbeauftragte: one position, held by one person or shared by two."""

from __future__ import annotations

from workflow.engine.schema import CHOICE, DATE, DECIMAL, ApplicationSchema, Field
from workflow.measures.staff_positions import STAFF_POSITIONS
from workflow.workflows.standard.early_start import EARLY_START_FIELDS

DECLARATIONS = (
    ("decl_truthful", "Die Angaben in diesem Antrag sind vollständig und richtig."),
    (
        "decl_degree",
        "Die genannten Personen haben einen Hochschulabschluss oder einen vergleichbaren ausländischen "
        "Abschluss; die Nachweise liegen uns vor.",
    ),
    (
        "decl_no_double_funding",
        "Für die Stelle werden keine weiteren Zuwendungen für denselben Zweck in Anspruch genommen.",
    ),
    (
        "decl_subsidy_fraud",
        "Uns ist bekannt, dass die Angaben zur Stelle, zum Stellenanteil und zum Beschäftigungsbeginn "
        "subventionserheblich im Sinne von § 264 StGB sind.",
    ),
    (
        "decl_data_protection",
        "Die genannten Personen sind über die Verarbeitung ihrer Daten nach Art. 13 DSGVO informiert.",
    ),
)

SCHEMA = ApplicationSchema(
    measure_shape=STAFF_POSITIONS,
    application_fields=(
        Field(
            "funding_year",
            "Förderjahr",
            CHOICE,
            message="Bitte wählen Sie das Förderjahr.",
            choices_from=("funding_years", "year", "year"),
            description="Gefördert wird das Kalenderjahr. Der Antrag ist bis zum 15. November des Vorjahres einzureichen.",
        ),
        *EARLY_START_FIELDS,
    ),
    application_title="Förderjahr und Beginn",
    measure_fields=(
        Field(
            "person_name",
            "Name der oder des Integrationsbeauftragten",
            message="Bitte geben Sie den Namen der Person an.",
        ),
        Field(
            "qualification",
            "Hochschulabschluss (Fach und Abschluss)",
            message="Bitte geben Sie den Hochschulabschluss der Person an.",
            description="z. B. Soziale Arbeit (B. A.), Politikwissenschaft (M. A.)",
        ),
        Field(
            "fte",
            "Stellenanteil in VZÄ",
            DECIMAL,
            message="Bitte geben Sie den Stellenanteil als Zahl an, z. B. 1 oder 0,5.",
            description="mindestens {min_fte} VZÄ; eine Vollzeitstelle kann auf zwei Personen mit je 0,5 VZÄ aufgeteilt werden",
            width="s",
        ),
        Field(
            "employment_start",
            "Beschäftigungsbeginn",
            DATE,
            message="Bitte geben Sie das Datum im Format TT.MM.JJJJ an.",
            description="Format TT.MM.JJJJ; ein Beginn vor dem Förderjahr gilt als 01.01. des Förderjahres",
            width="m",
        ),
    ),
    declarations=DECLARATIONS,
    measure_title="Integrationsbeauftragte Person(en)",
    measure_legend="Person",
    measure_hint="Gefördert wird eine Stelle mit mindestens {min_fte} VZÄ; der Zuschuss richtet sich nach der "
    "Einwohnerzahl und ist anteilig zum Stellenanteil. Zwei Personen teilen sich eine Vollzeitstelle nur mit je 0,5 VZÄ.",
    joint_hint="Kommunen mit weniger als 10.000 Einwohnerinnen und Einwohnern können nur gemeinsam mit anderen "
    "beantragen; maßgeblich ist dann die Einwohnerzahl aller Mitglieder zusammen.",
    summary_columns=(("Hochschulabschluss", "qualification"),),
    attachment_hint="Zum Beispiel Stellenbeschreibung, Nachweis des Hochschulabschlusses oder die Vereinbarung des Zusammenschlusses.",
)

SAMPLE_INPUT = {
    "funding_year": "2028",
    "joint": "single",
    "consortium_name": "Integrationsbeauftragte Musterverbund",
    "contact_name": "Jana Keller",
    "contact_phone": "07641 452-0",
    "contact_email": "keller@example.org",
    "account_holder": "Stadt Musterstadt",
    "iban": "DE02 6005 0101 0002 0343 04",
    "bic": "",
    "positions-0-person_name": "Selin Arslan",
    "positions-0-qualification": "Soziale Arbeit (B. A.)",
    "positions-0-fte": "0,5",
    "positions-0-employment_start": "01.01.2028",
    "positions-1-person_name": "Jonas Weber",
    "positions-1-qualification": "Politikwissenschaft (M. A.)",
    "positions-1-fte": "0,5",
    "positions-1-employment_start": "01.04.2028",
    **{name: "y" for name, _ in DECLARATIONS},
}

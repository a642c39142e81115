"""The application of the VwV-Integration (Teilhabe, Elternbeteiligung): a project with its Kosten- und
Finanzierungsplan — one measure per planned expense, the financing as fields of the application."""

from __future__ import annotations

from workflow.engine.schema import AMOUNT, CHOICE, DATE, ApplicationSchema, Field
from workflow.measures.cost_items import COST_ITEMS
from workflow.workflows.standard.early_start import EARLY_START_FIELDS

DECLARATIONS = (
    (
        "decl_truthful",
        "Die Angaben in diesem Antrag und im Kosten- und Finanzierungsplan sind vollständig und richtig.",
    ),
    (
        "decl_not_started",
        "Mit dem Projekt ist noch nicht begonnen worden; kein der Ausführung zuzurechnender Vertrag "
        "ist geschlossen (VV Nr. 1.3 zu § 44 LHO).",
    ),
    (
        "decl_subsidy_fraud",
        "Uns ist bekannt, dass die Angaben zum Projekt und zu seiner Finanzierung "
        "subventionserheblich im Sinne von § 264 StGB sind.",
    ),
    (
        "decl_coordination",
        "Das Projekt ist mit der Kommune abgestimmt, in der es stattfindet; Migrantinnen und "
        "Migranten oder ihre Organisationen wirken mit.",
    ),
)

SCHEMA = ApplicationSchema(
    measure_shape=COST_ITEMS,
    application_fields=(
        Field(
            "project_title", "Titel des Projekts", message="Bitte geben Sie den Titel des Projekts an.", max_length=150
        ),
        Field(
            "area",
            "Förderbereich",
            CHOICE,
            message="Bitte wählen Sie den Förderbereich.",
            choices=(
                ("elternbeteiligung", "Elternbeteiligung (z. B. Bildungslotsen, Elternmentoren)"),
                ("teilhabe", "Teilhabe und Antidiskriminierung (z. B. Fortbildungen, Veranstaltungen)"),
            ),
        ),
        Field(
            "project_place",
            "Kommune, in der das Projekt stattfindet",
            message="Bitte nennen Sie die Kommune, in der das Projekt stattfindet.",
        ),
        Field(
            "project_start",
            "Beginn des Projekts",
            DATE,
            message="Bitte geben Sie das Datum im Format TT.MM.JJJJ an.",
            width="m",
        ),
        Field(
            "project_end",
            "Ende des Projekts",
            DATE,
            message="Bitte geben Sie das Datum im Format TT.MM.JJJJ an.",
            width="m",
        ),
        Field(
            "own_funds",
            "Eigenmittel in Euro",
            AMOUNT,
            message="Bitte geben Sie die Eigenmittel an (0 wenn keine).",
            width="m",
        ),
        Field(
            "third_party_funds",
            "Drittmittel in Euro (z. B. Spenden, andere Zuschüsse)",
            AMOUNT,
            message="Bitte geben Sie die Drittmittel an (0 wenn keine).",
            width="m",
        ),
        Field(
            "requested",
            "Beantragte Zuwendung in Euro",
            AMOUNT,
            message="Bitte geben Sie die beantragte Zuwendung an.",
            description="Höchstens {share} × die zuwendungsfähigen Ausgaben und höchstens {maximum}.",
            width="m",
        ),
        *EARLY_START_FIELDS,
    ),
    application_title="Angaben zum Projekt und zur Finanzierung",
    measure_fields=(
        Field(
            "group",
            "Kostengruppe",
            CHOICE,
            message="Bitte wählen Sie die Kostengruppe.",
            choices_from=("cost_groups", "key", "label"),
        ),
        Field(
            "description",
            "Ausgabe",
            message="Bitte beschreiben Sie die Ausgabe.",
            max_length=150,
            description="z. B. Honorare für 12 Elternmentorinnen, 40 Stunden je 25 €",
        ),
        Field("cost", "Betrag in Euro", AMOUNT, message="Bitte geben Sie den Betrag an, z. B. 12.000,00.", width="m"),
    ),
    declarations=DECLARATIONS,
    measure_title="Ausgabenplan",
    measure_legend="Ausgabe",
    measure_hint="Nennen Sie alle Ausgaben des Projekts, auch die nicht zuwendungsfähigen: Ausgaben und Finanzierung "
    "müssen gleich hoch sein. Die Zuwendung beträgt höchstens {share} × die zuwendungsfähigen Ausgaben und "
    "höchstens {maximum}.",
    summary_columns=(("Kostengruppe", "group_label"), ("zuwendungsfähig", "eligible_label")),
    attachment_hint="Zum Beispiel Projektbeschreibung, Satzung und Registerauszug (bei Vereinen), Abstimmung mit der "
    "Kommune.",
    consortia=False,
)

# A complete application as a clerk would type it: the sample case of ``foerderweg programme check``.
SAMPLE_INPUT = {
    "joint": "single",
    "project_title": "Elternmentorinnen an Grundschulen",
    "area": "elternbeteiligung",
    "project_place": "Stadt Musterstadt",
    "project_start": "01.03.2027",
    "project_end": "28.02.2029",
    "own_funds": "12.000,00",
    "third_party_funds": "4.000,00",
    "requested": "24.000,00",
    "contact_name": "Aylin Demir",
    "contact_phone": "0711 123456-0",
    "contact_email": "demir@example.org",
    "account_holder": "Stadt Musterstadt",
    "iban": "DE02 6005 0101 0002 0343 04",
    "bic": "",
    "positions-0-group": "honorare",
    "positions-0-description": "Honorare der Elternmentorinnen (12 Personen, je 80 Stunden zu 25 €)",
    "positions-0-cost": "24.000,00",
    "positions-1-group": "sachkosten",
    "positions-1-description": "Raummiete, Material, Dolmetschen",
    "positions-1-cost": "16.000,00",
    **{name: "y" for name, _ in DECLARATIONS},
}

"""Kulturförderung (test programme): Kulturvermittlerinnen und -vermittler in Kommunen.

Exists only for the tests, registered through ``EXTRA_PROGRAMMES``: its own
application field (Projekttitel), its own position field (Sparte), its own
amount rule (a Festbetrag per VZÄ and month) and an application deadline, on
the standard workflow. Its Word templates are built by ``make_templates``.
"""

from __future__ import annotations

from decimal import Decimal

from workflow.engine.programmes import DemoData, ProgrammeDefinition, TemplateSet
from workflow.engine.schema import CHOICE, DATE, DECIMAL, ApplicationSchema, Field
from workflow.measures.staff_positions import STAFF_POSITIONS
from workflow.engine.settings import DATE as DATE_SETTING, INTEGER, MONEY, TEXT, Setting, remedy_text_setting
from workflow.workflows.standard import STANDARD_TEMPLATE_FILES, standard_workflow

from testprogramme.kulturfoerderung.rules import KulturfoerderungRules

CODE = "kulturfoerderung"
DEADLINE = "2027-03-31"
REMEDY_TEXT = "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim {gericht}, {anschrift}, erhoben werden."

SETTINGS = (
    Setting(
        "legal_basis", "Rechtsgrundlage", TEXT, "Testrichtlinie Kulturförderung in Verbindung mit §§ 23 und 44 LHO"
    ),
    Setting("purpose", "Zuwendungszweck", TEXT, "Beschäftigung von Kulturvermittlerinnen und Kulturvermittlern"),
    remedy_text_setting(REMEDY_TEXT),
    Setting("amount_per_fte_month", "Festbetrag je VZÄ und Monat", MONEY, Decimal("1234.00"), minimum=Decimal("0.00")),
    Setting("funding_months", "Fördermonate", INTEGER, 12, minimum=1, maximum=36),
    Setting("application_deadline", "Antragsfrist (letzter Tag)", DATE_SETTING, DEADLINE),
)

DECLARATIONS = (
    ("decl_truthful", "Die Angaben in diesem Antrag sind vollständig und richtig."),
    (
        "decl_no_double_funding",
        "Für die Stelle werden keine weiteren Zuwendungen für denselben Zweck in Anspruch genommen.",
    ),
)

ART_FORMS = (("musik", "Musik"), ("theater", "Theater"), ("literatur", "Literatur"))

SCHEMA = ApplicationSchema(
    measure_shape=STAFF_POSITIONS,
    application_fields=(
        Field("project_title", "Projekttitel", message="Bitte geben Sie den Titel des Projekts an.", max_length=120),
    ),
    application_title="Projekt",
    measure_fields=(
        Field(
            "person_name",
            "Name der Kulturvermittlerin oder des Kulturvermittlers",
            message="Bitte geben Sie den Namen der Person an.",
        ),
        Field("art_form", "Sparte", CHOICE, message="Bitte wählen Sie die Sparte.", choices=ART_FORMS),
        Field(
            "fte",
            "Stellenanteil in VZÄ",
            DECIMAL,
            message="Bitte geben Sie den Stellenanteil als Zahl an, z. B. 0,5.",
            width="s",
        ),
        Field(
            "employment_start",
            "Beschäftigungsbeginn",
            DATE,
            message="Bitte geben Sie das Datum im Format TT.MM.JJJJ an.",
            width="m",
        ),
    ),
    declarations=DECLARATIONS,
    measure_title="Kulturvermittlung",
    measure_legend="Person",
    measure_hint="Gefördert werden {funding_months} Monate mit {amount_per_fte_month} je VZÄ und Monat.",
    summary_columns=(("Sparte", "art_form"),),
)

SAMPLE_INPUT = {
    "project_title": "Musik verbindet",
    "joint": "single",
    "consortium_name": "Kulturverbund Musterstadt",
    "contact_name": "Jana Keller",
    "contact_phone": "07641 452-0",
    "contact_email": "keller@example.org",
    "account_holder": "Stadt Musterstadt",
    "iban": "DE02 6005 0101 0002 0343 04",
    "bic": "",
    "positions-0-person_name": "Mara Lindner",
    "positions-0-art_form": "musik",
    "positions-0-fte": "0,75",
    "positions-0-employment_start": "01.04.2027",
    **{name: "y" for name, _ in DECLARATIONS},
}

TEMPLATES = TemplateSet(
    package="testprogramme.kulturfoerderung.templates",
    files=STANDARD_TEMPLATE_FILES,
)

DEFINITION = ProgrammeDefinition(
    code=CODE,
    name="Kulturförderung (Testprogramm)",
    description="Kulturvermittlung in Kommunen; Festbetrag je VZÄ und Monat.",
    settings=SETTINGS,
    schema=SCHEMA,
    rules=KulturfoerderungRules(),
    workflow=standard_workflow(CODE),
    templates=TEMPLATES,
    authority_ags="081",
    file_number_prefix="RPS-KF",
    budget=Decimal("500000.00"),
    sample_input=SAMPLE_INPUT,
    demo=DemoData(package="testprogramme.kulturfoerderung.demo", users="users.csv"),
)

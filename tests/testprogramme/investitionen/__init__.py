"""Investitionsförderung (test programme): one amount for one investment of a municipality, no positions.

Exists only for the tests, registered through ``EXTRA_PROGRAMMES``: the fourth shape of grant the engine runs
(after staff positions in the two real programmes and the Kulturförderung). Half of the zuwendungsfähige
Gesamtkosten, at most a Höchstbetrag, for the project's period; a decision may reduce the amount. After the grant it
takes the engine's procedures as they are for one sum: a Mittelabruf of what is granted and not yet paid, a
Verwendungsnachweis by Sachbericht and the Prüfliste, no Änderungsanzeige of positions. Its Word templates are built
by ``make_templates``.
"""

from __future__ import annotations

from decimal import Decimal

from workflow.engine.programmes import DemoData, ProgrammeDefinition, TemplateSet
from workflow.engine.schema import AMOUNT, DATE, SINGLE_AMOUNT, ApplicationSchema, Field
from workflow.engine.settings import DECIMAL as DECIMAL_SETTING, MONEY, TEXT, Setting, remedy_text_setting
from workflow.workflows.post_award import POST_AWARD_TEMPLATE_FILES, post_award_procedures, post_award_settings
from workflow.workflows.standard import STANDARD_TEMPLATE_FILES, standard_workflow

from testprogramme.investitionen.rules import InvestitionenRules

CODE = "investitionsfoerderung"
REMEDY_TEXT = "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim {gericht}, {anschrift}, erhoben werden."

SETTINGS = (
    Setting(
        "legal_basis",
        "Rechtsgrundlage",
        TEXT,
        "Testrichtlinie Investitionsförderung in Verbindung mit §§ 23 und 44 LHO",
    ),
    Setting("purpose", "Zuwendungszweck", TEXT, "Investitionen in kommunale Begegnungsstätten"),
    remedy_text_setting(REMEDY_TEXT),
    Setting(
        "share",
        "Fördersatz (Anteil an den zuwendungsfähigen Gesamtkosten)",
        DECIMAL_SETTING,
        Decimal("0.50"),
        minimum=Decimal("0.01"),
        maximum=Decimal("1.00"),
    ),
    Setting("maximum", "Höchstbetrag", MONEY, Decimal("100000.00"), minimum=Decimal("0.00")),
)

RULES = InvestitionenRules()
# One sum called as needed; the proof of use is the Sachbericht checked by the list, without key figures per position.
POST_AWARD = post_award_settings(
    annual_budgets=[{"year": 2027, "amount": "500000.00"}, {"year": 2028, "amount": "500000.00"}],
    proof_checklist=[
        {"item": "Der Sachbericht beschreibt das fertiggestellte Vorhaben."},
        {"item": "Die Schlussrechnung und die Zahlungsbelege liegen vor."},
    ],
    omit=("proof_key_figures",),
)

DECLARATIONS = (
    ("decl_truthful", "Die Angaben in diesem Antrag sind vollständig und richtig."),
    ("decl_not_started", "Mit dem Vorhaben ist noch nicht begonnen worden."),
)

SCHEMA = ApplicationSchema(
    measure_shape=SINGLE_AMOUNT,
    measure_fields=(
        Field("title", "Bezeichnung des Vorhabens", message="Bitte bezeichnen Sie das Vorhaben.", max_length=150),
        Field(
            "total_cost",
            "Zuwendungsfähige Gesamtkosten in Euro",
            AMOUNT,
            message="Bitte geben Sie die zuwendungsfähigen Gesamtkosten an, z. B. 80.000,00.",
            width="m",
        ),
        Field(
            "project_start",
            "Beginn des Vorhabens",
            DATE,
            message="Bitte geben Sie das Datum im Format TT.MM.JJJJ an.",
            width="m",
        ),
        Field(
            "project_end",
            "Ende des Vorhabens",
            DATE,
            message="Bitte geben Sie das Datum im Format TT.MM.JJJJ an.",
            width="m",
        ),
    ),
    declarations=DECLARATIONS,
    measure_title="Vorhaben",
    measure_legend="Vorhaben",
    measure_hint="Die Zuwendung beträgt das {share}-Fache der zuwendungsfähigen Gesamtkosten, höchstens {maximum}.",
    summary_columns=(("Gesamtkosten", "total_cost_label"),),
    consortia=False,
)

SAMPLE_INPUT = {
    "joint": "single",
    "contact_name": "Jana Keller",
    "contact_phone": "07641 452-0",
    "contact_email": "keller@example.org",
    "account_holder": "Stadt Musterstadt",
    "iban": "DE02 6005 0101 0002 0343 04",
    "bic": "",
    "positions-0-title": "Barrierefreier Umbau der Stadthalle",
    "positions-0-total_cost": "80.000,00",
    "positions-0-project_start": "01.05.2027",
    "positions-0-project_end": "31.12.2027",
    **{name: "y" for name, _ in DECLARATIONS},
}

DEFINITION = ProgrammeDefinition(
    code=CODE,
    name="Investitionsförderung (Testprogramm)",
    description="Ein Betrag für eine Investition: die Hälfte der zuwendungsfähigen Gesamtkosten, höchstens 100.000 €.",
    settings=SETTINGS + POST_AWARD,
    schema=SCHEMA,
    rules=RULES,
    workflow=standard_workflow(CODE),
    procedures=post_award_procedures(RULES),
    templates=TemplateSet(
        package="testprogramme.investitionen.templates",
        files={
            **STANDARD_TEMPLATE_FILES,
            **{
                kind: name
                for kind, name in POST_AWARD_TEMPLATE_FILES.items()
                if kind not in ("change_notice", "change_hearing_notice")
            },
        },
    ),
    authority_ags="081",
    file_number_prefix="RPS-INV",
    budget=Decimal("1000000.00"),
    sample_input=SAMPLE_INPUT,
    demo=DemoData(package="testprogramme.investitionen.demo", users="users.csv"),
)

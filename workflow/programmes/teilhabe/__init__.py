"""VwV-Integration, Teilhabe und Antidiskriminierung / Elternbeteiligung (Baden-Württemberg).

Projects of municipalities and freie Träger (Bildungslotsen, Elternmentoren, Fortbildungen, Veranstaltungen gegen
Diskriminierung), funded by a share of the zuwendungsfähige Ausgaben of their Kosten- und Finanzierungsplan
(Anteilfinanzierung, in the rule 60 %), capped by a Höchstbetrag and the Fehlbetrag, within a yearly call. The
measures are cost items (``workflow.measures.cost_items``); which facts of the VwV could be verified is said in
``settings``.
"""

from __future__ import annotations

from decimal import Decimal

from workflow.engine.programmes import DemoData, ProgrammeDefinition, TemplateSet
from workflow.models.organisation import MUNICIPAL_KINDS, OrganisationKind
from workflow.programmes.teilhabe.rules import TeilhabeRules
from workflow.programmes.teilhabe.schema import SAMPLE_INPUT, SCHEMA
from workflow.programmes.teilhabe.settings import AUTHORITY, SETTINGS
from workflow.workflows.post_award import (
    POST_AWARD_TEMPLATE_FILES,
    SETTLEMENT_TEMPLATE_FILES,
    post_award_procedures,
    post_award_settings,
)
from workflow.workflows.standard import (
    EARLY_START_TEMPLATE_FILES,
    STANDARD_TEMPLATE_FILES,
    early_start_procedure,
    standard_workflow,
)

RULES = TeilhabeRules()
# The Änderungsanzeige is one of the financing plan (``post_award.cost_changes``), not of positions.
TEMPLATES = TemplateSet(
    package="document_templates.teilhabe",
    files={
        **STANDARD_TEMPLATE_FILES,
        **EARLY_START_TEMPLATE_FILES,
        **POST_AWARD_TEMPLATE_FILES,
        **SETTLEMENT_TEMPLATE_FILES,
    },
)
# Paid on call; the checklist of a zahlenmäßiger Nachweis with
# a Belegliste. Unverified: the Land's budget per year for this programme (the share of the round's 660,000 €).
POST_AWARD = post_award_settings(
    annual_budgets=[
        {"year": 2027, "amount": "330000.00"},
        {"year": 2028, "amount": "330000.00"},
        {"year": 2029, "amount": "330000.00"},
    ],
    proof_checklist=[
        {"item": "Der Sachbericht liegt vor und beschreibt Verlauf und Ergebnis des Projekts."},
        {
            "item": "Die Belegliste führt jede Ausgabe mit Kostengruppe, Betrag und Tag der Zahlung im "
            "Bewilligungszeitraum auf."
        },
        {
            "item": "Eigenmittel und Drittmittel sind vollständig angegeben; die Drittmittel stimmen mit den Zusagen "
            "überein."
        },
        {"item": "Die ausgezahlten Beträge stimmen mit der Buchung der Bewilligungsstelle überein."},
    ],
    # The need of a call is counted in ``call_months`` (Nr. 1.4 ANBest); a project has no key figures per position.
    omit=("payment_horizon_months", "proof_key_figures"),
    # The Bewilligungsstelle pays and takes repayments on its own account (unverified as the authority itself; the
    # shipped example account is refused live until the administration enters the real one).
    payer_name=AUTHORITY.name,
)

DEFINITION = ProgrammeDefinition(
    code="teilhabe",
    name="VwV-Integration – Teilhabe und Elternbeteiligung",
    description="Projekte von Kommunen und freien Trägern (z. B. Elternmentoren, Bildungslotsen, Fortbildungen gegen "
    "Diskriminierung); Anteilfinanzierung von in der Regel 60 % der zuwendungsfähigen Ausgaben.",
    settings=SETTINGS + POST_AWARD,
    schema=SCHEMA,
    rules=RULES,
    workflow=standard_workflow("teilhabe"),
    procedures=(early_start_procedure(), *post_award_procedures(RULES)),
    templates=TEMPLATES,
    # The users who work the cases are the RP Stuttgart's accounts; the letters name ``AUTHORITY`` (see settings).
    authority_ags="081",
    authority=AUTHORITY,
    file_number_prefix="RPS-TH",
    # Unverified: about 600,000–660,000 € per round of the Elternmentoren projects (press releases of the Land).
    budget=Decimal("660000.00"),
    sample_input=SAMPLE_INPUT,
    # Verified (Förderdatenbank): Kreise, Städte, Gemeinden and, for these two areas, freie Träger.
    applicant_kinds=(*MUNICIPAL_KINDS, OrganisationKind.FREIER_TRAEGER),
    demo=DemoData(package="workflow.programmes.teilhabe.demo", users="users.csv"),
)

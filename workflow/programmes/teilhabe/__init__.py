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
from workflow.programmes.teilhabe.settings import SETTINGS
from workflow.workflows.standard import STANDARD_TEMPLATE_FILES, standard_workflow

DEFINITION = ProgrammeDefinition(
    code="teilhabe",
    name="VwV-Integration – Teilhabe und Elternbeteiligung",
    description="Projekte von Kommunen und freien Trägern (z. B. Elternmentoren, Bildungslotsen, Fortbildungen gegen "
    "Diskriminierung); Anteilfinanzierung von in der Regel 60 % der zuwendungsfähigen Ausgaben.",
    settings=SETTINGS,
    schema=SCHEMA,
    rules=TeilhabeRules(),
    workflow=standard_workflow("teilhabe"),
    templates=TemplateSet(package="document_templates.teilhabe", files=STANDARD_TEMPLATE_FILES),
    authority_ags="081",  # unverified who decides today (the L-Bank did in 2018): the settings name the authority
    file_number_prefix="RPS-TH",
    # Unverified: about 600,000–660,000 € per round of the Elternmentoren projects (press releases of the Land).
    budget=Decimal("660000.00"),
    sample_input=SAMPLE_INPUT,
    # Verified (Förderdatenbank): Kreise, Städte, Gemeinden and, for these two areas, freie Träger.
    applicant_kinds=(*MUNICIPAL_KINDS, OrganisationKind.FREIER_TRAEGER),
    demo=DemoData(package="workflow.programmes.teilhabe.demo", users="users.csv"),
)

"""VwV Integrationsbeauftragte (Baden-Württemberg).

Municipalities, Landkreise, Verwaltungsgemeinschaften and consortia apply for
one Integrationsbeauftragte/r: a yearly grant by population tier, in
proportion to the VZÄ (at least 0.5; a full position shared only as two
halves), for a calendar year, applied for by 15 November of the year before.
No Planungsrahmen: the population comes from the Einwohnerzahlen reference table.
"""

from __future__ import annotations

from decimal import Decimal

from workflow.engine.letter_settings import with_default
from workflow.engine.authority import LAND_WIDE, Authority
from workflow.engine.programmes import POPULATION, DemoData, ProgrammeDefinition, TemplateSet
from workflow.programmes.integrationsbeauftragte.rules import IntegrationsbeauftragteRules
from workflow.programmes.integrationsbeauftragte.schema import SAMPLE_INPUT, SCHEMA
from workflow.programmes.integrationsbeauftragte.settings import SETTINGS
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
from workflow.workflows.post_award.payments import BY_SCHEDULE

TEMPLATES = TemplateSet(
    package="document_templates.integrationsbeauftragte",
    files={
        **STANDARD_TEMPLATE_FILES,
        **EARLY_START_TEMPLATE_FILES,
        **POST_AWARD_TEMPLATE_FILES,
        **SETTLEMENT_TEMPLATE_FILES,
    },
)

# What follows the grant: how money is paid, the annual budgets, the key figures of the proof of use.
POST_AWARD = post_award_settings(
    payment_mode=BY_SCHEDULE,
    annual_budgets=[
        # The whole budget in each Förderjahr offered so far (an assumption until the Haushalt is known).
        {"year": 2027, "amount": "2200000.00"},
        {"year": 2028, "amount": "2200000.00"},
    ],
    proof_key_figures=[
        {"key": "projects", "label": "Begleitete Integrationsprojekte", "source": ""},
        {"key": "network_meetings", "label": "Sitzungen von Netzwerken und Gremien", "source": ""},
    ],
)

RULES = IntegrationsbeauftragteRules()

# Verified (Förderdatenbank, see document_templates/integrationsbeauftragte/FACTS.md): the RP Stuttgart, Referat 15.2,
# decides for the whole Land; its address is the reference data's (Ruppmannstraße 21, 70565 Stuttgart). Land-wide
# competence: the court is that of the applicant's seat (§ 52 Nr. 3 S. 2 VwGO).
AUTHORITY = Authority(unit="Referat 15.2", competence=LAND_WIDE)

# The RP Stuttgart's switchboard for the letterhead where a reviewer has no direct line (its public contact page).
LETTERS = (with_default("office_phone", "0711 904-0"),)

DEFINITION = ProgrammeDefinition(
    code="integrationsbeauftragte",
    name="VwV Integrationsbeauftragte",
    description="Eine kommunale Integrationsbeauftragte oder ein kommunaler Integrationsbeauftragter; Zuschuss "
    "je Kalenderjahr nach Einwohnerzahl, anteilig zum Stellenanteil.",
    settings=SETTINGS + POST_AWARD + LETTERS,
    schema=SCHEMA,
    rules=RULES,
    workflow=standard_workflow("integrationsbeauftragte"),
    procedures=(early_start_procedure(), *post_award_procedures(RULES)),
    templates=TEMPLATES,
    authority_ags="081",  # Regierungspräsidium Stuttgart grants for the whole Land
    authority=AUTHORITY,
    file_number_prefix="RPS-IB",
    # Not published as a sum; an upper bound for about 110 municipalities at 20,000 € (a setting of the programme row).
    budget=Decimal("2200000.00"),
    reference_data=(POPULATION,),
    sample_input=SAMPLE_INPUT,
    sample_details={
        "funding_year": 2028,
        "inhabitants": 25310,
        "population_date": "2024-12-31",
        "tier_label": "20.000 Einwohnerinnen und Einwohner und mehr",
        "max_grant": "20000.00",
    },
    demo=DemoData(package="workflow.programmes.integrationsbeauftragte.demo", users="users.csv"),
)

"""VwV Integrationsmanagement (Baden-Württemberg, Pakt für Integration).

Municipalities apply for their share of a published Planungsrahmen for
Integrationsmanagerinnen und -manager; a Festbetrag per VZÄ and year by
qualification, for 24 months from the employment start, capped by the
(pooled) Planungsrahmen, which must reach a threshold.
"""

from __future__ import annotations

from decimal import Decimal

from workflow.engine.letter_settings import with_default
from workflow.engine.authority import LAND_WIDE, Authority
from workflow.engine.programmes import ALLOCATION, DemoData, ProgrammeDefinition, TemplateSet
from workflow.programmes.integrationsmanagement.rules import IntegrationsmanagementRules
from workflow.programmes.integrationsmanagement.schema import SAMPLE_INPUT, SCHEMA
from workflow.programmes.integrationsmanagement.settings import SETTINGS
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

TEMPLATES = TemplateSet(
    package="document_templates.integrationsmanagement",
    files={
        **STANDARD_TEMPLATE_FILES,
        **EARLY_START_TEMPLATE_FILES,
        **POST_AWARD_TEMPLATE_FILES,
        **SETTLEMENT_TEMPLATE_FILES,
    },
)

# What follows the grant: how money is paid, the annual budgets, the key figures of the proof of use.
POST_AWARD = post_award_settings(
    proof_key_figures=[
        {"key": "persons", "label": "Beratene Personen", "source": "persons_counselled"},
        {"key": "plans_written", "label": "Erstellte Integrationspläne", "source": "plans_written"},
        {"key": "plans_updated", "label": "Fortgeschriebene Integrationspläne", "source": "plans_updated"},
    ]
)

RULES = IntegrationsmanagementRules()

# Verified (rp.baden-wuerttemberg.de, „Pakt für Integration“): the RP Stuttgart runs the programme for the whole
# Land from its Referat 15.2 at the Dienststelle Wertheim, Am Eichamt 2, 97877 Wertheim,
# integrationsmanagement@rps.bwl.de (also the Sozialministerium's page „Förderbereich Integrationsmanagement“). Land-wide
# competence: the court is that of the applicant's seat (§ 52 Nr. 3 S. 2 VwGO). The name comes from the reference data.
AUTHORITY = Authority(
    unit="Referat 15.2 – Dienststelle Wertheim",
    address=("Am Eichamt 2", "97877 Wertheim"),
    letterhead=("E-Mail integrationsmanagement@rps.bwl.de",),
    competence=LAND_WIDE,
)

# The RP Stuttgart's switchboard for the letterhead where a reviewer has no direct line (its public contact page).
LETTERS = (
    with_default("office_email", "integrationsmanagement@rps.bwl.de"),
    with_default("office_phone", "0711 904-0"),
)

DEFINITION = ProgrammeDefinition(
    code="integrationsmanagement",
    name="VwV Integrationsmanagement",
    description="Integrationsmanagerinnen und -manager für Geflüchtete in der Anschlussunterbringung; "
    "Festbetrag je Stelle nach Qualifikation, begrenzt durch den Planungsrahmen der Kommune.",
    settings=SETTINGS + POST_AWARD + LETTERS,
    schema=SCHEMA,
    rules=RULES,
    workflow=standard_workflow("integrationsmanagement"),
    procedures=(early_start_procedure(), *post_award_procedures(RULES)),
    templates=TEMPLATES,
    authority_ags="081",  # Regierungspräsidium Stuttgart grants for the whole Land
    authority=AUTHORITY,
    file_number_prefix="RPS-IM",
    budget=Decimal("116000000.00"),
    reference_data=(ALLOCATION,),
    sample_input=SAMPLE_INPUT,
    demo=DemoData(
        package="workflow.programmes.integrationsmanagement.demo", allocations="planungsrahmen.csv", users="users.csv"
    ),
)

"""The third programme's settings (VwV-Integration, Teilhabe/Elternbeteiligung) parse and feed the cost plan."""

from __future__ import annotations

from decimal import Decimal

from workflow.engine.settings import COMMON_SETTINGS, parse_settings
from workflow.measures.cost_plan import (
    SHARE,
    CostGroup,
    CostItem,
    CostPlan,
    FundingRule,
    compute_grant,
)
from workflow.programmes.teilhabe.settings import ELIGIBLE, SETTINGS


def declared():
    # As ProgrammeDefinition.declared_settings merges them: a programme's setting replaces the common one of its name.
    own = {setting.name: setting for setting in SETTINGS}
    return tuple(own.pop(setting.name, setting) for setting in COMMON_SETTINGS) + tuple(own.values())


def test_the_defaults_parse_and_replace_the_common_proof_of_use_period():
    parsed = parse_settings(declared(), {})
    assert parsed.errors == []
    settings = parsed.settings
    assert (settings.financing, settings.share, settings.proof_of_use_months) == (SHARE, Decimal("0.60"), 6)
    assert [row.key for row in settings.cost_groups if row.eligible != ELIGIBLE] == ["investitionen", "stammpersonal"]


def test_the_defaults_grant_an_association_sixty_percent():
    # Personal 30.000 + Honorare 10.000 + Sachkosten 6.000 + Öffentlichkeitsarbeit 4.000 = 50.000 €;
    # own 5.000 + third-party 15.000 + requested 30.000. 60 % × 50.000 = 30.000 > Höchstbetrag 25.000 → 25.000.
    settings = parse_settings(declared(), {}).settings
    groups = tuple(CostGroup(row.key, row.label, row.eligible == ELIGIBLE, row.reason) for row in settings.cost_groups)
    rule = FundingRule(
        settings.financing, groups, share=settings.share, maximum=settings.maximum, minimum=settings.minimum
    )
    items = tuple(
        CostItem(key, key, Decimal(amount))
        for key, amount in (
            ("personal", "30000"),
            ("honorare", "10000"),
            ("sachkosten", "6000"),
            ("oeffentlichkeit", "4000"),
        )
    )
    grant = compute_grant(CostPlan(items, Decimal(5000), Decimal(15000), Decimal(30000)), rule)
    assert grant.amount == Decimal("25000.00")

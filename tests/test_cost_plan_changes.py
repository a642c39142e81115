"""A changed Kosten- und Finanzierungsplan during the project (``measures.plan_changes``): every grant computed by
hand from Nr. 2 and Nr. 1.2 of the Nebenbestimmungen."""

from __future__ import annotations

from decimal import Decimal as D

from workflow.measures.cost_plan import DEFICIT, SHARE, Decision
from workflow.measures.plan_changes import ReportedPlan, change_plan

TOLERANCE = D("0.20")
# The Bescheid: 60 % of 50.000 € of eligible costs = 30.000 € (own funds 20.000 €, no third-party funds).
GRANTED = Decision(SHARE, D("30000.00"), D("50000.00"), D("20000.00"), D("0.00"), D("0.60"))
ONE_GROUP = {"honorare": D("50000.00")}
TWO_GROUPS = {"honorare": D("30000.00"), "sachkosten": D("20000.00")}


def reported(own="20000.00", third="0.00", **costs) -> ReportedPlan:
    return ReportedPlan({key: D(value) for key, value in costs.items()}, D(own), D(third))


def test_lower_eligible_costs_lower_the_grant_by_the_share():
    change = change_plan(GRANTED, ONE_GROUP, reported(honorare="42000.00"), TOLERANCE)
    # 60 % × 42.000 € = 25.200 €: 4.800 € less than the 30.000 € granted.
    assert (change.eligible_after, change.grant_after, change.reduction) == (
        D("42000.00"),
        D("25200.00"),
        D("4800.00"),
    )
    assert change.calculation == "60\u00a0% × 42.000,00\u00a0€ = 25.200,00\u00a0€"


def test_higher_costs_never_raise_the_grant_above_the_bescheid():
    # 55.000 € is within 50.000 € × 1,2 = 60.000 €, and 60 % of it would be 33.000 €: the grant stays 30.000 €.
    change = change_plan(GRANTED, ONE_GROUP, reported(honorare="55000.00"), TOLERANCE)
    assert (change.grant_after, change.reduction, change.calculation) == (D("30000.00"), D("0.00"), "")


def test_more_third_party_funds_lower_the_grant_by_the_share_and_more_own_funds_do_not():
    # The financing improves by 2.000 € of new third-party funds: 60 % × (50.000 − 2.000) € = 28.800 €.
    more_third = change_plan(GRANTED, ONE_GROUP, reported(third="2000.00", honorare="50000.00"), TOLERANCE)
    assert more_third.grant_after == D("28800.00")
    assert more_third.calculation == "60\u00a0% × 48.000,00\u00a0€ = 28.800,00\u00a0€"
    # Own funds are left out of the balance (BW: „ohne Berücksichtigung von Eigenmitteländerungen“).
    more_own = change_plan(GRANTED, ONE_GROUP, reported(own="25000.00", honorare="50000.00"), TOLERANCE)
    assert more_own.grant_after == D("30000.00")


def test_a_shift_within_the_tolerance_leaves_the_grant_alone():
    # Honorare 30.000 → 35.000 € (+16,7 %, limit 36.000 €), Sachkosten 20.000 → 15.000 €: still 50.000 €.
    change = change_plan(GRANTED, TWO_GROUPS, reported(honorare="35000.00", sachkosten="15000.00"), TOLERANCE)
    assert (change.grant_after, change.shifts_consented) == (D("30000.00"), False)
    assert [group.over_tolerance for group in change.groups] == [False, False]


def test_a_shift_beyond_the_tolerance_counts_only_the_tolerance_unless_the_authority_consents():
    plan = reported(honorare="38000.00", sachkosten="12000.00")
    # Without consent Honorare count at most 30.000 × 1,2 = 36.000 €: 36.000 + 12.000 = 48.000 €, 60 % = 28.800 €.
    refused = change_plan(GRANTED, TWO_GROUPS, plan, TOLERANCE)
    assert (refused.eligible_after, refused.grant_after) == (D("48000.00"), D("28800.00"))
    assert refused.groups[0].over_tolerance and not refused.groups[0].consented
    assert "um mehr als 20\u00a0% ist nicht zugelassen" in refused.reasons[0]
    # With consent the 38.000 € count: 50.000 € as before, the grant stays; the plan in force changes.
    consented = change_plan(GRANTED, TWO_GROUPS, plan, TOLERANCE, frozenset({"honorare"}))
    assert (consented.eligible_after, consented.grant_after, consented.shifts_consented) == (
        D("50000.00"),
        D("30000.00"),
        True,
    )


def test_a_grant_held_to_the_hoechstbetrag_falls_only_below_it():
    capped = Decision(SHARE, D("25000.00"), D("50000.00"), D("20000.00"), D("0.00"), D("0.60"))
    # 60 % × 42.000 € = 25.200 € is still above the 25.000 € granted; 60 % × 40.000 € = 24.000 € is below.
    assert change_plan(capped, ONE_GROUP, reported(honorare="42000.00"), TOLERANCE).grant_after == D("25000.00")
    assert change_plan(capped, ONE_GROUP, reported(honorare="40000.00"), TOLERANCE).grant_after == D("24000.00")


def test_a_fehlbedarf_grant_falls_by_the_full_amount():
    deficit = Decision(DEFICIT, D("30000.00"), D("50000.00"), D("20000.00"), D("0.00"))
    # Eligible 42.000 € less the planned own funds of 20.000 €: 22.000 €, 8.000 € less.
    assert change_plan(deficit, ONE_GROUP, reported(honorare="42000.00"), TOLERANCE).grant_after == D("22000.00")

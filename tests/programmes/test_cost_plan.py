"""The Kosten- und Finanzierungsplan's arithmetic against sums worked out by hand (in each test's comments)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.measures.cost_plan import (
    DEFICIT,
    FIXED,
    NOT_ELIGIBLE,
    REDUCED,
    SHARE,
    Actuals,
    CostGroup,
    CostItem,
    CostPlan,
    Decision,
    FundingRule,
    GroupRuling,
    RulingRefused,
    call_limit,
    call_problems,
    compute_grant,
    eligible_from_receipts,
    percent,
    portion,
    request_problems,
    ruled_grant,
    settle,
)

D = Decimal
GROUPS = (
    CostGroup("personal", "Personal"),
    CostGroup("honorare", "Honorare"),
    CostGroup("sachkosten", "Sachkosten"),
    CostGroup("reisen", "Reisekosten"),
    CostGroup("oeffentlichkeit", "Öffentlichkeitsarbeit"),
    CostGroup("bewirtung", "Bewirtung", eligible=False, reason="Bewirtung ist nicht zuwendungsfähig."),
)
RULE = FundingRule(SHARE, GROUPS, share=D("0.60"), maximum=D("40000.00"), minimum=D("5000.00"))
ITEMS = (
    CostItem("personal", "Bildungslotsin, 0,5 Stelle", D("30000.00")),
    CostItem("honorare", "Elternmentorinnen, Aufwandsentschädigungen", D("10000.00")),
    CostItem("sachkosten", "Material und Raummiete", D("6000.00")),
    CostItem("oeffentlichkeit", "Flyer in sechs Sprachen", D("4000.00")),
)


def association_plan(own="5000.00", third="15000.00", requested="30000.00", items=ITEMS) -> CostPlan:
    # 30.000 + 10.000 + 6.000 + 4.000 = 50.000 € costs; 5.000 own + 15.000 third-party + 30.000 requested = 50.000 €.
    return CostPlan(items, D(own), D(third), D(requested))


def granted_decision(granted="30000.00", financing=SHARE) -> Decision:
    return Decision(financing, D(granted), D("50000.00"), D("5000.00"), D("15000.00"), share=D("0.60"))


def test_an_associations_plan_earns_sixty_percent_of_its_eligible_costs():
    # eligible 50.000; 60 % × 50.000 = 30.000; deficit 50.000 − 5.000 − 15.000 = 30.000; Höchstbetrag 40.000.
    grant = compute_grant(association_plan(), RULE)
    assert (grant.amount, grant.eligible, grant.deficit) == (D("30000.00"), D("50000.00"), D("30000.00"))
    assert not grant.refused and grant.limits == ()
    assert request_problems(association_plan(), RULE) == []


def test_the_hoechstbetrag_caps_the_grant_and_a_request_above_it_cannot_be_submitted():
    # 60 % × 50.000 = 30.000 > Höchstbetrag 25.000 → 25.000.
    rule = FundingRule(SHARE, GROUPS, share=D("0.60"), maximum=D("25000.00"))
    grant = compute_grant(association_plan(), rule)
    assert grant.amount == D("25000.00")
    assert grant.limits == ("Die Zuwendung ist auf den Höchstbetrag von 25.000,00\u00a0€ begrenzt.",)
    assert request_problems(association_plan(), rule) == [
        "Die beantragte Zuwendung von 30.000,00\u00a0€ übersteigt den Höchstbetrag von 25.000,00\u00a0€."
    ]


def test_a_deficit_smaller_than_the_share_is_all_that_is_granted():
    # own 10.000 + third 15.000 → deficit 50.000 − 25.000 = 25.000 < 60 % × 50.000 = 30.000 → 25.000.
    grant = compute_grant(association_plan(own="10000.00", requested="25000.00"), RULE)
    assert (grant.amount, grant.deficit) == (D("25000.00"), D("25000.00"))
    assert any(sentence.startswith("Die Zuwendung darf den Fehlbetrag von 25.000,00") for sentence in grant.limits)


def test_a_group_the_programme_excludes_counts_nothing():
    # + Bewirtung 2.000 (not eligible): costs 52.000 = own 7.000 + third 15.000 + requested 30.000.
    # eligible 50.000 → 60 % = 30.000; deficit 50.000 − 7.000 − 15.000 = 28.000 → 28.000.
    items = ITEMS + (CostItem("bewirtung", "Empfang", D("2000.00")),)
    grant = compute_grant(association_plan(own="7000.00", items=items), RULE)
    assert (grant.eligible, grant.amount) == (D("50000.00"), D("28000.00"))


def test_a_grant_below_the_bagatellgrenze_is_refused():
    # Sachkosten 6.000 = own 2.400 + requested 3.600; 60 % × 6.000 = 3.600 < Bagatellgrenze 5.000.
    plan = CostPlan((CostItem("sachkosten", "Workshop", D("6000.00")),), D("2400.00"), D("0.00"), D("3600.00"))
    grant = compute_grant(plan, RULE)
    assert grant.amount == D("0.00") and grant.refusals == (
        (
            "Die Zuwendung von 3.600,00\u00a0€ läge unter der Bagatellgrenze von 5.000,00\u00a0€; "
            "Zuwendungen unter dieser Grenze werden nicht bewilligt."
        ),
    )
    assert (
        "Die beantragte Zuwendung von 3.600,00\u00a0€ liegt unter der Bagatellgrenze von 5.000,00\u00a0€."
        in request_problems(plan, RULE)
    )


def test_a_plan_that_does_not_balance_or_has_a_negative_amount_is_refused():
    # costs 50.000 against 5.000 + 15.000 + 25.000 = 45.000.
    grant = compute_grant(association_plan(requested="25000.00"), RULE)
    assert grant.amount == D("0.00") and grant.refusals == (
        (
            "Der Finanzierungsplan ist nicht ausgeglichen: den Ausgaben von 50.000,00\u00a0€ stehen Eigenmittel, "
            "Drittmittel und beantragte Zuwendung von zusammen 45.000,00\u00a0€ gegenüber."
        ),
    )
    negative = CostPlan((CostItem("sachkosten", "Gutschrift", D("-100.00")),), D("0.00"), D("0.00"), D("-100.00"))
    assert compute_grant(negative, RULE).refusals == (
        "Kein Betrag des Kosten- und Finanzierungsplans darf negativ sein.",
    )


def test_a_request_above_the_share_cannot_be_submitted():
    # own 0 + third 15.000 + requested 35.000 = 50.000; 35.000 > 60 % × 50.000 = 30.000.
    problems = request_problems(association_plan(own="0.00", requested="35000.00"), RULE)
    assert problems == [
        (
            "Die beantragte Zuwendung von 35.000,00\u00a0€ übersteigt 60\u00a0% der zuwendungsfähigen "
            "Ausgaben von 50.000,00\u00a0€."
        )
    ]


def test_the_reviewer_reduces_one_group_and_excludes_another():
    # Honorare 10.000 → 8.000, Öffentlichkeitsarbeit 4.000 → 0: recognised 30.000 + 8.000 + 6.000 = 44.000;
    # 60 % × 44.000 = 26.400; deficit 44.000 − 5.000 − 15.000 = 24.000 → 24.000.
    rulings = [
        GroupRuling("honorare", REDUCED, D("8000.00"), "Höchstens 40 € je Stunde sind angemessen."),
        GroupRuling("oeffentlichkeit", NOT_ELIGIBLE, reason="Werbung für den Verein ist nicht Zweck."),
    ]
    grant, recognised = ruled_grant(association_plan(), RULE, rulings)
    assert recognised == {
        "personal": D("30000.00"),
        "honorare": D("8000.00"),
        "sachkosten": D("6000.00"),
        "oeffentlichkeit": D("0.00"),
    }
    assert (grant.eligible, grant.amount) == (D("44000.00"), D("24000.00"))
    assert grant.limits[0] == (
        "Honorare: gekürzt anerkannt mit 8.000,00\u00a0€ statt 10.000,00\u00a0€. "
        "Höchstens 40 € je Stunde sind angemessen."
    )
    assert grant.limits[1].startswith("Öffentlichkeitsarbeit: nicht zuwendungsfähig mit 0,00\u00a0€")


@pytest.mark.parametrize(
    "ruling, message",
    [
        (GroupRuling("honorare", REDUCED, D("8000.00")), "Für die Kostengruppe „Honorare“ fehlt die Begründung."),
        (
            GroupRuling("honorare", REDUCED, D("10000.00"), "zu hoch"),
            "Die Kostengruppe „Honorare“ kann nur auf einen Betrag unter den beantragten 10.000,00\u00a0€ gekürzt werden.",
        ),
        (GroupRuling("reisen", NOT_ELIGIBLE, reason="x"), "Für die Kostengruppe „Reisekosten“ ist nichts beantragt."),
    ],
)
def test_a_ruling_without_reason_above_the_request_or_on_nothing_is_refused(ruling, message):
    with pytest.raises(RulingRefused) as refused:
        ruled_grant(association_plan(), RULE, [ruling])
    assert refused.value.messages == [message]


def test_a_group_the_programme_excludes_cannot_be_recognised():
    items = ITEMS + (CostItem("bewirtung", "Empfang", D("2000.00")),)
    with pytest.raises(RulingRefused) as refused:
        ruled_grant(
            association_plan(own="7000.00", items=items),
            RULE,
            [GroupRuling("bewirtung", REDUCED, D("1000.00"), "halb")],
        )
    assert refused.value.messages == [
        "Die Kostengruppe „Bewirtung“ ist nach dem Programm nicht zuwendungsfähig: Bewirtung ist nicht zuwendungsfähig."
    ]


def test_lower_actual_costs_reduce_the_grant_by_the_share_and_the_excess_is_repaid():
    # improvement 50.000 − 42.500 = 7.500; 60 % × (50.000 − 7.500) = 60 % × 42.500 = 25.500 ≤ 30.000 granted;
    # no overfinancing: 42.500 − 15.000 = 27.500 ≥ 25.500. Paid 30.000 → repayment 30.000 − 25.500 = 4.500.
    settlement = settle(granted_decision(), Actuals(D("42500.00"), D("5000.00"), D("15000.00")), D("30000.00"))
    assert (settlement.final_grant, settlement.repayment, settlement.outstanding) == (
        D("25500.00"),
        D("4500.00"),
        D("0.00"),
    )
    assert "entsprechend dem Anteil von 60\u00a0%" in settlement.reasons[0]


def test_higher_third_party_funds_reduce_the_grant_by_the_share():
    # improvement = 0 lower costs + (20.000 − 15.000) = 5.000; 60 % × (50.000 − 5.000) = 27.000;
    # 50.000 − 20.000 = 30.000 ≥ 27.000. Paid 30.000 → repayment 3.000.
    settlement = settle(granted_decision(), Actuals(D("50000.00"), D("5000.00"), D("20000.00")), D("30000.00"))
    assert (settlement.final_grant, settlement.repayment) == (D("27000.00"), D("3000.00"))


def test_own_funds_changes_are_left_out_and_a_capped_grant_keeps_its_cap():
    # More own funds (10.000 instead of 5.000) change nothing: 30.000 stays; paid 20.000 → 10.000 outstanding.
    more_own = settle(granted_decision(), Actuals(D("50000.00"), D("10000.00"), D("15000.00")), D("20000.00"))
    assert (more_own.final_grant, more_own.repayment, more_own.outstanding) == (D("30000.00"), D("0.00"), D("10000.00"))
    # Granted 25.000 (Höchstbetrag); 60 % × 42.500 = 25.500 > 25.000 → stays 25.000.
    capped = settle(granted_decision("25000.00"), Actuals(D("42500.00"), D("5000.00"), D("15000.00")), D("25000.00"))
    assert (capped.final_grant, capped.repayment) == (D("25000.00"), D("0.00"))


def test_the_balance_of_changes_counts_higher_costs_against_higher_income():
    # improvement = (50.000 − 55.000) + (20.000 − 15.000) = 0 → 30.000 stays; 55.000 − 20.000 = 35.000 ≥ 30.000.
    settlement = settle(granted_decision(), Actuals(D("55000.00"), D("5000.00"), D("20000.00")), D("30000.00"))
    assert settlement.final_grant == D("30000.00") and settlement.reasons == ()


def test_fehlbedarfsfinanzierung_loses_the_full_saving():
    # deficit after: 47.000 − 5.000 (own as planned) − 15.000 = 27.000 < 30.000 → 27.000; repayment 3.000.
    # (Anteilfinanzierung would lose only 60 % × 3.000 = 1.800.)
    settlement = settle(
        granted_decision(financing=DEFICIT), Actuals(D("47000.00"), D("5000.00"), D("15000.00")), D("30000.00")
    )
    assert (settlement.final_grant, settlement.repayment) == (D("27000.00"), D("3000.00"))


def test_festbetrag_stays_unless_the_project_would_be_overfinanced():
    # Festbetrag 10.000; costs 20.000 = own 4.000 + third 6.000 + 10.000; deficit 10.000 → 10.000.
    rule = FundingRule(FIXED, GROUPS, fixed_amount=D("10000.00"))
    plan = CostPlan((CostItem("personal", "Lotsin", D("20000.00")),), D("4000.00"), D("6000.00"), D("10000.00"))
    assert compute_grant(plan, rule).amount == D("10000.00")
    decision = Decision(FIXED, D("10000.00"), D("20000.00"), D("4000.00"), D("6000.00"))
    # 18.000 − 6.000 = 12.000 ≥ 10.000: unchanged; 14.000 − 6.000 = 8.000 < 10.000 → 8.000, repayment 2.000.
    assert settle(decision, Actuals(D("18000.00"), D("4000.00"), D("6000.00")), D("10000.00")).final_grant == D(
        "10000.00"
    )
    lower = settle(decision, Actuals(D("14000.00"), D("4000.00"), D("6000.00")), D("10000.00"))
    assert (lower.final_grant, lower.repayment) == (D("8000.00"), D("2000.00"))


def test_a_mittelabruf_asks_for_the_share_of_two_months_expenses():
    # 60 % × 12.345,67 = 7.407,402 → 7.407,40; after 28.000 paid at most 30.000 − 28.000 = 2.000.
    assert call_limit(granted_decision(), D("0.00"), D("12345.67")) == D("7407.40")
    assert call_limit(granted_decision(), D("28000.00"), D("12345.67")) == D("2000.00")
    assert call_problems(granted_decision(), D("0.00"), D("7407.40"), D("12345.67")) == []
    assert call_problems(granted_decision(), D("0.00"), D("7407.41"), D("12345.67"))[0].startswith(
        "Abgerufen werden können höchstens 7.407,40"
    )


def test_a_belegliste_counts_each_group_up_to_twenty_percent_over_and_the_total_up_to_the_plan():
    # Honorare 9.800 > 8.000 × 1,2 = 9.600 → 9.600; Öffentlichkeitsarbeit recognised 0 → 0; unknown group → 0.
    # 28.000 + 9.600 + 5.000 = 42.600 ≤ 44.000 recognised.
    recognised = {
        "personal": D("30000.00"),
        "honorare": D("8000.00"),
        "sachkosten": D("6000.00"),
        "oeffentlichkeit": D("0.00"),
    }
    receipts = [
        ("personal", D("28000.00")),
        ("honorare", D("9800.00")),
        ("sachkosten", D("5000.00")),
        ("oeffentlichkeit", D("1000.00")),
        ("bewirtung", D("500.00")),
    ]
    assert eligible_from_receipts(receipts, recognised, D("0.20")) == D("42600.00")
    # Every group 20 % over: 36.000 + 9.600 + 7.200 = 52.800 → the plan's total, 44.000.
    over = [("personal", D("36000.00")), ("honorare", D("9600.00")), ("sachkosten", D("7200.00"))]
    assert eligible_from_receipts(over, recognised, D("0.20")) == D("44000.00")


def test_a_share_is_rounded_half_up_to_the_cent():
    # 0,60 × 1.234,57 = 740,742 → 740,74; 0,625 × 0,04 = 0,025 → 0,03 (half up, where half-even gives 0,02).
    assert portion(D("1234.57"), D("0.60")) == D("740.74")
    assert portion(D("0.04"), D("0.625")) == D("0.03")
    assert (percent(D("0.60")), percent(D("0.625")), percent(D("1"))) == ("60\u00a0%", "62,5\u00a0%", "100\u00a0%")


CENTS = st.integers(0, 20_000_000).map(lambda cents: Decimal(cents).scaleb(-2))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    costs=st.lists(st.tuples(st.sampled_from([group.key for group in GROUPS]), CENTS), min_size=1, max_size=6),
    own=CENTS,
    third=CENTS,
    share=st.integers(1, 100).map(lambda p: Decimal(p) / 100),
    maximum=st.none() | CENTS,
    minimum=CENTS,
    financing=st.sampled_from([SHARE, DEFICIT]),
)
def test_the_grant_never_exceeds_share_cap_or_deficit_and_is_never_negative(
    costs, own, third, share, maximum, minimum, financing
):
    items = tuple(CostItem(group, f"Position {number}", amount) for number, (group, amount) in enumerate(costs))
    total = sum((amount for _, amount in costs), Decimal("0.00"))
    plan = CostPlan(items, own, third, max(total - own - third, Decimal("0.00")))
    rule = FundingRule(financing, GROUPS, share=share, maximum=maximum, minimum=minimum)
    grant = compute_grant(plan, rule)
    assert grant.amount >= 0
    if grant.refused:
        assert grant.amount == 0
        return
    assert grant.amount <= grant.deficit and grant.amount <= plan.requested and grant.amount >= minimum
    assert maximum is None or grant.amount <= maximum
    assert financing != SHARE or grant.amount <= portion(grant.eligible, share)
    decision = Decision(financing, grant.amount, grant.eligible, own, third, share)
    actual = Actuals(grant.eligible * Decimal("0.7"), own, third + Decimal("100.00"))
    settlement = settle(decision, actual, grant.amount)
    assert 0 <= settlement.final_grant <= grant.amount
    assert settlement.repayment == grant.amount - settlement.final_grant

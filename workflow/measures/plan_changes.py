"""A changed Kosten- und Finanzierungsplan during the project, and what it does to the grant.

The recipient must report when its financing plan changes (ANBest-P / ANBest-K Nr. 5.1: more funds from third
parties, a changed purpose or other circumstance the grant rests on). The authority then applies Nr. 2 of the
Nebenbestimmungen as it would at the Schlussfestsetzung, on the plan as now expected: the balance of lower eligible
costs and higher third-party funds, own funds left out, reduces the grant – by the share with Anteilfinanzierung, in
full with Fehlbedarfsfinanzierung (``cost_plan.settle``). A cost group may exceed its recognised amount by the
tolerance of Nr. 1.2 if other groups save as much; beyond it only with the authority's consent, which the reviewer
gives or withholds per group. A higher total never raises the grant: Nr. 2 only lowers it, and more money needs a new
application.

Sources: the Land's ANBest of 2013 (LHO BW with VV, yumpu copy, Nr. 2.1: „ermäßigt sich die Zuwendung insoweit, als
der Saldo aller Änderungsbeträge – ohne Berücksichtigung von Eigenmitteländerungen – zu einer Verbesserung der zu
Grunde gelegten Finanzierung führt“); the federal ANBest-P Nr. 5.1 (Umweltbundesamt's copy) for the duties to
report; Nr. 1.2 (20 %) only in an ANBest-P text that is not the Land's, hence the setting ``overrun_tolerance``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from decimal import Decimal

from workflow.formatting import euro
from workflow.measures.cost_plan import SHARE, ZERO, Actuals, Decision, allowed, percent, portion, settle


@dataclass(frozen=True)
class ReportedPlan:
    """The plan as the recipient now expects it: costs per cost group, own and third-party funds."""

    costs: Mapping[str, Decimal]
    own_funds: Decimal
    third_party_funds: Decimal


@dataclass(frozen=True)
class GroupChange:
    group: str
    recognised: Decimal
    reported: Decimal
    # The most the group may come to without consent (Nr. 1.2).
    allowed: Decimal
    # What the changed plan recognises for the group.
    counted: Decimal
    consented: bool

    @property
    def over_tolerance(self) -> bool:
        return self.reported > self.allowed


@dataclass(frozen=True)
class PlanChange:
    groups: tuple[GroupChange, ...]
    eligible_before: Decimal
    eligible_after: Decimal
    grant_before: Decimal
    grant_after: Decimal
    reasons: tuple[str, ...]
    # The Anteilfinanzierung as a reader recomputes it („60 % × 42.000,00 € = 25.200,00 €“), where it set the grant.
    calculation: str

    @property
    def reduction(self) -> Decimal:
        return self.grant_before - self.grant_after

    @property
    def shifts_consented(self) -> bool:
        return any(group.consented for group in self.groups)


def change_plan(
    decision: Decision,
    recognised: Mapping[str, Decimal],
    reported: ReportedPlan,
    tolerance: Decimal,
    consented: frozenset[str] = frozenset(),
) -> PlanChange:
    """The grant on the changed plan. ``decision``: the Bescheid in force (its grant, eligible costs and funds);
    ``recognised``: its eligible costs per group; ``consented``: the groups whose overrun beyond the tolerance the
    authority accepts. Only groups with recognised costs count; a group the Bescheid did not recognise stays at 0."""
    groups = []
    for key, amount in recognised.items():
        new = reported.costs.get(key, amount)
        limit = allowed(amount, tolerance)
        agreed = key in consented and new > limit
        groups.append(GroupChange(key, amount, new, limit, new if agreed else min(new, limit), agreed))
    eligible = sum((group.counted for group in groups), ZERO)
    result = settle(decision, Actuals(eligible, reported.own_funds, reported.third_party_funds), ZERO)
    reasons = list(result.reasons)
    over = [group for group in groups if group.over_tolerance and not group.consented]
    if over:
        reasons.insert(
            0,
            f"Die Überschreitung einzelner Kostengruppen um mehr als {percent(tolerance)} ist nicht zugelassen; "
            "gezählt wird je Kostengruppe höchstens der anerkannte Betrag zuzüglich dieser Toleranz.",
        )
    base = eligible - (reported.third_party_funds - decision.third_party_funds)
    calculation = ""
    if decision.financing == SHARE and result.final_grant == portion(base, decision.share) < decision.granted:
        calculation = f"{percent(decision.share)} × {euro(base)} = {euro(result.final_grant)}"
    return PlanChange(
        tuple(groups), decision.eligible, eligible, decision.granted, result.final_grant, tuple(reasons), calculation
    )

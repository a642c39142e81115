"""The Kosten- und Finanzierungsplan of a project grant (Projektförderung) and its arithmetic.

A plan lists cost items by group (the groups and whether each is eligible are programme data) and finances them
by own funds, third-party funds and the requested grant. The rule computes the grant by Finanzierungsart
(Anteil-, Fehlbedarfs- or Festbetragsfinanzierung), the reviewer rules per group, and after the
Verwendungsnachweis the Schlussfestsetzung follows Nr. 2 ANBest-P (Baden-Württemberg: the balance of all changes,
own funds left out, reduces the grant — by the share with Anteilfinanzierung, in full with Fehlbedarfsfinanzierung).

Money is Decimal, exact to the cent. Two places round: ``portion`` (a share of an amount, half up to the cent:
neither the LHO nor the ANBest-P says how) and the 20 % tolerance of a cost group (down to the cent: „bis zu“).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from workflow.formatting import decimal_de, euro

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

SHARE = "anteil"
DEFICIT = "fehlbedarf"
FIXED = "festbetrag"
FINANCING_LABELS = {SHARE: "Anteilfinanzierung", DEFICIT: "Fehlbedarfsfinanzierung", FIXED: "Festbetragsfinanzierung"}

RECOGNISED = "recognised"
REDUCED = "reduced"
NOT_ELIGIBLE = "not_eligible"
RULING_LABELS = {RECOGNISED: "anerkannt", REDUCED: "gekürzt anerkannt", NOT_ELIGIBLE: "nicht zuwendungsfähig"}


def _totals(pairs: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for key, amount in pairs:
        totals[key] = totals.get(key, ZERO) + amount
    return totals


def percent(share: Decimal) -> str:
    """0.6 → '60 %', 0.625 → '62,5 %' (a share as a Bescheid states it)."""
    return f"{decimal_de(share * 100).rstrip('0').rstrip(',')}\u00a0%"


def portion(amount: Decimal, share: Decimal) -> Decimal:
    """``share`` × ``amount``, rounded half up to the cent (0,60 × 1.234,57 € = 740,742 € → 740,74 €).

    Commercial rounding is a convention, not a rule we could read in the VwV or the ANBest-P: with a share of
    whole percent and amounts in cents it only matters below a cent."""
    return (share * amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CostGroup:
    key: str
    label: str
    eligible: bool = True
    # Why the programme excludes the group (a sentence for the Bescheid).
    reason: str = ""


@dataclass(frozen=True)
class CostItem:
    group: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class CostPlan:
    items: tuple[CostItem, ...]
    own_funds: Decimal
    third_party_funds: Decimal
    requested: Decimal

    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.items), ZERO)

    def by_group(self) -> dict[str, Decimal]:
        return _totals((item.group, item.amount) for item in self.items)


@dataclass(frozen=True)
class FundingRule:
    """A programme's rule, from its settings: Finanzierungsart, share or Festbetrag, Höchstbetrag, Bagatellgrenze."""

    financing: str
    groups: tuple[CostGroup, ...]
    share: Decimal = ZERO
    maximum: Decimal | None = None
    fixed_amount: Decimal | None = None
    minimum: Decimal = ZERO

    def __post_init__(self):
        # A wrong rule is a programming or settings error, never something an applicant could correct.
        if self.financing not in FINANCING_LABELS:
            raise ValueError(f"Unbekannte Finanzierungsart „{self.financing}“.")
        if self.financing == SHARE and not ZERO < self.share <= 1:
            raise ValueError("Eine Anteilfinanzierung braucht einen Anteil über 0 und höchstens 1.")
        if self.financing == FIXED and (self.fixed_amount is None or self.fixed_amount < 0):
            raise ValueError("Eine Festbetragsfinanzierung braucht einen Festbetrag.")

    def group(self, key: str) -> CostGroup | None:
        return next((group for group in self.groups if group.key == key), None)


@dataclass(frozen=True)
class Grant:
    """The grant a plan earns, with the costs and deficit it rests on; ``limits`` say why it is less than the
    request, ``refusals`` why nothing can be granted (then ``amount`` is 0)."""

    amount: Decimal
    eligible: Decimal
    deficit: Decimal
    limits: tuple[str, ...] = ()
    refusals: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.refusals)


def plan_problems(plan: CostPlan, rule: FundingRule) -> list[str]:
    """What makes a plan unusable: unknown groups, negative amounts, and a plan that does not balance."""
    problems = [
        f"Die Kostengruppe „{item.group}“ ist in diesem Programm nicht vorgesehen."
        for item in plan.items
        if rule.group(item.group) is None
    ]
    if min([plan.own_funds, plan.third_party_funds, plan.requested] + [item.amount for item in plan.items]) < 0:
        problems.append("Kein Betrag des Kosten- und Finanzierungsplans darf negativ sein.")
    financing = plan.own_funds + plan.third_party_funds + plan.requested
    if financing != plan.total:
        problems.append(
            f"Der Finanzierungsplan ist nicht ausgeglichen: den Ausgaben von {euro(plan.total)} stehen "
            f"Eigenmittel, Drittmittel und beantragte Zuwendung von zusammen {euro(financing)} gegenüber."
        )
    return problems


def eligible_by_group(plan: CostPlan, rule: FundingRule) -> dict[str, Decimal]:
    """The applied costs of each group the programme counts as zuwendungsfähig; the others count 0."""
    return {
        key: amount if (group := rule.group(key)) is not None and group.eligible else ZERO
        for key, amount in plan.by_group().items()
    }


def compute_grant(plan: CostPlan, rule: FundingRule, recognised: Mapping[str, Decimal] | None = None) -> Grant:
    """The grant by the rule's Finanzierungsart, on the applied eligible costs or on those ``recognised`` per group.

    Anteilfinanzierung: share × eligible costs; Fehlbedarfsfinanzierung: the deficit; Festbetrag: the fixed amount.
    Each is capped by the Höchstbetrag, the deficit (eligible costs − own − third-party funds: no grant finances
    more than is missing) and the request (nothing is granted that was not applied for)."""
    eligible = sum((recognised if recognised is not None else eligible_by_group(plan, rule)).values(), ZERO)
    deficit = eligible - plan.own_funds - plan.third_party_funds
    problems = plan_problems(plan, rule)
    if problems:
        return Grant(ZERO, eligible, deficit, refusals=tuple(problems))
    if eligible <= 0:
        return Grant(ZERO, eligible, deficit, refusals=("Keine der geplanten Ausgaben ist zuwendungsfähig.",))
    if deficit <= 0:
        covered = f"Eigen- und Drittmittel decken die zuwendungsfähigen Ausgaben von {euro(eligible)} bereits."
        return Grant(ZERO, eligible, deficit, refusals=(covered,))
    base = {SHARE: portion(eligible, rule.share), DEFICIT: deficit, FIXED: rule.fixed_amount}[rule.financing]
    caps = [
        (rule.maximum, f"Die Zuwendung ist auf den Höchstbetrag von {euro(rule.maximum)} begrenzt."),
        (deficit, f"Die Zuwendung darf den Fehlbetrag von {euro(deficit)} nicht übersteigen."),
        (plan.requested, f"Es wird nicht mehr bewilligt als beantragt ({euro(plan.requested)})."),
    ]
    amount = min([base] + [cap for cap, _ in caps if cap is not None])
    limits = tuple(sentence for cap, sentence in caps if cap is not None and cap == amount < base)
    if amount < rule.minimum:
        below = (
            f"Die Zuwendung von {euro(amount)} läge unter der Bagatellgrenze von {euro(rule.minimum)}; "
            "Zuwendungen unter dieser Grenze werden nicht bewilligt."
        )
        return Grant(ZERO, eligible, deficit, limits, (below,))
    return Grant(amount, eligible, deficit, limits)


def request_problems(plan: CostPlan, rule: FundingRule) -> list[str]:
    """Why an application cannot be submitted as it stands: the plan's problems, or a request the rule forbids."""
    problems = plan_problems(plan, rule)
    if problems:
        return problems
    eligible = sum(eligible_by_group(plan, rule).values(), ZERO)
    deficit = max(eligible - plan.own_funds - plan.third_party_funds, ZERO)
    share_of = portion(eligible, rule.share) if rule.financing == SHARE else None
    asked = f"Die beantragte Zuwendung von {euro(plan.requested)}"
    checks = [
        (rule.maximum, f"{asked} übersteigt den Höchstbetrag von {euro(rule.maximum)}."),
        (share_of, f"{asked} übersteigt {percent(rule.share)} der zuwendungsfähigen Ausgaben von {euro(eligible)}."),
        (deficit, f"{asked} übersteigt den Fehlbetrag von {euro(deficit)}."),
    ]
    problems = [sentence for limit, sentence in checks if limit is not None and plan.requested > limit]
    if plan.requested < rule.minimum:
        problems.append(f"{asked} liegt unter der Bagatellgrenze von {euro(rule.minimum)}.")
    return problems


@dataclass(frozen=True)
class GroupRuling:
    """The reviewer's word on one cost group: recognised, reduced to ``amount``, or not eligible; with a reason."""

    group: str
    outcome: str
    amount: Decimal | None = None
    reason: str = ""


class RulingRefused(ValueError):
    """The rulings cannot stand; ``messages`` say why, in German."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def ruled_grant(plan: CostPlan, rule: FundingRule, rulings: Iterable[GroupRuling]) -> tuple[Grant, dict[str, Decimal]]:
    """The grant on the costs the reviewer recognised, and those costs per group.

    A group without a ruling counts as applied if the programme deems it eligible; a reduction or an exclusion
    needs a reason (it goes into the Bescheid) and cannot raise a group above what was applied for."""
    applied = plan.by_group()
    recognised = eligible_by_group(plan, rule)
    problems, sentences = [], []
    for ruling in rulings:
        group = rule.group(ruling.group)
        label = group.label if group else ruling.group
        if group is None or ruling.group not in applied:
            problems.append(f"Für die Kostengruppe „{label}“ ist nichts beantragt.")
        elif ruling.outcome != NOT_ELIGIBLE and not group.eligible:
            problems.append(f"Die Kostengruppe „{label}“ ist nach dem Programm nicht zuwendungsfähig: {group.reason}")
        elif ruling.outcome in (REDUCED, NOT_ELIGIBLE) and not ruling.reason.strip():
            problems.append(f"Für die Kostengruppe „{label}“ fehlt die Begründung.")
        elif ruling.outcome == REDUCED and (ruling.amount is None or not ZERO <= ruling.amount < applied[ruling.group]):
            problems.append(
                f"Die Kostengruppe „{label}“ kann nur auf einen Betrag unter den beantragten "
                f"{euro(applied[ruling.group])} gekürzt werden."
            )
        elif ruling.outcome not in RULING_LABELS:
            problems.append(f"Für die Kostengruppe „{label}“ ist „{ruling.outcome}“ keine mögliche Entscheidung.")
        elif ruling.outcome != RECOGNISED:
            recognised[ruling.group] = ruling.amount if ruling.outcome == REDUCED else ZERO
            sentences.append(
                f"{label}: {RULING_LABELS[ruling.outcome]} mit {euro(recognised[ruling.group])} "
                f"statt {euro(applied[ruling.group])}. {ruling.reason.strip()}"
            )
    if problems:
        raise RulingRefused(problems)
    grant = compute_grant(plan, rule, recognised)
    limits = tuple(sentences) + grant.limits
    return Grant(grant.amount, grant.eligible, grant.deficit, limits, grant.refusals), recognised


@dataclass(frozen=True)
class Decision:
    """What the Bescheid made binding: Finanzierungsart, share, grant, the plan's eligible costs and funds."""

    financing: str
    granted: Decimal
    eligible: Decimal
    own_funds: Decimal
    third_party_funds: Decimal
    share: Decimal = ZERO


@dataclass(frozen=True)
class Actuals:
    """The zahlenmäßiger Nachweis as the authority checked it: eligible costs incurred, funds received."""

    eligible: Decimal
    own_funds: Decimal
    third_party_funds: Decimal


@dataclass(frozen=True)
class Settlement:
    """The Schlussfestsetzung: the final grant, what the recipient repays, and what is still to be paid out."""

    final_grant: Decimal
    repayment: Decimal
    outstanding: Decimal
    reasons: tuple[str, ...]


def allowed(recognised: Decimal, tolerance: Decimal) -> Decimal:
    """The most a cost group may come to without the authority's consent: its recognised amount plus ``tolerance``
    (down to the cent: „bis zu“)."""
    return (recognised * (1 + tolerance)).quantize(CENT, rounding=ROUND_DOWN)


def eligible_from_receipts(
    receipts: Iterable[tuple[str, Decimal]], recognised: Mapping[str, Decimal], tolerance: Decimal
) -> Decimal:
    """The eligible costs a Belegliste proves: per group at most the recognised amount plus ``tolerance`` (Nr. 1.2
    of an ANBest-P we could read, not the Land's: an Einzelansatz may be exceeded by up to 20 % if savings elsewhere make up for it), in total at most
    the recognised total (the plan is binding in its total); groups not recognised count nothing."""
    capped = sum(
        (min(amount, allowed(recognised.get(group, ZERO), tolerance)) for group, amount in _totals(receipts).items()),
        ZERO,
    )
    return min(capped, sum(recognised.values(), ZERO))


def settle(decision: Decision, actuals: Actuals, paid: Decimal) -> Settlement:
    """The Schlussfestsetzung after the Verwendungsnachweis (Nr. 2 ANBest-P), the repayment and what is still due.

    The improvement of the financing is the balance of lower eligible costs and higher third-party funds; own funds
    are left out (BW: „ohne Berücksichtigung von Eigenmitteländerungen“). Anteilfinanzierung: the share of the
    eligible costs less that improvement, never more than granted; Fehlbedarf: the deficit that remains with the
    own funds as planned; Festbetrag: unchanged. In every kind the grant never exceeds the actual eligible costs
    less third-party funds (no overfinancing)."""
    improvement = (decision.eligible - actuals.eligible) + (actuals.third_party_funds - decision.third_party_funds)
    reasons = []
    if decision.financing == SHARE:
        final = decision.granted
        if improvement > 0:
            final = min(final, portion(decision.eligible - improvement, decision.share))
            reasons.append(
                f"Die Finanzierung hat sich um {euro(improvement)} verbessert (niedrigere zuwendungsfähige "
                "Ausgaben oder höhere Drittmittel); die Zuwendung ermäßigt sich nach Nr. 2 ANBest-P/ANBest-K "
                f"entsprechend dem Anteil von {percent(decision.share)}."
            )
    elif decision.financing == DEFICIT:
        final = min(decision.granted, actuals.eligible - decision.own_funds - actuals.third_party_funds)
        if final < decision.granted:
            reasons.append(
                "Der Fehlbedarf ist geringer als bewilligt; die Zuwendung ermäßigt sich nach Nr. 2 "
                "ANBest-P um den vollen Betrag."
            )
    else:
        final = decision.granted
    ceiling = actuals.eligible - actuals.third_party_funds
    if ceiling < final:
        final = ceiling
        reasons.append(
            f"Die Zuwendung darf die zuwendungsfähigen Ausgaben abzüglich der Drittmittel "
            f"({euro(max(ceiling, ZERO))}) nicht übersteigen."
        )
    final = max(final, ZERO)
    return Settlement(final, max(paid - final, ZERO), max(final - paid, ZERO), tuple(reasons))


def call_limit(decision: Decision, paid: Decimal, expected: Decimal) -> Decimal:
    """The most a Mittelabruf may ask for (Nr. 1.4 of the Land's ANBest of 2013): the grant's part of the eligible expenses
    ``expected`` within the next two months — the share with Anteilfinanzierung, otherwise the grant's proportion
    of the eligible costs (other funders pay their part alongside) — never beyond what is still unpaid."""
    if decision.financing == SHARE:
        part = portion(expected, decision.share)
    elif decision.eligible > 0:
        part = portion(expected, decision.granted / decision.eligible)
    else:
        part = ZERO
    return max(min(part, decision.granted - paid), ZERO)


def _months(months: int) -> str:
    return {1: "Monats", 2: "zwei Monate", 3: "drei Monate"}.get(months, f"{months} Monate")


def call_problems(
    decision: Decision, paid: Decimal, requested: Decimal, expected: Decimal, months: int = 2
) -> list[str]:
    """Why a Mittelabruf of ``requested`` cannot be paid, in German (``months``: how far ahead the need counts)."""
    limit = call_limit(decision, paid, expected)
    if requested <= 0:
        return ["Der abgerufene Betrag muss größer als 0 sein."]
    if requested > limit:
        too_much = (
            f"Abgerufen werden können höchstens {euro(limit)}: der Anteil der Zuwendung an den fälligen "
            f"Ausgaben der nächsten {_months(months)} von {euro(expected)}, höchstens die noch offene Zuwendung."
        )
        return [too_much]
    return []

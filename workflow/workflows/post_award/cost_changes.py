"""The Änderungsanzeige of a Kosten- und Finanzierungsplan: the recipient reports the plan as it now expects it
(costs per cost group, own and third-party funds, perhaps a new end of the project), the reviewer consents or not to
cost groups beyond the tolerance, and the rule (``measures.plan_changes``) says what the Änderungsbescheid grants.

The procedure around it (proposal, signature, claim) is ``post_award.changes``; ``CostPlanAfterGrant`` hands it
these. The Bescheid's own figures stay the base of Nr. 2 (``costs.cost_decision``): the Änderungsbescheid changes the
grant and the recognised costs per group, so that the Schlussfestsetzung later counts from the changed plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from workflow import clock
from workflow.engine.context import TransitionRefused
from workflow.engine.rules import ChangedDecision
from workflow.formatting import date_de, euro
from workflow.measures.cost_items import case_plan, funding_rule, recognised_by_group
from workflow.measures.cost_plan import CENT, FINANCING_LABELS, allowed, percent
from workflow.measures.plan_changes import ReportedPlan, change_plan
from workflow.models import Proposal
from workflow.models.application import REDUCED
from workflow.text import parse_german_date
from workflow.workflows.post_award import revocation
from workflow.workflows.post_award.accounts import ZERO
from workflow.workflows.post_award.costs import cost_decision, parse_amount


@dataclass(frozen=True)
class PlanInForce:
    """What the decision in force made binding, as the recipient's report starts from it."""

    recognised: dict[str, Decimal]  # eligible costs per cost group (groups with none left out)
    labels: dict[str, str]
    own_funds: Decimal
    third_party_funds: Decimal
    start: Optional[date]
    end: Optional[date]


def _last_signed_change(application):
    changes = [p for p in application.proposals if p.status == Proposal.SIGNED and p.procedure_id is not None]
    if not changes:
        return None
    return next((p for p in application.procedures if p.id == changes[-1].procedure_id), None)


def plan_in_force(settings, application) -> PlanInForce:
    """The recognised costs of the decision in force, and the funds and period of the last signed change (or of the
    application)."""
    rule, plan = funding_rule(settings), case_plan(application)
    decision = application.signed_proposal
    recognised = recognised_by_group(rule, decision.rulings if decision else [])
    last = _last_signed_change(application)
    change = last.data.get("change", {}) if last is not None else {}
    granted = [ruling for ruling in (decision.rulings if decision else []) if ruling.funding_start]
    return PlanInForce(
        {key: amount for key, amount in recognised.items() if amount > 0},
        {row.key: row.label for row in settings.cost_groups},
        Decimal(change.get("own_funds", plan.own_funds)),
        Decimal(change.get("third_party_funds", plan.third_party_funds)),
        min((ruling.funding_start for ruling in granted), default=None),
        max((ruling.funding_end for ruling in granted), default=None),
    )


def _refuse(message: str):
    raise TransitionRefused(message, 422)


def _day(application, payload: dict[str, Any]) -> date:
    """The day the change came about: not before the Bescheid (Nr. 2 speaks of changes after the grant), not ahead."""
    day = parse_german_date(str(payload.get("changed_on") or ""))
    decided = revocation.first_decision_day(application)
    today = clock.today()
    if day is None or (decided and day < decided) or day > today:
        _refuse(
            "Bitte geben Sie an, seit wann die Änderung besteht (TT.MM.JJJJ, nicht vor dem Zuwendungsbescheid"
            + (f" vom {date_de(decided)}" if decided else "")
            + " und nicht in der Zukunft)."
        )
    return day


def _new_end(plan: PlanInForce, payload: dict[str, Any]) -> Optional[date]:
    text = str(payload.get("project_end") or "").strip()
    if not text:
        return None
    end = parse_german_date(text)
    if end is None or (plan.start and end < plan.start):
        _refuse(
            "Bitte geben Sie das neue Ende des Projekts im Format TT.MM.JJJJ an, nicht vor seinem Beginn"
            + (f" am {date_de(plan.start)}." if plan.start else ".")
        )
    return None if end == plan.end else end


def change_content(settings, application, payload: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The changed plan as reported (ANBest-P/ANBest-K Nr. 5.1), checked; and how it reads on the case."""
    plan = plan_in_force(settings, application)
    costs = payload.get("costs")
    if not isinstance(costs, dict):
        _refuse("Bitte geben Sie die erwarteten Ausgaben je Kostengruppe an.")
    reported = {
        key: parse_amount(
            costs.get(key, str(amount)),
            f"{plan.labels.get(key, key)}: Bitte geben Sie die erwarteten Ausgaben in Euro an (0 € oder mehr, "
            "höchstens zwei Nachkommastellen).",
            allow_zero=True,
        )
        for key, amount in plan.recognised.items()
    }
    own, third = (
        parse_amount(payload.get(name), f"Bitte geben Sie die {label} in Euro an (0 € oder mehr).", allow_zero=True)
        for name, label in (("own_funds", "erwarteten Eigenmittel"), ("third_party_funds", "erwarteten Drittmittel"))
    )
    day, end = _day(application, payload), _new_end(plan, payload)
    explanation = str(payload.get("explanation") or "").strip()
    if not explanation:
        _refuse("Bitte erläutern Sie, was sich geändert hat und warum.")
    if reported == plan.recognised and (own, third) == (plan.own_funds, plan.third_party_funds) and end is None:
        _refuse(
            "Ihre Angaben entsprechen dem geltenden Kosten- und Finanzierungsplan. Bitte tragen Sie ein, was sich "
            "ändert."
        )
    tolerance = settings.overrun_tolerance
    described = [
        (
            "Zuwendungsfähige Ausgaben",
            f"bisher {euro(sum(plan.recognised.values(), ZERO))}, erwartet {euro(sum(reported.values(), ZERO))}",
        ),
        *(
            (label, f"bisher {euro(before)}, erwartet {euro(after)}")
            for label, before, after in (
                ("Drittmittel", plan.third_party_funds, third),
                ("Eigenmittel", plan.own_funds, own),
            )
            if before != after
        ),
        *(
            (
                f"Mehr als {percent(tolerance)} über dem Ansatz",
                f"{plan.labels.get(key, key)}: {euro(plan.recognised[key])} → {euro(amount)}",
            )
            for key, amount in reported.items()
            if amount > allowed(plan.recognised[key], tolerance)
        ),
        *((("Projektende", f"bisher {date_de(plan.end)}, neu {date_de(end)}"),) if end else ()),
        ("Geändert seit", date_de(day)),
        ("Erläuterung", explanation),
    ]
    stored = {
        "costs": {key: str(amount) for key, amount in reported.items()},
        "own_funds": str(own),
        "third_party_funds": str(third),
        "changed_on": day.isoformat(),
        "project_end": end.isoformat() if end else None,
        "explanation": explanation,
    }
    return stored, described


def _reported(change: dict[str, Any]) -> ReportedPlan:
    return ReportedPlan(
        {key: Decimal(value) for key, value in change["costs"].items()},
        Decimal(change["own_funds"]),
        Decimal(change["third_party_funds"]),
    )


def _result(settings, application, change: dict[str, Any], consented: frozenset[str]):
    """The changed plan by the rule, measured against the Bescheid in force (not against a grant a Widerruf lowered
    since: Nr. 2 speaks of the grant as bewilligt)."""
    plan = plan_in_force(settings, application)
    base = replace(cost_decision(settings, application), granted=application.signed_proposal.amount)
    return plan, base, change_plan(base, plan.recognised, _reported(change), settings.overrun_tolerance, consented)


def review_rows(settings, application, change: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Decimal]]:
    """What the reviewer weighs: per cost group the recognised, reported and tolerated amount; and the grant the
    change leads to without and with consent to every overrun."""
    plan, _, refused = _result(settings, application, change, frozenset())
    over = frozenset(group.group for group in refused.groups if group.over_tolerance)
    consented = _result(settings, application, change, over)[2]
    rows = [
        {
            "key": group.group,
            "label": plan.labels.get(group.group, group.group),
            "recognised": group.recognised,
            "reported": group.reported,
            "allowed": group.allowed,
            "over": group.over_tolerance,
        }
        for group in refused.groups
    ]
    return rows, {"without": refused.grant_after, "with": consented.grant_after, "before": refused.grant_before}


def _spread(total: Decimal, amounts: list[Decimal]) -> list[Decimal]:
    """``total`` over the expenses of a group in proportion to what they were recognised with, to the cent; the
    last takes what rounding leaves."""
    whole = sum(amounts, ZERO)
    if whole == total or whole == 0:
        return amounts
    parts = [(total * amount / whole).quantize(CENT, rounding=ROUND_HALF_UP) for amount in amounts[:-1]]
    return [*parts, total - sum(parts, ZERO)]


def changed_decision(settings, application, change: dict[str, Any], payload: dict[str, Any]):
    """The Änderungsbescheid on the changed plan: the grant by Nr. 2 from the Bescheid in force, the consented
    overruns, the recognised costs per expense, the new period; None where it changes none of these."""
    rule, decision = funding_rule(settings), application.signed_proposal
    consent = payload.get("consent") or []
    consented = frozenset(key for key in consent if isinstance(key, str)) if isinstance(consent, list) else frozenset()
    plan, base, result = _result(settings, application, change, consented)
    end = date.fromisoformat(change["project_end"]) if change.get("project_end") else None
    if result.reduction == 0 and not result.shifts_consented and end is None:
        return None
    counted = {group.group: group.counted for group in result.groups}
    by_group: dict[str, list] = {}
    for ruling in decision.rulings:
        by_group.setdefault(ruling.position.details.get("group"), []).append(ruling)
    new_amounts = {}
    for key, rulings in by_group.items():
        amounts = [ruling.amount for ruling in rulings]
        eligible = (found := rule.group(key)) is not None and found.eligible
        spread = _spread(counted[key], amounts) if eligible and key in counted else amounts
        new_amounts.update({ruling.id: amount for ruling, amount in zip(rulings, spread)})
    changed_on = date.fromisoformat(change["changed_on"])
    rulings = []
    for ruling in decision.rulings:
        amount = new_amounts[ruling.id]
        rulings.append(
            {
                "amount": amount,
                "fte": ruling.fte,
                "funding_start": ruling.funding_start,
                "funding_end": end if end is not None and ruling.funding_end is not None else ruling.funding_end,
                "outcome": REDUCED if amount < ruling.amount else ruling.outcome,
                "reason": ruling.reason
                if amount == ruling.amount
                else f"Nach der Änderungsanzeige: {euro(amount)} statt {euro(ruling.amount)}.",
            }
        )
    figures = {
        "financing": FINANCING_LABELS[base.financing],
        "share": str(base.share),
        "groups": [
            {
                "group": plan.labels.get(group.group, group.group),
                "recognised": str(group.recognised),
                "reported": str(group.reported),
                "counted": str(group.counted),
                "over": group.over_tolerance,
                "consented": group.consented,
            }
            for group in result.groups
        ],
        "eligible_before": str(result.eligible_before),
        "eligible_after": str(result.eligible_after),
        "third_before": str(plan.third_party_funds),
        "third_after": change["third_party_funds"],
        "own_before": str(plan.own_funds),
        "own_after": change["own_funds"],
        "grant_before": str(result.grant_before),
        "grant_after": str(result.grant_after),
        "reasons": list(result.reasons),
        "end_before": plan.end.isoformat() if plan.end else None,
        "end_after": change.get("project_end"),
    }
    # From the day the financing improved the Bescheid is ineffective to that extent (Nr. 2 as auflösende Bedingung,
    # § 36 Abs. 2 Nr. 2 LVwVfG); interest runs from it, on each payment not before its day (§ 49a Abs. 3 LVwVfG).
    return ChangedDecision(
        tuple(rulings), result.grant_after, result.reduction, result.calculation, changed_on, figures
    )


def change_letter(application, procedure) -> dict[str, Any]:
    """The changed plan as the Änderungsbescheid shows it."""
    data = procedure.data
    figures = data.get("figures")
    if not figures:
        return {}
    change = data["change"]

    def day(value: Optional[str]) -> str:
        return date_de(date.fromisoformat(value)) if value else ""

    return {
        "financing": figures["financing"],
        "share": percent(Decimal(figures["share"])),
        "groups": [
            {
                "group": row["group"],
                "recognised": euro(Decimal(row["recognised"])),
                "reported": euro(Decimal(row["reported"])),
                "counted": euro(Decimal(row["counted"])),
                "note": ("Überschreitung zugelassen" if row["consented"] else "über der Toleranz")
                if row["over"]
                else "",
            }
            for row in figures["groups"]
        ],
        **{key: euro(Decimal(figures[key])) for key in MONEY_KEYS},
        "reasons": figures["reasons"],
        "consented": [row["group"] for row in figures["groups"] if row["consented"]],
        "overrun_refused": any(row["over"] and not row["consented"] for row in figures["groups"]),
        "changed_on": day(change["changed_on"]),
        "explanation": [line for line in change["explanation"].splitlines() if line.strip()],
        "period_changed": bool(figures["end_after"]),
        "end_before": day(figures["end_before"]),
        "end_after": day(figures["end_after"]),
    }


MONEY_KEYS = (
    "eligible_before",
    "eligible_after",
    "third_before",
    "third_after",
    "own_before",
    "own_after",
    "grant_before",
    "grant_after",
)

LETTER_SAMPLE = {
    "financing": "Anteilfinanzierung",
    "share": "60\u00a0%",
    "groups": [
        {
            "group": "Honorare und Aufwandsentschädigungen",
            "recognised": "24.000,00 €",
            "reported": "20.000,00 €",
            "counted": "20.000,00 €",
            "note": "",
        }
    ],
    "eligible_before": "40.000,00 €",
    "eligible_after": "34.000,00 €",
    "third_before": "4.000,00 €",
    "third_after": "4.000,00 €",
    "own_before": "12.000,00 €",
    "own_after": "12.000,00 €",
    "grant_before": "24.000,00 €",
    "grant_after": "20.400,00 €",
    "reasons": ["Die Finanzierung hat sich um 6.000,00 € verbessert."],
    "consented": [],
    "overrun_refused": False,
    "changed_on": "01.09.2027",
    "explanation": ["Die Raummiete entfällt; die Schule stellt die Räume unentgeltlich."],
    "period_changed": False,
    "end_before": "28.02.2029",
    "end_after": "",
}


class CostPlanChanges:
    """The Änderungsanzeige of a cost plan, for the rules of a programme of cost plans (``class …Rules(
    CostPlanAfterGrant, CostPlanChanges, ProgrammeRules)``)."""

    change_form = "cost_change_report"
    change_review_form = "cost_change_review"
    change_decision_form = "cost_change_decision"
    change_description = (
        "Der Zuwendungsempfänger zeigt einen geänderten Kosten- und Finanzierungsplan an (Nr. 5.1 ANBest-P/ANBest-K): "
        "niedrigere Ausgaben, weitere Dritt- oder Eigenmittel, eine Kostengruppe deutlich über ihrem Ansatz oder "
        "ein anderer Zeitraum."
    )
    change_letter_sample = LETTER_SAMPLE

    def change_content(self, session, settings, application, payload: dict[str, Any]):
        return change_content(settings, application, payload)

    def changed_decision(self, session, settings, application, change: dict[str, Any], payload: dict[str, Any]):
        return changed_decision(settings, application, change, payload)

    def change_letter(self, session, settings, application, procedure) -> dict[str, Any]:
        return change_letter(application, procedure)

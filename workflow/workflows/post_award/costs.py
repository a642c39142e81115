"""After the grant of a project's Kosten- und Finanzierungsplan: the Mittelabruf by the need the recipient states
(Nr. 1.4 ANBest-P/ANBest-K), the zahlenmäßiger Nachweis as a Belegliste with the funds received, and the
Schlussfestsetzung by Nr. 2 ANBest-P (``measures.cost_plan.settle``).

Programmes of cost plans take these hooks into their rules (``class …Rules(CostPlanAfterGrant, ProgrammeRules)``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from workflow import clock
from workflow.engine.context import TransitionRefused
from workflow.formatting import date_de, euro
from workflow.measures.cost_items import case_plan, funding_rule, recognised_by_group
from workflow.measures.cost_plan import (
    FINANCING_LABELS,
    SHARE,
    Actuals,
    Decision,
    call_problems,
    eligible_from_receipts,
    percent,
    portion,
    settle,
)
from workflow.money import within_cents
from workflow.text import parse_german_date
from workflow.workflows.post_award.accounts import ZERO, granted_rulings
from workflow.workflows.post_award.interim_interest import shared_uses


def parse_amount(value: Any, message: str, allow_zero: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "x"))
    except InvalidOperation:
        raise TransitionRefused(message, 422) from None
    if not amount.is_finite() or not within_cents(amount) or amount < 0 or (amount == 0 and not allow_zero):
        raise TransitionRefused(message, 422)
    return amount.quantize(Decimal("0.01"))


def cost_decision(settings, application) -> Decision:
    """What the Bescheid made binding: the grant in force, the eligible costs the decision recognised, the plan's
    own and third-party funds, Finanzierungsart and share."""
    rule, plan = funding_rule(settings), case_plan(application)
    decision = application.signed_proposal
    recognised = recognised_by_group(rule, decision.rulings if decision else [])
    return Decision(
        rule.financing,
        application.granted_amount or ZERO,
        sum(recognised.values(), ZERO),
        plan.own_funds,
        plan.third_party_funds,
        rule.share,
    )


def _period(application) -> tuple[Optional[date], Optional[date]]:
    rulings = granted_rulings(application)
    starts = [ruling.funding_start for ruling in rulings if ruling.funding_start]
    ends = [ruling.funding_end for ruling in rulings if ruling.funding_end]
    return (min(starts) if starts else None), (max(ends) if ends else None)


class CostPlanAfterGrant:
    payment_form = "cost_payment_request"
    proof_form = "cost_proof"
    settles_proof = True

    def payment_limit(self, session, settings, application, day: date, money) -> Decimal:
        """The grant not yet paid or on its way; how much of it a call may take depends on the need it states."""
        return money.open_to_pay

    def payment_problem(
        self, session, settings, application, day: date, money, amount: Decimal, payload: dict[str, Any]
    ) -> Optional[str]:
        """Nr. 1.4 ANBest-P: only the grant's part of the eligible expenses due within ``call_months``; the recipient
        states them with the call. A call above them or above what is open is bad input (422)."""
        months = settings.call_months
        expected = parse_amount(
            payload.get("expected"),
            f"Bitte geben Sie an, welche zuwendungsfähigen Ausgaben in den "
            f"nächsten {months} Monaten fällig werden (in Euro, über 0 €).",
        )
        problems = call_problems(
            cost_decision(settings, application), money.paid + money.pending, amount, expected, months
        )
        if problems:
            raise TransitionRefused(" ".join(problems), 422)
        return None

    def payment_hint(self, settings) -> str:
        return (
            f"höchstens {percent(settings.share)} der zuwendungsfähigen Ausgaben, die in den nächsten "
            f"{settings.call_months} Monaten fällig werden"
        )

    def proof_content(self, session, settings, application, payload: dict[str, Any]) -> dict[str, Any]:
        """The Belegliste (group, description, amount, day paid per receipt) and the own and third-party funds
        received. Every receipt falls in the Bewilligungszeitraum and is paid by today."""
        groups = {row.key: row.label for row in settings.cost_groups}
        start, end = _period(application)
        today = clock.today()
        receipts = []
        for number, row in enumerate(payload.get("receipts") or [], start=1):
            if not any(str(row.get(key) or "").strip() for key in ("group", "description", "amount", "paid_on")):
                continue  # an empty line of the form
            if row.get("group") not in groups:
                raise TransitionRefused(f"Beleg {number}: Bitte wählen Sie eine Kostengruppe des Programms.", 422)
            description = str(row.get("description") or "").strip()
            if not description:
                raise TransitionRefused(f"Beleg {number}: Bitte beschreiben Sie die Ausgabe.", 422)
            amount = parse_amount(
                row.get("amount"),
                f"Beleg {number}: Bitte geben Sie den Betrag in Euro an (über 0 €, höchstens zwei Nachkommastellen).",
            )
            paid_on = parse_german_date(str(row.get("paid_on") or ""))
            if paid_on is None or paid_on > today:
                raise TransitionRefused(
                    f"Beleg {number}: Bitte geben Sie den Tag der Zahlung an (TT.MM.JJJJ, nicht in der Zukunft).", 422
                )
            if (start and paid_on < start) or (end and paid_on > end):
                raise TransitionRefused(
                    f"Beleg {number}: Bezahlt am {date_de(paid_on)} liegt außerhalb des "
                    f"Bewilligungszeitraums ({date_de(start)} bis {date_de(end)}); nur Ausgaben in "
                    "diesem Zeitraum sind zuwendungsfähig.",
                    422,
                )
            receipts.append(
                {
                    "number": len(receipts) + 1,
                    "group": row["group"],
                    "description": description,
                    "amount": str(amount),
                    "paid_on": paid_on.isoformat(),
                }
            )
        if not receipts:
            raise TransitionRefused("Bitte führen Sie in der Belegliste jede bezahlte Ausgabe des Projekts auf.", 422)
        return {
            "receipts": receipts,
            "own_funds": str(
                parse_amount(
                    payload.get("own_funds"),
                    "Bitte geben Sie die eingesetzten Eigenmittel in Euro an (0 € oder mehr).",
                    allow_zero=True,
                )
            ),
            "third_party_funds": str(
                parse_amount(
                    payload.get("third_party_funds"),
                    "Bitte geben Sie die erhaltenen Drittmittel in Euro an (0 € oder mehr).",
                    allow_zero=True,
                )
            ),
        }

    def proof_settlement(self, settings, application, proof: dict[str, Any], paid: Decimal) -> Optional[dict[str, Any]]:
        """The Schlussfestsetzung: the eligible costs the Belegliste proves (per group at most the recognised amount
        plus the tolerance, in total at most the recognised total), the final grant by Nr. 2 ANBest-P, and what
        was paid beyond it."""
        if "receipts" not in proof:
            return None
        rule = funding_rule(settings)
        decision = cost_decision(settings, application)
        signed = application.signed_proposal
        recognised = recognised_by_group(rule, signed.rulings if signed else [])
        receipts = [(row["group"], Decimal(row["amount"])) for row in proof["receipts"]]
        eligible = eligible_from_receipts(receipts, recognised, settings.overrun_tolerance)
        own, third = Decimal(proof["own_funds"]), Decimal(proof["third_party_funds"])
        result = settle(decision, Actuals(eligible, own, third), paid)
        # Anteilfinanzierung: the share of the eligible costs less the improvement of the financing (lower costs,
        # more third-party funds), as ``settle`` computes it – said in the Bescheid where it is what was fixed.
        base = decision.eligible - ((decision.eligible - eligible) + (third - decision.third_party_funds))
        calculation = ""
        if decision.financing == SHARE and result.final_grant == portion(base, decision.share) < decision.granted:
            calculation = f"{percent(decision.share)} × {euro(base)} = {euro(result.final_grant)}"
        labels = {row.key: row.label for row in settings.cost_groups}
        actual_by_group: dict[str, Decimal] = {}
        for group, amount in receipts:
            actual_by_group[group] = actual_by_group.get(group, ZERO) + amount
        groups = [
            {
                "group": labels.get(key, key),
                "recognised": str(recognised.get(key, ZERO)),
                "actual": str(actual_by_group.get(key, ZERO)),
            }
            for key in dict.fromkeys([*recognised, *actual_by_group])
        ]
        return {
            "financing": FINANCING_LABELS[decision.financing],
            "share": str(decision.share),
            "granted": str(decision.granted),
            "planned_eligible": str(decision.eligible),
            "planned_own_funds": str(decision.own_funds),
            "planned_third_party_funds": str(decision.third_party_funds),
            "actual_total": str(sum((amount for _, amount in receipts), ZERO)),
            "actual_eligible": str(eligible),
            "own_funds": str(own),
            "third_party_funds": str(third),
            "groups": groups,
            "final_grant": str(result.final_grant),
            "paid": str(paid),
            "repayment": str(result.repayment),
            "outstanding": str(result.outstanding),
            "reasons": list(result.reasons),
            "calculation": calculation,
        }

    def proof_uses(self, settings, application, proof: dict[str, Any]) -> list[tuple[date, Decimal]]:
        """The grant is spent together with the own and third-party funds, in proportion (Nr. 1.4 ANBest-P/ANBest-K:
        „anteilig … in Anspruch genommen“): each receipt uses the final grant's part of it on the day it was paid."""
        if "receipts" not in proof:
            return []
        final = Decimal(self.proof_settlement(settings, application, proof, ZERO)["final_grant"])
        expenses = [(date.fromisoformat(row["paid_on"]), Decimal(row["amount"])) for row in proof["receipts"]]
        return shared_uses(expenses, final)


def settlement_lines(found: dict[str, Any]) -> dict[str, Any]:
    """The Schlussfestsetzung's figures as the letters and the page show them."""
    money = {
        key: euro(Decimal(found[key]))
        for key in (
            "granted",
            "planned_eligible",
            "planned_own_funds",
            "planned_third_party_funds",
            "actual_total",
            "actual_eligible",
            "own_funds",
            "third_party_funds",
            "final_grant",
            "paid",
            "repayment",
            "outstanding",
        )
    }
    share = Decimal(found["share"])
    return {
        **money,
        "financing": found["financing"],
        "share": percent(share),
        "groups": [
            {
                "group": row["group"],
                "recognised": euro(Decimal(row["recognised"])),
                "actual": euro(Decimal(row["actual"])),
            }
            for row in found["groups"]
        ],
        "reasons": found["reasons"],
        "calculation": found.get("calculation", ""),
        "owes": Decimal(found["repayment"]) > 0,
    }

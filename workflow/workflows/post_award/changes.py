"""Change reports (Änderungsanzeige) and the changed decision (Änderungsbescheid), whatever a programme funds.

The recipient reports a change; the programme's rule reads it and computes the changed decision
(``ProgrammeRules.change_content`` and ``changed_decision``: staff positions in ``post_award.staff_changes``, cost
plans in ``post_award.cost_changes``). The changed decision is a new proposal with one ruling per ruling in force;
once signed it is the decision in force, every earlier one stays in the case, and what was paid beyond the changed
grant becomes a claim.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import select

from workflow import clock
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings, definition_for
from workflow.formatting import date_de, euro
from workflow.models import Deadline, PositionRuling, Proposal
from workflow.models.application import GRANTED, PROPOSAL_GRANT, PROPOSAL_PARTIAL
from workflow.workflows.post_award import proof, revocation
from workflow.workflows.post_award.accounts import SAMPLE_REPAYMENT_ACCOUNT, ZERO, case_money

PROOF_OF_USE = "proof_of_use"  # the deadline kind of the Verwendungsnachweis (``declaration.PROOF_DUE``)


def _rules(application):
    return definition_for(application.programme.code).rules


def _rulings_in_force(application) -> list[PositionRuling]:
    decision = application.signed_proposal
    if decision is None:
        raise TransitionRefused("Zu diesem Antrag gibt es keinen Bescheid, der geändert werden könnte.")
    return list(decision.rulings)


def record_report(ctx: TransitionContext) -> None:
    _rulings_in_force(ctx.application)
    change, described = _rules(ctx.application).change_content(
        ctx.session, case_settings(ctx.application), ctx.application, ctx.payload
    )
    ctx.procedure.data = {**ctx.procedure.data, "change": change, "described": [list(line) for line in described]}
    ctx.details.update(change="; ".join(text for _, text in described))


def _owed(money, reduction: Decimal) -> tuple[Decimal, Decimal]:
    """The grant after the change and what it demands back: of the money paid, what exceeds that grant and was not
    claimed already (as a Widerruf computes it)."""
    after = max(money.granted - reduction, ZERO)
    return after, max(money.paid - money.claimed - after, ZERO)


def propose(ctx: TransitionContext) -> None:
    application = ctx.application
    in_force = _rulings_in_force(application)
    decided = _rules(application).changed_decision(
        ctx.session, case_settings(application), application, ctx.procedure.data["change"], ctx.payload
    )
    if decided is None:
        raise TransitionRefused(
            "Die angezeigte Änderung berührt weder die Höhe der Zuwendung noch den verbindlichen Bescheid. Bitte "
            "nehmen Sie sie ohne Änderungsbescheid zur Kenntnis.",
            422,
        )
    rulings = [PositionRuling(position=old.position, **values) for old, values in zip(in_force, decided.rulings)]
    kind = PROPOSAL_GRANT if all(ruling.outcome == GRANTED for ruling in rulings) else PROPOSAL_PARTIAL
    proposal = Proposal(
        application=application,
        kind=kind,
        amount=decided.amount,
        reasons=ctx.payload.get("comment") or "",
        proposed_by_id=ctx.actor.id,
        procedure_id=ctx.procedure.id,
        rulings=rulings,
    )
    ctx.session.add(proposal)
    money = case_money(ctx.session, application)
    after, principal = _owed(money, decided.reduction)
    ctx.procedure.amount = after
    ctx.procedure.data = {
        **ctx.procedure.data,
        "before_total": str(money.granted),
        "after_total": str(after),
        "reduction": str(decided.reduction),
        "principal": str(principal),
        "calculation": decided.calculation,
        "figures": decided.figures,
        "effective_from": decided.effective_from.isoformat(),
        "claimed_before": str(money.claimed),
        "based_on": application.signed_proposal.id,
    }
    ctx.details.update(before=str(money.granted), after=str(after), principal=str(principal))


def _open_proposal(ctx: TransitionContext) -> Proposal:
    return next(
        p
        for p in reversed(ctx.application.proposals)
        if p.procedure_id == ctx.procedure.id and p.status == Proposal.OPEN
    )


def discard_proposal(ctx: TransitionContext) -> None:
    proposal = _open_proposal(ctx)
    proposal.status = Proposal.RETURNED
    proposal.decision_comment = ctx.payload.get("comment") or ""


def _repays(ctx: TransitionContext) -> bool:
    return Decimal(ctx.procedure.data.get("principal", "0")) > 0


def rates_cover_period(ctx: TransitionContext) -> Optional[str]:
    return revocation.rates_cover_period(ctx) if _repays(ctx) else None


def repayment_account_known(ctx: TransitionContext) -> Optional[str]:
    return revocation.repayment_account_known(ctx) if _repays(ctx) else None


def sign(ctx: TransitionContext) -> None:
    """Under the case's lock, against the decision and the money as they are now: another Änderungsbescheid signed
    since the proposal, or a payment executed or a claim made, changes what this one must say."""
    data = ctx.procedure.data
    if data.get("based_on") != ctx.application.signed_proposal.id:
        raise TransitionRefused(
            "Seit dem Vorschlag ist ein anderer Änderungsbescheid ergangen. Bitte geben Sie den "
            "Vorschlag zurück; die Sachbearbeitung schlägt neu vor.",
            409,
        )
    money = case_money(ctx.session, ctx.application)
    after, principal = _owed(money, Decimal(data["reduction"]))
    if principal != Decimal(data["principal"]):
        raise TransitionRefused(
            f"Seit dem Vorschlag hat sich der Zahlungsstand geändert: zu erstatten wären jetzt "
            f"{euro(principal)} statt {euro(Decimal(data['principal']))}. Bitte geben Sie den "
            "Vorschlag zurück; die Sachbearbeitung schlägt neu vor.",
            409,
        )
    proposal = _open_proposal(ctx)
    proposal.status = Proposal.SIGNED
    proposal.decided_by_id = ctx.actor.id
    proposal.decided_at = clock.now()
    ctx.application.granted_amount = after
    ctx.application.decision_kind = proposal.kind
    ctx.procedure.amount = after
    ctx.procedure.data = {
        **data,
        "before_total": str(money.granted),
        "after_total": str(after),
        "claimed_before": str(money.claimed),
        "signed_on": ctx.today.isoformat(),
    }
    ctx.details.update(amount=str(after))
    _proof_deadline_follows(ctx)
    if principal > 0:
        revocation.record_claim_terms(ctx)


def _proof_deadline_follows(ctx: TransitionContext) -> None:
    """A funding period the Änderungsbescheid extends moves the Verwendungsnachweis's deadline with it; a shorter one
    leaves the deadline the Bescheid gave (the recipient keeps the time it was promised)."""
    due = proof.due_date(ctx)
    open_deadlines = ctx.session.scalars(
        select(Deadline).where(
            Deadline.application_id == ctx.application.id,
            Deadline.kind == PROOF_OF_USE,
            Deadline.status == Deadline.OPEN,
            Deadline.expired_at.is_(None),
        )
    )
    for deadline in open_deadlines:
        if deadline.due_on < due:
            deadline.due_on = due
            ctx.details.update(proof_due_on=due.isoformat())


def facts(procedure) -> list[tuple[str, str]]:
    data = procedure.data
    found = [tuple(line) for line in data.get("described", [])]
    if "after_total" in data:
        found.append(
            ("Zuwendung", f"bisher {euro(Decimal(data['before_total']))}, neu {euro(Decimal(data['after_total']))}")
        )
    if Decimal(data.get("principal", "0")) > 0:
        found.append(("Zu erstatten", euro(Decimal(data["principal"]))))
    if data.get("due_on"):
        found.append(
            (
                "Fällig",
                f"{date_de(date.fromisoformat(data['due_on']))}, Zinsen bis dahin "
                f"{euro(Decimal(data['interest_to_due']))}",
            )
        )
    return found


def letter(ctx: TransitionContext) -> dict[str, Any]:
    data = ctx.procedure.data
    if "change" not in data:
        return {}
    money = case_money(ctx.session, ctx.application)
    after = Decimal(data.get("after_total", money.granted))
    decided = revocation.first_decision_day(ctx.application)
    principal = Decimal(data.get("principal", "0"))
    found = {
        **_rules(ctx.application).change_letter(
            ctx.session, case_settings(ctx.application), ctx.application, ctx.procedure
        ),
        "reported_on": date_de(ctx.procedure.created_at),
        "calculation": data.get("calculation", ""),
        "before_total": euro(Decimal(data.get("before_total", after))),
        "after_total": euro(after),
        "paid": euro(money.paid),
        "repay": euro(principal),
        "must_repay": principal > 0,
        "decision_date": date_de(decided) if decided else "",
        "effective_from": date_de(date.fromisoformat(data["effective_from"])) if data.get("effective_from") else "",
    }
    return {**found, **revocation.repayment_letter(ctx)} if data.get("due_on") else found


# The procedure's own keys; each shape adds its own (``ProgrammeRules.change_letter_sample``).
LETTER_SAMPLE = {
    "reported_on": "06.09.2027",
    "calculation": "Festbetrag je Monat laut Zuwendungsbescheid 2.416,67 €; nach der Änderung ergibt sich für die Stelle "
    "2.416,67 € statt 58.000,00 €, also 55.583,33 € weniger.",
    "before_total": "58.000,00 €",
    "after_total": "2.416,67 €",
    "paid": "14.000,00 €",
    "repay": "11.583,33 €",
    "must_repay": True,
    "decision_date": "01.02.2027",
    "effective_from": "01.04.2027",
    "due_on": "11.10.2027",
    "interest": "305,90 €",
    "total": "11.889,23 €",
    "interest_rows": [
        {
            "principal": "9.000,00 €",
            "period": "01.06.2027 – 30.06.2027",
            "days": 30,
            "year_days": 365,
            "base_rate": "1,27\u00a0%",
            "rate": "6,27\u00a0%",
            "interest": "46,38 €",
        }
    ],
    "account": SAMPLE_REPAYMENT_ACCOUNT,
    "daily_after_due": "2,15 €",
}

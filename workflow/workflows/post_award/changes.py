"""Change reports (Änderungsanzeige) and the changed decision (Änderungsbescheid), whatever a programme funds.

The recipient reports a change; the programme's rule reads it and computes the changed decision
(``ProgrammeRules.change_content`` and ``changed_decision``: staff positions in ``post_award.staff_changes``, cost
plans in ``post_award.cost_changes``). The changed decision is a new proposal with one ruling per ruling in force;
once signed it is the decision in force, every earlier one stays in the case, and what was paid beyond the changed
grant becomes a claim.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import object_session

from workflow import clock
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings, definition_for
from workflow.formatting import euro
from workflow.models import Deadline, PositionRuling, Proposal
from workflow.models.application import GRANTED, PROPOSAL_GRANT, PROPOSAL_PARTIAL
from workflow.workflows.post_award import hearing, proof, revocation
from workflow.workflows.post_award.accounts import ZERO, case_money

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


def _decided(session, application, procedure, payload: dict[str, Any]):
    """The Änderungsbescheid the programme's rule computes for the reported change, with the reviewer's entries."""
    _rulings_in_force(application)
    return _rules(application).changed_decision(
        session, case_settings(application), application, procedure.data["change"], payload
    )


def lowers_grant(application, procedure, payload: Optional[dict[str, Any]] = None) -> bool:
    """The change as the programme decides it (with the reviewer's ``payload``, e.g. consent to an overrun) lowers the
    grant, and so may demand money back: it interferes with the recipient's rights, and a hearing must precede the
    Änderungsbescheid (§ 28 Abs. 1 LVwVfG) unless a ground of § 28 Abs. 2 applies. A change that lowers nothing (a
    longer period, a consented shift, a new person in a better-paid category) needs none."""
    decided = _decided(object_session(application), application, procedure, payload or {})
    return decided is not None and decided.reduction > 0


def is_adverse(ctx: TransitionContext) -> bool:
    return lowers_grant(ctx.application, ctx.procedure, ctx.payload)


def needs_no_decision(ctx: TransitionContext) -> bool:
    """Condition of noting a change without a Bescheid: the programme's rule finds nothing an Änderungsbescheid would
    change – no lower grant, no consented shift, no other period. A change that lowers the grant is never merely
    noted: that would leave money paid that the grant no longer covers."""
    return _decided(ctx.session, ctx.application, ctx.procedure, {}) is None


def propose_unheard(ctx: TransitionContext) -> None:
    """Without a hearing: only a change that, as the reviewer decides it (a cost plan's consent to an overrun
    counts), lowers nothing. Checked on submission, not as a guard, so that the reviewer sees the figures first."""
    if is_adverse(ctx):
        raise TransitionRefused(
            "Die Änderung mindert die Zuwendung: Vor dem Änderungsbescheid ist die Kommune anzuhören (§ 28 Abs. 1 "
            "LVwVfG), oder Sie sehen aus einem Grund des § 28 Abs. 2 LVwVfG begründet davon ab.",
            409,
        )
    propose(ctx)


def heard_if_adverse(ctx: TransitionContext) -> Optional[str]:
    """At signing: a proposal that lowers the grant was preceded by the hearing or its reasoned waiver (a proposal made
    before the hearing existed has neither)."""
    data = ctx.procedure.data
    if Decimal(data.get("reduction", "0")) <= 0 or data.get("hearing_sent_on") or data.get("hearing_waived"):
        return None
    return (
        "Der Änderungsbescheid mindert die Zuwendung, ohne dass die Kommune angehört wurde. Bitte geben Sie den "
        "Vorschlag zurück; die Sachbearbeitung hört an oder sieht aus einem Grund des § 28 Abs. 2 LVwVfG davon ab."
    )


def intend(ctx: TransitionContext):
    """The decision as intended – for the hearing and again for the proposal, against the decision and the money as
    they are now: the grant after the change, what it would demand back and from which day."""
    application = ctx.application
    decided = _decided(ctx.session, application, ctx.procedure, ctx.payload)
    if decided is None:
        raise TransitionRefused(
            "Die angezeigte Änderung berührt weder die Höhe der Zuwendung noch den verbindlichen Bescheid. Bitte "
            "nehmen Sie sie ohne Änderungsbescheid zur Kenntnis.",
            422,
        )
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
        "intended": [_stored(values) for values in decided.rulings],
        "effective_from": decided.effective_from.isoformat(),
        "claimed_before": str(money.claimed),
        "based_on": application.signed_proposal.id,
    }
    ctx.details.update(before=str(money.granted), after=str(after), principal=str(principal))
    return decided


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """A ruling as intended, kept with the procedure for the Anhörung (dates and amounts as text)."""
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else None if value is None else str(value)
        for key, value in values.items()
    }


def start_hearing(ctx: TransitionContext) -> None:
    """The hearing on the decision as intended today; its figures are kept, for the proposal must not go beyond them."""
    intend(ctx)
    hearing.record_hearing(ctx)
    data = ctx.procedure.data
    ctx.procedure.data = {**data, "heard": {"after_total": data["after_total"], "principal": data["principal"]}}


def propose(ctx: TransitionContext) -> None:
    application = ctx.application
    in_force = _rulings_in_force(application)
    decided = intend(ctx)
    rulings = [PositionRuling(position=old.position, **values) for old, values in zip(in_force, decided.rulings)]
    kind = PROPOSAL_GRANT if all(ruling.outcome == GRANTED for ruling in rulings) else PROPOSAL_PARTIAL
    ctx.session.add(
        Proposal(
            application=application,
            kind=kind,
            amount=decided.amount,
            reasons=ctx.payload.get("comment") or "",
            proposed_by_id=ctx.actor.id,
            procedure_id=ctx.procedure.id,
            rulings=rulings,
        )
    )


def _worse_than_heard(data: dict[str, Any]) -> str:
    """What the decision would now do beyond what the municipality was heard on (a payment executed since, …)."""
    heard = data.get("heard")
    if not heard:
        return ""
    worse = []
    after, heard_after = Decimal(data["after_total"]), Decimal(heard["after_total"])
    if after < heard_after:
        worse.append(f"Zuwendung jetzt {euro(after)} statt {euro(heard_after)}")
    principal, heard_principal = Decimal(data["principal"]), Decimal(heard["principal"])
    if principal > heard_principal:
        worse.append(f"zu erstatten jetzt {euro(principal)} statt {euro(heard_principal)}")
    return ", ".join(worse)


def propose_adverse(ctx: TransitionContext) -> None:
    """After the hearing, or without it on a ground of § 28 Abs. 2: the decision with every answer dealt with and
    the discretion of the (precautionary) Widerruf exercised for this case, as a Widerruf asks for it."""
    considered, discretion = hearing.answer_considered(ctx), revocation.discretion(ctx)
    propose(ctx)
    data = ctx.procedure.data
    worse = _worse_than_heard(data)
    if worse:
        raise TransitionRefused(
            f"Seit der Anhörung hat sich die beabsichtigte Entscheidung zu Ungunsten der Kommune geändert: {worse}. "
            "Bitte hören Sie dazu erneut an (§ 28 Abs. 1 LVwVfG).",
            409,
        )
    ctx.procedure.data = {**data, "answer_considered": considered, **discretion}


def _open_proposal(ctx: TransitionContext) -> Proposal:
    return next(
        p
        for p in reversed(ctx.application.proposals)
        if p.procedure_id == ctx.procedure.id and p.status == Proposal.OPEN
    )


def discard_proposal(ctx: TransitionContext) -> None:
    """The returned proposal goes; the change is back where it was proposed from: reported, or after its hearing."""
    proposal = _open_proposal(ctx)
    proposal.status = Proposal.RETURNED
    proposal.decision_comment = ctx.payload.get("comment") or ""
    data = ctx.procedure.data
    if data.get("hearing_waived"):
        ctx.target = "hearing_waived"
    elif hearing.answers(data):
        ctx.target = "hearing_answered"
    elif data.get("hearing_sent_on"):
        ctx.target = "hearing_closed"


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

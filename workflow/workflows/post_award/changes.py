"""Change reports (Änderungsanzeige) and the changed decision (Änderungsbescheid).

The Bescheid's clause: a month in which a position is not filled reduces its Festbetrag by the monthly
amount, a smaller share reduces it pro rata, and a Festbetrag is never raised afterwards. The changed
decision is a new proposal with one ruling per position; once signed it is the decision in force, and
every earlier one stays in the case.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from workflow import clock
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.measures.staff_positions import months_between
from workflow.formatting import date_de, decimal_de, euro, fte as fte_de
from workflow.models import PositionRuling, Proposal
from workflow.models.application import GRANTED, PROPOSAL_GRANT, PROPOSAL_PARTIAL, REDUCED
from workflow.workflows.post_award import hearing, revocation
from workflow.workflows.post_award.accounts import CENT, ZERO, case_money
from workflow.workflows.post_award.funding import (
    END,
    FTE,
    LATER_START,
    NEW_PERSON,
    VACANCY,
    Change,
    funded,
    granted_ruling,
    newly_vacant_months,
    runs,
)
from workflow.text import parse_german_date, parse_german_decimal

CHANGE_LABELS = {
    VACANCY: "Stelle vorübergehend nicht besetzt (Vakanz)",
    END: "Ende der Beschäftigung",
    LATER_START: "späterer Beginn",
    FTE: "anderer Stellenumfang",
    NEW_PERSON: "neue Person",
}


def _refuse(message: str):
    raise TransitionRefused(message, 422)


def parse_change(application, payload: dict[str, Any]) -> Change:
    """The reported change, checked against the decision in force; German messages for every mistake."""
    rulings = _rulings_in_force(application)
    try:
        number = int(str(payload.get("position", "")))
    except ValueError:
        number = 0
    if not 1 <= number <= len(rulings):
        _refuse("Bitte wählen Sie die Stelle, die sich ändert.")
    ruling = rulings[number - 1]
    if not ruling.granted:
        _refuse("Diese Stelle ist nicht bewilligt; eine Änderung betrifft die Zuwendung nicht.")
    kind = payload.get("kind")
    if kind not in CHANGE_LABELS:
        _refuse("Bitte wählen Sie die Art der Änderung.")
    start = parse_german_date(str(payload.get("start") or ""))
    if start is None:
        _refuse("Bitte geben Sie das Datum der Änderung im Format TT.MM.JJJJ an (bei einer Vakanz: ihren ersten Tag).")
    if not ruling.funding_start <= start <= ruling.funding_end:
        _refuse(
            f"Das Datum muss im Förderzeitraum der Stelle liegen ({date_de(ruling.funding_start)} bis "
            f"{date_de(ruling.funding_end)})."
        )
    end = fte = None
    if kind == VACANCY:
        end = parse_german_date(str(payload.get("end") or ""))
        if end is None or not start <= end <= ruling.funding_end:
            _refuse(
                f"Bitte geben Sie den letzten Tag der Vakanz an (TT.MM.JJJJ, vom {date_de(start)} bis spätestens "
                f"{date_de(ruling.funding_end)})."
            )
    if kind == FTE:
        fte = parse_german_decimal(str(payload.get("fte") or ""))
        if fte is None or not Decimal("0") < fte < ruling.fte:
            _refuse(
                f"Bitte geben Sie den neuen Stellenanteil an: über 0 und unter {fte_de(ruling.fte)} VZÄ "
                "(eine Erhöhung ändert den Festbetrag nicht)."
            )
    person_name = (payload.get("person_name") or "").strip()
    if kind == NEW_PERSON and not person_name:
        _refuse("Bitte geben Sie den Namen der neuen Person an.")
    return Change(number, kind, start, end, fte, person_name, (payload.get("category") or "").strip())


def record_report(ctx: TransitionContext) -> None:
    change = parse_change(ctx.application, ctx.payload)
    ctx.procedure.data = {**ctx.procedure.data, "change": change.stored()}
    ctx.details.update(position=change.position_number, change=change.describe())


def _rulings_in_force(application) -> list[PositionRuling]:
    decision = application.signed_proposal
    if decision is None:
        raise TransitionRefused("Zu diesem Antrag gibt es keinen Bescheid, der geändert werden könnte.")
    return list(decision.rulings)


def changed_ruling(application, ruling: PositionRuling, change: Change) -> dict[str, Any]:
    """The new ruling's values (fte, period, amount) for the changed position: the Bescheid replayed through every
    signed change and this one, never above the ruling in force (a Festbetrag is not raised afterwards)."""
    monthly, after = runs(application, change.position_number, change)
    start, end, fte = ruling.funding_start, ruling.funding_end, ruling.fte
    if change.kind == END:
        end = change.start
    elif change.kind == LATER_START:
        start = change.start
    elif change.kind in (FTE, NEW_PERSON):
        fte = change.fte or fte
    amount = min(funded(monthly, after).quantize(CENT, rounding=ROUND_HALF_UP), ruling.amount)
    return {"fte": fte, "funding_start": start, "funding_end": end, "amount": amount}


def _effective(ruling: PositionRuling, change: Change) -> date:
    """The first day the change takes funding away: from it the Bescheid is ineffective to that extent, and interest
    on what is to be repaid runs (§ 49a Abs. 3 LVwVfG), on each payment not before it was paid out."""
    if change.kind == END:
        return change.start + timedelta(days=1)
    if change.kind == LATER_START:
        return ruling.funding_start
    return change.start


def _calculation(application, old: PositionRuling, new_amount: Decimal, change: Change) -> str:
    """The reduction as a reader can recompute it: the Bescheid's monthly amount and the months newly cut."""
    monthly, before = runs(application, change.position_number)
    granted = granted_ruling(application, change.position_number)
    reduction = old.amount - new_amount
    months = newly_vacant_months(monthly, before, change) if change.kind == VACANCY else None
    if months is not None:
        return (
            f"Festbetrag je Monat {euro(monthly.quantize(CENT))} ({euro(granted.amount)} für "
            f"{decimal_de(months_between(granted.funding_start, granted.funding_end), 1)} Monate laut "
            f"Zuwendungsbescheid) × {decimal_de(months, 1)} nicht besetzte Monate = {euro(reduction)} weniger."
        )
    return (
        f"Festbetrag je Monat laut Zuwendungsbescheid {euro(monthly.quantize(CENT))}; nach der Änderung ergibt sich "
        f"für die Stelle {euro(new_amount)} statt {euro(old.amount)}, also {euro(reduction)} weniger."
    )


def _owed(money, reduction: Decimal) -> tuple[Decimal, Decimal]:
    """The grant after the change and what it demands back: of the money paid, what exceeds that grant and was not
    claimed already (as a Widerruf computes it)."""
    after = max(money.granted - reduction, ZERO)
    return after, max(money.paid - money.claimed - after, ZERO)


def intended_rulings(application, change: Change) -> list[tuple[PositionRuling, dict[str, Any]]]:
    """Each ruling in force beside the values the change gives it: the changed position recomputed, the others as
    they are."""
    intended = []
    for number, ruling in enumerate(_rulings_in_force(application), start=1):
        values = {
            "fte": ruling.fte,
            "funding_start": ruling.funding_start,
            "funding_end": ruling.funding_end,
            "amount": ruling.amount,
            "outcome": ruling.outcome,
            "reason": ruling.reason,
        }
        if number == change.position_number:
            values |= changed_ruling(application, ruling, change)
            values |= {
                "outcome": REDUCED if values["amount"] < ruling.amount else ruling.outcome,
                "reason": change.describe(),
            }
        intended.append((ruling, values))
    return intended


def _reduction(intended) -> Decimal:
    return sum((ruling.amount - values["amount"] for ruling, values in intended), ZERO)


def lowers_grant(application, procedure) -> bool:
    """The reported change lowers the grant (and so may demand money back): it interferes with the recipient's
    rights, and a hearing must precede the Änderungsbescheid (§ 28 Abs. 1 LVwVfG) unless a ground of § 28 Abs. 2
    applies. A change that lowers nothing (a new person in a better-paid category, a larger share) needs none."""
    change = Change.from_stored(procedure.data["change"])
    return _reduction(intended_rulings(application, change)) > 0


def is_adverse(ctx: TransitionContext) -> bool:
    return lowers_grant(ctx.application, ctx.procedure)


def heard_or_not_adverse(ctx: TransitionContext) -> Optional[str]:
    if not is_adverse(ctx):
        return None
    return (
        "Die Änderung mindert die Zuwendung: Vor dem Änderungsbescheid ist die Kommune anzuhören (§ 28 Abs. 1 "
        "LVwVfG), oder Sie sehen aus einem Grund des § 28 Abs. 2 LVwVfG begründet davon ab."
    )


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


def intend(ctx: TransitionContext) -> list[tuple[PositionRuling, dict[str, Any]]]:
    """The decision as intended – for the hearing and again for the proposal, against the decision and the money as
    they are now: the new rulings, the grant after the change, what it would demand back and from which day."""
    application = ctx.application
    change = Change.from_stored(ctx.procedure.data["change"])
    intended = intended_rulings(application, change)
    ruling, values = intended[change.position_number - 1]
    # A Widerruf may have lowered the grant below the rulings' total: the change cuts what it cuts from the grant.
    reduction = _reduction(intended)
    money = case_money(ctx.session, application)
    after, principal = _owed(money, reduction)
    ctx.procedure.amount = after
    ctx.procedure.data = {
        **ctx.procedure.data,
        "before_total": str(money.granted),
        "after_total": str(after),
        "reduction": str(reduction),
        "principal": str(principal),
        "calculation": _calculation(application, ruling, values["amount"], change),
        "effective_from": _effective(ruling, change).isoformat(),
        "claimed_before": str(money.claimed),
        "based_on": application.signed_proposal.id,
    }
    ctx.details.update(before=str(money.granted), after=str(after), principal=str(principal))
    return intended


def start_hearing(ctx: TransitionContext) -> None:
    """The hearing on the decision as intended today; its figures are kept, for the proposal must not go beyond them."""
    intend(ctx)
    hearing.record_hearing(ctx)
    data = ctx.procedure.data
    ctx.procedure.data = {**data, "heard": {"after_total": data["after_total"], "principal": data["principal"]}}


def propose(ctx: TransitionContext) -> None:
    application = ctx.application
    rulings = [PositionRuling(position=ruling.position, **values) for ruling, values in intend(ctx)]
    kind = PROPOSAL_GRANT if all(ruling.outcome == GRANTED for ruling in rulings) else PROPOSAL_PARTIAL
    ctx.session.add(
        Proposal(
            application=application,
            kind=kind,
            amount=sum((ruling.amount for ruling in rulings), ZERO),
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
    if principal > 0:
        revocation.record_claim_terms(ctx)

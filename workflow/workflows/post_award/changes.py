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
from workflow.engine.programmes import case_settings, definition_for
from workflow.measures.staff_positions import months_between
from workflow.formatting import date_de, decimal_de, euro, fte as fte_de
from workflow.models import PositionRuling, Proposal
from workflow.models.application import GRANTED, PROPOSAL_GRANT, PROPOSAL_PARTIAL, REDUCED
from workflow.workflows.post_award import revocation
from workflow.workflows.post_award.accounts import CENT, SAMPLE_REPAYMENT_ACCOUNT, ZERO, case_money
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
    category = _new_category(application, ruling, payload) if kind == NEW_PERSON else ""
    return Change(number, kind, start, end, fte, person_name, category)


def _new_category(application, ruling: PositionRuling, payload: dict[str, Any]) -> str:
    """The new person's qualification category, where the programme funds by category: one of its categories, never
    left out (the Festbetrag follows the person's category, not the one the position was granted with)."""
    field = next(
        (f for f in definition_for(application.programme.code).schema.measure_fields if f.name == "category"), None
    )
    if field is None or "category" not in ruling.position.details:
        return ""
    options = dict(field.options(case_settings(application)))
    category = (payload.get("category") or "").strip().lower()
    if category not in options:
        _refuse(f"Bitte geben Sie die Qualifikationskategorie der neuen Person an: {', '.join(options)}.")
    return category


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


def _calculation(application, old: PositionRuling, new: PositionRuling, change: Change) -> str:
    """The reduction as a reader can recompute it: the Bescheid's monthly amount and the months newly cut."""
    monthly, before = runs(application, change.position_number)
    granted = granted_ruling(application, change.position_number)
    reduction = old.amount - new.amount
    months = newly_vacant_months(monthly, before, change) if change.kind == VACANCY else None
    if months is not None:
        return (
            f"Festbetrag je Monat {euro(monthly.quantize(CENT))} ({euro(granted.amount)} für "
            f"{decimal_de(months_between(granted.funding_start, granted.funding_end), 1)} Monate laut "
            f"Zuwendungsbescheid) × {decimal_de(months, 1)} nicht besetzte Monate = {euro(reduction)} weniger."
        )
    return (
        f"Festbetrag je Monat laut Zuwendungsbescheid {euro(monthly.quantize(CENT))}; nach der Änderung ergibt sich "
        f"für die Stelle {euro(new.amount)} statt {euro(old.amount)}, also {euro(reduction)} weniger."
    )


def _owed(money, reduction: Decimal) -> tuple[Decimal, Decimal]:
    """The grant after the change and what it demands back: of the money paid, what exceeds that grant and was not
    claimed already (as a Widerruf computes it)."""
    after = max(money.granted - reduction, ZERO)
    return after, max(money.paid - money.claimed - after, ZERO)


def propose(ctx: TransitionContext) -> None:
    application = ctx.application
    change = Change.from_stored(ctx.procedure.data["change"])
    in_force = _rulings_in_force(application)
    rulings, calculation, effective = [], "", None
    for number, ruling in enumerate(in_force, start=1):
        values = {
            "fte": ruling.fte,
            "funding_start": ruling.funding_start,
            "funding_end": ruling.funding_end,
            "amount": ruling.amount,
        }
        outcome, reason = ruling.outcome, ruling.reason
        if number == change.position_number:
            values = changed_ruling(application, ruling, change)
            outcome, reason = (REDUCED if values["amount"] < ruling.amount else ruling.outcome), change.describe()
        rulings.append(PositionRuling(position=ruling.position, outcome=outcome, reason=reason, **values))
        if number == change.position_number:
            calculation = _calculation(application, ruling, rulings[-1], change)
            effective = _effective(ruling, change)
    total = sum((ruling.amount for ruling in rulings), ZERO)
    kind = PROPOSAL_GRANT if all(ruling.outcome == GRANTED for ruling in rulings) else PROPOSAL_PARTIAL
    proposal = Proposal(
        application=application,
        kind=kind,
        amount=total,
        reasons=ctx.payload.get("comment") or "",
        proposed_by_id=ctx.actor.id,
        procedure_id=ctx.procedure.id,
        rulings=rulings,
    )
    ctx.session.add(proposal)
    # A Widerruf may have lowered the grant below the rulings' total: the change cuts what it cuts from the grant.
    reduction = sum((ruling.amount for ruling in in_force), ZERO) - total
    money = case_money(ctx.session, application)
    after, principal = _owed(money, reduction)
    ctx.procedure.amount = after
    ctx.procedure.data = {
        **ctx.procedure.data,
        "before_total": str(money.granted),
        "after_total": str(after),
        "reduction": str(reduction),
        "principal": str(principal),
        "calculation": calculation,
        "effective_from": effective.isoformat(),
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
    if principal > 0:
        revocation.record_claim_terms(ctx)


def facts(procedure) -> list[tuple[str, str]]:
    data = procedure.data
    if "change" not in data:
        return []
    change = Change.from_stored(data["change"])
    found = [
        ("Angezeigte Änderung", f"Stelle {change.position_number}: {CHANGE_LABELS[change.kind]} – {change.describe()}")
    ]
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
    change = Change.from_stored(data["change"])
    money = case_money(ctx.session, ctx.application)
    after = Decimal(data.get("after_total", money.granted))
    decisions = [
        p for p in ctx.application.proposals if p.status == Proposal.SIGNED or p.procedure_id == ctx.procedure.id
    ]
    previous = decisions[-2] if len(decisions) >= 2 else None
    rows = []
    for number, ruling in enumerate(decisions[-1].rulings if decisions else [], start=1):
        old = previous.rulings[number - 1] if previous else ruling
        rows.append(
            {
                "number": number,
                "person_name": ruling.position.person_name,
                "period": f"{date_de(ruling.funding_start)} – {date_de(ruling.funding_end)}" if ruling.granted else "–",
                "fte": fte_de(ruling.fte),
                "before": euro(old.amount),
                "after": euro(ruling.amount),
                "changed": number == change.position_number,
            }
        )
    decided = revocation.first_decision_day(ctx.application)
    principal = Decimal(data.get("principal", "0"))
    found = {
        "change": change.describe(),
        "change_kind": CHANGE_LABELS[change.kind],
        "position_number": change.position_number,
        "reported_on": date_de(ctx.procedure.created_at),
        "rows": rows,
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


LETTER_SAMPLE = {
    "change": "Ende der Beschäftigung zum 31.03.2027",
    "change_kind": CHANGE_LABELS[END],
    "position_number": 1,
    "reported_on": "06.09.2027",
    "calculation": "Festbetrag je Monat laut Zuwendungsbescheid 2.416,67 €; nach der Änderung ergibt sich für die Stelle "
    "2.416,67 € statt 58.000,00 €, also 55.583,33 € weniger.",
    "rows": [
        {
            "number": 1,
            "person_name": "Erika Beispiel",
            "period": "01.03.2027 – 31.03.2027",
            "fte": "0,50",
            "before": "58.000,00 €",
            "after": "2.416,67 €",
            "changed": True,
        }
    ],
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

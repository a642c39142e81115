"""Change reports (Änderungsanzeige) and the changed decision (Änderungsbescheid).

The Bescheid's clause: a month in which a position is not filled reduces its Festbetrag by the monthly
amount, a smaller share reduces it pro rata, and a Festbetrag is never raised afterwards. The changed
decision is a new proposal with one ruling per position; once signed it is the decision in force, and
every earlier one stays in the case.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from workflow import clock
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.workflows.standard.decisions import months_between
from workflow.engine.programmes import case_settings, definition_for
from workflow.engine.schema import PositionData
from workflow.formatting import date_de, decimal_de, euro, fte as fte_de
from workflow.models import PositionRuling, Proposal
from workflow.models.application import GRANTED, PROPOSAL_GRANT, PROPOSAL_PARTIAL, REDUCED
from workflow.workflows.post_award.accounts import CENT, ZERO, case_money, monthly_amount
from workflow.text import parse_german_date, parse_german_decimal

VACANCY, END, LATER_START, FTE, NEW_PERSON = "vacancy", "end", "later_start", "fte", "new_person"
CHANGE_LABELS = {
    VACANCY: "Stelle vorübergehend nicht besetzt (Vakanz)",
    END: "Ende der Beschäftigung",
    LATER_START: "späterer Beginn",
    FTE: "anderer Stellenumfang",
    NEW_PERSON: "neue Person",
}


@dataclass(frozen=True)
class Change:
    position_number: int
    kind: str
    start: date
    end: Optional[date] = None
    fte: Optional[Decimal] = None
    person_name: str = ""
    category: str = ""

    def describe(self) -> str:
        if self.kind == VACANCY:
            return f"Vakanz vom {date_de(self.start)} bis {date_de(self.end)}"
        if self.kind == END:
            return f"Ende der Beschäftigung zum {date_de(self.start)}"
        if self.kind == LATER_START:
            return f"Beginn erst am {date_de(self.start)}"
        if self.kind == FTE:
            return f"Stellenumfang ab {date_de(self.start)}: {fte_de(self.fte)} VZÄ"
        return f"ab {date_de(self.start)}: {self.person_name}" + (f" (Kategorie {self.category})" if self.category else "")

    def stored(self) -> dict[str, Any]:
        return {"position_number": self.position_number, "kind": self.kind, "start": self.start.isoformat(),
                "end": self.end.isoformat() if self.end else None, "fte": str(self.fte) if self.fte else None,
                "person_name": self.person_name, "category": self.category}

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> "Change":
        return cls(data["position_number"], data["kind"], date.fromisoformat(data["start"]),
                   date.fromisoformat(data["end"]) if data.get("end") else None,
                   Decimal(data["fte"]) if data.get("fte") else None, data.get("person_name", ""), data.get("category", ""))


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
        _refuse(f"Das Datum muss im Förderzeitraum der Stelle liegen ({date_de(ruling.funding_start)} bis "
                f"{date_de(ruling.funding_end)}).")
    end = fte = None
    if kind == VACANCY:
        end = parse_german_date(str(payload.get("end") or ""))
        if end is None or not start <= end <= ruling.funding_end:
            _refuse(f"Bitte geben Sie den letzten Tag der Vakanz an (TT.MM.JJJJ, vom {date_de(start)} bis spätestens "
                    f"{date_de(ruling.funding_end)}).")
    if kind == FTE:
        fte = parse_german_decimal(str(payload.get("fte") or ""))
        if fte is None or not Decimal("0") < fte < ruling.fte:
            _refuse(f"Bitte geben Sie den neuen Stellenanteil an: über 0 und unter {fte_de(ruling.fte)} VZÄ "
                    "(eine Erhöhung ändert den Festbetrag nicht).")
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


def _months(start: date, end: date) -> Decimal:
    return months_between(start, end) if start <= end else Decimal(0)


def _changed_monthly(application, ruling: PositionRuling, change: Change) -> Decimal:
    """The monthly amount after a new share or a new person, by the programme's rule and never above the old one."""
    definition = definition_for(application.programme.code)
    position = ruling.position
    details = dict(position.details)
    if change.category and "category" in details:
        details["category"] = change.category
    data = PositionData(change.person_name or position.person_name, change.fte or ruling.fte, position.employment_start, details)
    full = definition.rules.position_amount(case_settings(application), data, dict(application.details))
    return min(full / months_between(position.funding_start, position.funding_end), monthly_amount(ruling))


def changed_ruling(application, ruling: PositionRuling, change: Change) -> dict[str, Any]:
    """The new ruling's values (fte, period, amount) for the changed position."""
    monthly = monthly_amount(ruling)
    start, end, fte = ruling.funding_start, ruling.funding_end, ruling.fte
    if change.kind == VACANCY:
        amount = ruling.amount - monthly * _months(change.start, change.end)
    elif change.kind == END:
        end, amount = change.start, monthly * _months(ruling.funding_start, change.start)
    elif change.kind == LATER_START:
        start, amount = change.start, monthly * _months(change.start, ruling.funding_end)
    else:
        before = monthly * _months(ruling.funding_start, change.start - timedelta(days=1))
        amount = before + _changed_monthly(application, ruling, change) * _months(change.start, ruling.funding_end)
        fte = change.fte or fte
    amount = min(max(amount, ZERO), ruling.amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return {"fte": fte, "funding_start": start, "funding_end": end, "amount": amount}


def propose(ctx: TransitionContext) -> None:
    application = ctx.application
    change = Change.from_stored(ctx.procedure.data["change"])
    rulings = []
    for number, ruling in enumerate(_rulings_in_force(application), start=1):
        values = {"fte": ruling.fte, "funding_start": ruling.funding_start, "funding_end": ruling.funding_end,
                  "amount": ruling.amount}
        outcome, reason = ruling.outcome, ruling.reason
        if number == change.position_number:
            values = changed_ruling(application, ruling, change)
            outcome, reason = (REDUCED if values["amount"] < ruling.amount else ruling.outcome), change.describe()
        rulings.append(PositionRuling(position=ruling.position, outcome=outcome, reason=reason, **values))
    total = sum((ruling.amount for ruling in rulings), ZERO)
    kind = PROPOSAL_GRANT if all(ruling.outcome == GRANTED for ruling in rulings) else PROPOSAL_PARTIAL
    proposal = Proposal(application=application, kind=kind, amount=total, reasons=ctx.payload.get("comment") or "",
                        proposed_by_id=ctx.actor.id, procedure_id=ctx.procedure.id, rulings=rulings)
    ctx.session.add(proposal)
    before = application.granted_amount or ZERO
    ctx.procedure.amount = total
    ctx.procedure.data = {**ctx.procedure.data, "before_total": str(before), "after_total": str(total)}
    ctx.details.update(before=str(before), after=str(total))


def _open_proposal(ctx: TransitionContext) -> Proposal:
    return next(p for p in reversed(ctx.application.proposals) if p.procedure_id == ctx.procedure.id and p.status == Proposal.OPEN)


def discard_proposal(ctx: TransitionContext) -> None:
    proposal = _open_proposal(ctx)
    proposal.status = Proposal.RETURNED
    proposal.decision_comment = ctx.payload.get("comment") or ""


def sign(ctx: TransitionContext) -> None:
    proposal = _open_proposal(ctx)
    proposal.status = Proposal.SIGNED
    proposal.decided_by_id = ctx.actor.id
    proposal.decided_at = clock.now()
    ctx.application.granted_amount = proposal.amount
    ctx.application.decision_kind = proposal.kind
    ctx.details.update(amount=str(proposal.amount))


def _calculation(old: PositionRuling, new: PositionRuling, change: Change) -> str:
    """The reduction as a reader can recompute it: the monthly amount and the months it applies to."""
    monthly = monthly_amount(old)
    reduction = old.amount - new.amount
    if change.kind == VACANCY:
        months = _months(change.start, change.end)
        return (f"Festbetrag je Monat {euro(monthly.quantize(CENT))} ({euro(old.amount)} für "
                f"{decimal_de(months_between(old.funding_start, old.funding_end), 1)} Monate) × {decimal_de(months, 1)} "
                f"nicht besetzte Monate = {euro(reduction)} weniger.")
    return (f"Festbetrag je Monat bisher {euro(monthly.quantize(CENT))}; nach der Änderung ergibt sich für die Stelle "
            f"{euro(new.amount)} statt {euro(old.amount)}, also {euro(reduction)} weniger.")


def facts(procedure) -> list[tuple[str, str]]:
    data = procedure.data
    if "change" not in data:
        return []
    change = Change.from_stored(data["change"])
    found = [("Angezeigte Änderung", f"Stelle {change.position_number}: {CHANGE_LABELS[change.kind]} – {change.describe()}")]
    if "after_total" in data:
        found.append(("Zuwendung", f"bisher {euro(Decimal(data['before_total']))}, neu {euro(Decimal(data['after_total']))}"))
    return found


def letter(ctx: TransitionContext) -> dict[str, Any]:
    data = ctx.procedure.data
    if "change" not in data:
        return {}
    change = Change.from_stored(data["change"])
    money = case_money(ctx.session, ctx.application)
    after = Decimal(data.get("after_total", money.granted))
    decisions = [p for p in ctx.application.proposals if p.status == Proposal.SIGNED or p.procedure_id == ctx.procedure.id]
    previous = decisions[-2] if len(decisions) >= 2 else None
    rows, calculation = [], ""
    for number, ruling in enumerate(decisions[-1].rulings if decisions else [], start=1):
        old = previous.rulings[number - 1] if previous else ruling
        if number == change.position_number:
            calculation = _calculation(old, ruling, change)
        rows.append({"number": number, "person_name": ruling.position.person_name,
                     "period": f"{date_de(ruling.funding_start)} – {date_de(ruling.funding_end)}" if ruling.granted else "–",
                     "fte": fte_de(ruling.fte), "before": euro(old.amount), "after": euro(ruling.amount),
                     "changed": number == change.position_number})
    return {
        "change": change.describe(), "change_kind": CHANGE_LABELS[change.kind], "position_number": change.position_number,
        "reported_on": date_de(ctx.procedure.created_at), "rows": rows, "calculation": calculation,
        "before_total": euro(Decimal(data.get("before_total", after))), "after_total": euro(after),
        "paid": euro(money.paid), "repay": euro(max(money.paid - after, ZERO)), "must_repay": money.paid > after,
    }


LETTER_SAMPLE = {
    "change": "Vakanz vom 01.03.2027 bis 31.05.2027", "change_kind": CHANGE_LABELS[VACANCY], "position_number": 1,
    "reported_on": "02.06.2027",
    "calculation": "Festbetrag je Monat 4.833,33 € (116.000,00 € für 24,0 Monate) × 3,0 nicht besetzte Monate = 14.500,00 € weniger.",
    "rows": [{"number": 1, "person_name": "Erika Beispiel", "period": "01.01.2027 – 31.12.2028", "fte": "1,00",
              "before": "116.000,00 €", "after": "101.500,00 €", "changed": True}],
    "before_total": "116.000,00 €", "after_total": "101.500,00 €", "paid": "20.000,00 €", "repay": "0,00 €",
    "must_repay": False,
}

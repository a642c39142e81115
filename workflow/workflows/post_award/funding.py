"""What a position is funded with, day by day: the Bescheid's Festbetrag per month, less what signed changes cut.

The Bescheid's clause reduces the Festbetrag by the *granted* monthly amount for every month a position is not
filled, and pro rata for a smaller share. An Änderungsbescheid changes a position's total, never that monthly
figure: spreading the new total over all months would cut a second vacancy too little and count vacant months in
every later calculation. So each position is replayed from the case's own decision through every signed change:
a run of days keeps the lowest rate any change gives it (a vacant day is 0 however often it is reported), and what
a new change cuts is what the replay with it comes to less than the replay without it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from workflow.measures.staff_positions import months_between
from workflow.engine.programmes import case_settings, definition_for
from workflow.engine.measures import stored_measure
from workflow.formatting import date_de, fte as fte_de
from workflow.models import Proposal
from workflow.workflows.post_award.accounts import CENT, ZERO

VACANCY, END, LATER_START, FTE, NEW_PERSON = "vacancy", "end", "later_start", "fte", "new_person"


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
        return f"ab {date_de(self.start)}: {self.person_name}" + (
            f" (Kategorie {self.category})" if self.category else ""
        )

    def stored(self) -> dict[str, Any]:
        return {
            "position_number": self.position_number,
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "fte": str(self.fte) if self.fte else None,
            "person_name": self.person_name,
            "category": self.category,
        }

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> "Change":
        return cls(
            data["position_number"],
            data["kind"],
            date.fromisoformat(data["start"]),
            date.fromisoformat(data["end"]) if data.get("end") else None,
            Decimal(data["fte"]) if data.get("fte") else None,
            data.get("person_name", ""),
            data.get("category", ""),
        )


@dataclass(frozen=True)
class Run:
    """Days ``start``..``end`` funded at ``monthly`` a month."""

    start: date
    end: date
    monthly: Decimal


def granted_ruling(application, number: int):
    """Position ``number``'s ruling in the case's own decision (the Zuwendungsbescheid), not in an Änderungsbescheid."""
    decision = next(
        proposal
        for proposal in reversed(application.proposals)
        if proposal.status == Proposal.SIGNED and proposal.procedure_id is None
    )
    return decision.rulings[number - 1]


def granted_monthly(ruling) -> Decimal:
    return ruling.amount / months_between(ruling.funding_start, ruling.funding_end)


def signed_changes(application) -> list[Change]:
    """The changes of the signed Änderungsbescheide, in the order they were signed."""
    procedures = {procedure.id: procedure for procedure in application.procedures}
    signed = sorted(
        (
            proposal
            for proposal in application.proposals
            if proposal.status == Proposal.SIGNED and proposal.procedure_id is not None
        ),
        key=lambda proposal: (proposal.decided_at, proposal.id),
    )
    return [Change.from_stored(procedures[proposal.procedure_id].data["change"]) for proposal in signed]


def share_monthly(application, position, fte: Decimal, category: str) -> Decimal:
    """The programme's Festbetrag per month for ``position`` at ``fte`` (and ``category``), over its own period."""
    definition = definition_for(application.programme.code)
    changed = {"category": category} if category and "category" in position.details else {}
    data = stored_measure(definition.schema.measure_shape, position, fte=fte, **changed)
    full = definition.rules.measure_amount(case_settings(application), data, dict(application.details))
    return full / months_between(position.funding_start, position.funding_end)


def _lowered(runs: list[Run], first: date, last: date, monthly: Decimal) -> list[Run]:
    """``runs`` with the days ``first``..``last`` at no more than ``monthly``."""
    result = []
    for run in runs:
        if run.end < first or run.start > last:
            result.append(run)
            continue
        if run.start < first:
            result.append(replace(run, end=first - timedelta(days=1)))
        result.append(Run(max(run.start, first), min(run.end, last), min(run.monthly, monthly)))
        if run.end > last:
            result.append(replace(run, start=last + timedelta(days=1)))
    return result


def without_days(runs: list[Run], first: date, last: date) -> list[Run]:
    """``runs`` with the days ``first``..``last`` not funded (a vacancy the proof of use declares)."""
    return _merged(_lowered(runs, first, last, ZERO))


def _merged(runs: list[Run]) -> list[Run]:
    """Neighbouring runs at one rate as one: a part month counts by its days, so the months of pieces need not add up."""
    result: list[Run] = []
    for run in runs:
        if result and result[-1].monthly == run.monthly:
            result[-1] = replace(result[-1], end=run.end)
        else:
            result.append(run)
    return result


def runs(application, number: int, extra: Optional[Change] = None) -> tuple[Decimal, list[Run]]:
    """Position ``number``'s granted monthly amount and its runs after the signed changes (and ``extra``)."""
    granted = granted_ruling(application, number)
    monthly = granted_monthly(granted)
    result = [Run(granted.funding_start, granted.funding_end, monthly)]
    # The share and category in force carry on to each later change: a share change after a new person is the new
    # person's share, in that person's category, not the category the position was granted with.
    fte, category = granted.fte, ""
    for change in [*signed_changes(application), *([extra] if extra else [])]:
        if change.position_number != number:
            continue
        if change.kind == VACANCY:
            result = _lowered(result, change.start, change.end, ZERO)
        elif change.kind == END:
            result = _lowered(result, change.start + timedelta(days=1), granted.funding_end, ZERO)
        elif change.kind == LATER_START:
            result = _lowered(result, granted.funding_start, change.start - timedelta(days=1), ZERO)
        else:
            fte, category = change.fte or fte, change.category or category
            result = _lowered(
                result, change.start, granted.funding_end, share_monthly(application, granted.position, fte, category)
            )
    return monthly, _merged(result)


def funded(monthly: Decimal, position_runs: list[Run], until: Optional[date] = None) -> Decimal:
    """What the position comes to up to ``until`` inclusive (None: its whole period), unrounded: the granted monthly
    amount for every month, less what each lower run falls short of it."""
    start = position_runs[0].start
    end = position_runs[-1].end if until is None else min(until, position_runs[-1].end)
    if end < start:
        return ZERO
    total = monthly * months_between(start, end)
    for run in position_runs:
        if run.monthly < monthly and run.start <= end:
            total -= (monthly - run.monthly) * months_between(run.start, min(run.end, end))
    return total


def newly_vacant_months(monthly: Decimal, before: list[Run], change: Change) -> Optional[Decimal]:
    """The months of a vacancy not already cut, when each was funded at the granted monthly amount (None otherwise:
    then the cut is no simple product)."""
    inside = [run for run in before if run.start <= change.end and run.end >= change.start and run.monthly > 0]
    if any(run.monthly != monthly for run in inside):
        return None
    return sum((months_between(max(run.start, change.start), min(run.end, change.end)) for run in inside), Decimal(0))


def funded_until(application, day: date) -> Decimal:
    """What the granted positions come to from their start up to and including ``day``: their funded months at the
    granted monthly amount, never more than the decision in force gives each."""
    decision = application.signed_proposal
    total = ZERO
    for number, ruling in enumerate(decision.rulings if decision else [], start=1):
        if ruling.granted:
            total += min(funded(*runs(application, number), day), ruling.amount)
    return total.quantize(CENT, rounding=ROUND_HALF_UP)

"""The Änderungsanzeige of staff positions: a vacancy, an end, a later start, a smaller share or a new person.

The Bescheid's clause: a month in which a position is not filled reduces its Festbetrag by the monthly amount, a
smaller share reduces it pro rata, and a Festbetrag is never raised afterwards. The procedure around it (proposal,
signature, claim) is ``post_award.changes``; ``StaffPositionsAfterGrant`` hands it these.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import case_settings, definition_for
from workflow.engine.rules import ChangedDecision
from workflow.formatting import date_de, decimal_de, euro, fte as fte_de
from workflow.measures.staff_positions import months_between
from workflow.models import PositionRuling, Proposal
from workflow.models.application import REDUCED, REFUSED
from workflow.workflows.post_award.accounts import CENT, ZERO
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
    rulings = list(application.signed_proposal.rulings)
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


def change_content(application, payload: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    change = parse_change(application, payload)
    described = f"Stelle {change.position_number}: {CHANGE_LABELS[change.kind]} – {change.describe()}"
    return change.stored(), [("Angezeigte Änderung", described)]


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
        # The rule cuts the exact share (Festbetrag × months / funded months), never the rounded monthly amount times
        # the months: 1.933,33 € × 3 would not give the 5.800,00 € it prints.
        funded_months = months_between(granted.funding_start, granted.funding_end)
        share = (granted.amount * months / funded_months).quantize(CENT, rounding=ROUND_HALF_UP)
        rounding = (
            "" if share == reduction else f"; nach Rundung der verbleibenden Zuwendung auf volle Cent {euro(reduction)}"
        )
        return (
            f"Festbetrag der Stelle laut Zuwendungsbescheid {euro(granted.amount)} für "
            f"{decimal_de(funded_months, 1)} Monate; auf {decimal_de(months, 1)} nicht besetzte Monate entfallen "
            f"{euro(granted.amount)} × {decimal_de(months, 1)} / {decimal_de(funded_months, 1)} = {euro(share)}"
            f"{rounding} weniger (Festbetrag je Monat rund {euro(monthly.quantize(CENT))})."
        )
    return (
        f"Festbetrag je Monat laut Zuwendungsbescheid {euro(monthly.quantize(CENT))}; nach der Änderung ergibt sich "
        f"für die Stelle {euro(new_amount)} statt {euro(old.amount)}, also {euro(reduction)} weniger."
    )


def changed_decision(application, stored: dict[str, Any]) -> ChangedDecision:
    """One ruling per position in force; the changed position's is the Bescheid replayed with the change."""
    change = Change.from_stored(stored)
    in_force = list(application.signed_proposal.rulings)
    rulings, calculation, effective = [], "", change.start
    for number, ruling in enumerate(in_force, start=1):
        values = {
            "fte": ruling.fte,
            "funding_start": ruling.funding_start,
            "funding_end": ruling.funding_end,
            "amount": ruling.amount,
            "outcome": ruling.outcome,
            "reason": ruling.reason,
        }
        if number == change.position_number:
            values.update(changed_ruling(application, ruling, change), reason=change.describe())
            values["outcome"] = REDUCED if values["amount"] < ruling.amount else ruling.outcome
            calculation = _calculation(application, ruling, values["amount"], change)
            effective = _effective(ruling, change)
        rulings.append(values)
    total = sum((values["amount"] for values in rulings), ZERO)
    # A Widerruf may have lowered the grant below the rulings' total: the change cuts what it cuts from the grant.
    reduction = sum((ruling.amount for ruling in in_force), ZERO) - total
    return ChangedDecision(tuple(rulings), total, reduction, calculation, effective)


def _row(number: int, person_name: str, old_amount: Decimal, new: dict[str, Any], changed: bool) -> dict[str, Any]:
    granted = new["outcome"] != REFUSED
    return {
        "number": number,
        "person_name": person_name,
        "period": f"{date_de(new['funding_start'])} – {date_de(new['funding_end'])}" if granted else "–",
        "fte": fte_de(new["fte"]),
        "before": euro(old_amount),
        "after": euro(new["amount"]),
        "changed": changed,
    }


def _intended(stored: dict[str, Any]) -> dict[str, Any]:
    return {
        "outcome": stored["outcome"],
        "funding_start": date.fromisoformat(stored["funding_start"]) if stored["funding_start"] else None,
        "funding_end": date.fromisoformat(stored["funding_end"]) if stored["funding_end"] else None,
        "fte": Decimal(stored["fte"]),
        "amount": Decimal(stored["amount"]),
    }


def change_letter(application, procedure) -> dict[str, Any]:
    """The positions before and after the Änderungsbescheid, the changed one marked: from this change's proposal once
    there is one, else as intended when the municipality is heard."""
    change = Change.from_stored(procedure.data["change"])
    decisions = [
        p
        for p in application.proposals
        if p.status == Proposal.SIGNED or (p.procedure_id == procedure.id and p.status != Proposal.RETURNED)
    ]
    if decisions and decisions[-1].procedure_id != procedure.id and procedure.data.get("intended"):
        in_force = decisions[-1].rulings
        pairs = [
            (old.position.person_name, old.amount, _intended(new))
            for old, new in zip(in_force, procedure.data["intended"])
        ]
    else:
        previous = decisions[-2] if len(decisions) >= 2 else None
        pairs = []
        for number, ruling in enumerate(decisions[-1].rulings if decisions else [], start=1):
            old = previous.rulings[number - 1] if previous else ruling
            new = {
                "outcome": ruling.outcome,
                "funding_start": ruling.funding_start,
                "funding_end": ruling.funding_end,
                "fte": ruling.fte,
                "amount": ruling.amount,
            }
            pairs.append((ruling.position.person_name, old.amount, new))
    return {
        "change": change.describe(),
        "change_kind": CHANGE_LABELS[change.kind],
        "position_number": change.position_number,
        "rows": [
            _row(number, name, before, new, number == change.position_number)
            for number, (name, before, new) in enumerate(pairs, start=1)
        ],
    }


LETTER_SAMPLE = {
    "change": "Ende der Beschäftigung zum 31.03.2027",
    "change_kind": CHANGE_LABELS[END],
    "position_number": 1,
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
}

"""The Nebenbestimmungen a Bescheid annexes: the full text in force on the day of signing, with the programme's
deviations at the Nummern they concern (``conditions`` in the letter context)."""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from workflow import formatting
from workflow.operations.conditions import in_force
from workflow.reference.conditions import ConditionsVersion

MISSING = (
    "[Der Wortlaut der Nr. {number} ist noch nicht aus der amtlichen Fassung geladen. Bis dahin ist diese "
    "Anlage nicht zeichnungsreif.]"
)


def _deviation_line(row) -> str:
    if row.effect == "gilt nicht":
        return f"Nr. {row.number} gilt für diesen Bescheid nicht: {row.text}"
    return f"Nr. {row.number} gilt für diesen Bescheid mit folgender Maßgabe: {row.text}"


def _pointer(row) -> str:
    """At the Nummer itself, a pointer to the deviation named before the text (so that it is stated once)."""
    if row.effect == "gilt nicht":
        return f"Nr. {row.number} gilt für diesen Bescheid nicht (siehe die Abweichungen vor dem Wortlaut)."
    return f"Nr. {row.number} gilt für diesen Bescheid nur mit der vor dem Wortlaut genannten Maßgabe."


def _version(version: Optional[ConditionsVersion], deviations: dict) -> dict[str, Any]:
    if version is None:
        return {
            "title": "",
            "stand": "",
            "valid_from": "",
            "source": "",
            "entries": [],
            "complete": False,
            "missing": [],
        }
    missing = set(version.missing)
    entries = []
    for entry in version.entries:
        if entry.is_heading:
            label = f"{entry.number}. {entry.heading}" if entry.number != "0" else ""
            body = MISSING.format(number=entry.number) if entry.number in missing else (entry.text or "")
        else:
            label, body = "", f"{entry.number} {entry.text or ''}".strip()
        entries.append(
            {
                "number": entry.number,
                "label": label,
                "body": body,
                "deviation": _pointer(deviations[entry.number]) if entry.number in deviations else "",
            }
        )
    return {
        "title": version.title,
        "stand": version.stand,
        "valid_from": formatting.date_de(version.valid_from),
        "source": version.source,
        "entries": entries,
        "complete": version.complete,
        "missing": sorted(missing),
    }


def conditions_context(session, day: date, settings) -> dict[str, Any]:
    """``conditions.municipal`` (ANBest-K) with the deviations, ``conditions.private`` (ANBest-P, for a third party:
    the programme's deviations concern the ANBest-K only) and ``conditions.deviations`` as a list."""
    deviations = {row.number: row for row in settings.get("conditions_deviations") or ()}
    return {
        "municipal": _version(in_force(session, "ANBest-K", day), deviations),
        "private": _version(in_force(session, "ANBest-P", day), {}),
        "deviations": [{"number": row.number, "text": _deviation_line(row)} for row in deviations.values()],
    }

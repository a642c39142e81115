"""What an Integrationsplan holds: the Ausgangslage, goals per area, the review date; and what changed
between two versions (shown on the person's page after every Fortschreibung)."""

from __future__ import annotations

from typing import Any

SITUATION_FIELDS = (
    ("schooling", "Schulbildung"),
    ("training", "Berufsausbildung und Studium"),
    ("competences", "Qualifikationen und Kompetenzen"),
    ("recognition", "Anerkennung ausländischer Qualifikationen: Stand"),
    ("language", "Sprachkenntnisse Deutsch (Niveau)"),
    ("development", "Persönliche Entwicklung"),
)
AREAS = (
    ("language", "Sprache"),
    ("work", "Arbeit und Ausbildung"),
    ("recognition", "Anerkennung ausländischer Qualifikationen"),
    ("housing", "Wohnen"),
    ("education", "Schule, Bildung und Kinderbetreuung"),
    ("health", "Gesundheit"),
    ("social", "Gesellschaftliche Teilhabe"),
)
WHO = (
    ("person", "die Person selbst"),
    ("manager", "Integrationsmanagement"),
    ("service", "Regeldienst"),
)
STATUSES = (
    ("open", "offen"),
    ("in_progress", "in Arbeit"),
    ("reached", "erreicht"),
    ("dropped", "nicht weiter verfolgt"),
)
REACHED = "reached"
AREA_LABELS, WHO_LABELS, STATUS_LABELS = dict(AREAS), dict(WHO), dict(STATUSES)
GOAL_FIELDS = ("area", "goal", "steps", "who", "service", "due_on", "status")


def empty_plan() -> dict[str, Any]:
    return {"situation": {key: "" for key, _ in SITUATION_FIELDS}, "goals": [], "review_on": ""}


def _goal_title(goal: dict[str, Any]) -> str:
    return f"{AREA_LABELS.get(goal['area'], goal['area'])}: {goal['goal']}"


def _goal_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    changes = []
    labels = {
        "goal": "Ziel",
        "steps": "Schritte",
        "who": "Wer",
        "service": "Regeldienst",
        "due_on": "Bis",
        "status": "Stand",
        "area": "Bereich",
    }
    shown = {"who": WHO_LABELS, "status": STATUS_LABELS, "area": AREA_LABELS}
    for key in GOAL_FIELDS:
        old, new = before.get(key, ""), after.get(key, "")
        if old != new:
            mapping = shown.get(key, {})
            changes.append(f"{labels[key]}: „{mapping.get(old, old) or '–'}“ → „{mapping.get(new, new) or '–'}“")
    return changes


def changes_between(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """What changed from ``before`` to ``after``, one German sentence per change (goals matched by token)."""
    if before is None:
        return ["Erste Fassung des Integrationsplans."]
    changes = []
    for key, label in SITUATION_FIELDS:
        if before["situation"].get(key, "") != after["situation"].get(key, ""):
            changes.append(f"Ausgangslage geändert: {label}")
    old_goals = {goal["token"]: goal for goal in before["goals"]}
    new_goals = {goal["token"]: goal for goal in after["goals"]}
    for token, goal in new_goals.items():
        if token not in old_goals:
            changes.append(f"Neues Ziel – {_goal_title(goal)}")
        else:
            details = _goal_changes(old_goals[token], goal)
            if details:
                changes.append(f"Ziel geändert – {_goal_title(goal)} ({'; '.join(details)})")
    changes.extend(
        f"Ziel entfernt – {_goal_title(goal)}" for token, goal in old_goals.items() if token not in new_goals
    )
    if before.get("review_on", "") != after.get("review_on", ""):
        changes.append(f"Wiedervorlage: {before.get('review_on') or '–'} → {after.get('review_on') or '–'}")
    return changes

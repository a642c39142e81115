"""The Integrationsplan as a Word file for the conversation and the person's signature.

From ``document_templates/counselling/integrationsplan.docx`` (docxtpl, autoescaped like every letter),
in plain German addressed to the person. The fixed labels come from ``translations/de.json``; with a
second language (any other ``translations/<code>.json``, shipped: English and Ukrainian) each label is
followed by its translation and the longer sentences are repeated in that language.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.resources import files

from workflow.counselling.models import Client, PlanVersion
from workflow.counselling.plan import AREAS, SITUATION_FIELDS
from workflow.letters.documents import render_with_docxtpl
from workflow.formatting import date_de

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATE = ("document_templates.counselling", "integrationsplan.docx")
GERMAN = "de"


@lru_cache(maxsize=None)
def labels(language: str) -> dict[str, str]:
    return json.loads(files("workflow.counselling.translations").joinpath(f"{language}.json").read_text("utf-8"))


def second_languages() -> dict[str, str]:
    """Every shipped translation but German, by code: its own name (``language_name``)."""
    codes = sorted(
        entry.name[:-5]
        for entry in files("workflow.counselling.translations").iterdir()
        if entry.name.endswith(".json") and entry.name != f"{GERMAN}.json"
    )
    return {code: labels(code)["language_name"] for code in codes}


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def plan_context(client: Client, version: PlanVersion, language: str | None) -> dict:
    german = labels(GERMAN)
    second = labels(language) if language else None

    def label(key: str) -> str:
        return f"{german[key]} / {second[key]}" if second else german[key]

    content = version.content
    situation = [
        {"label": label(f"situation_{key}"), "text": content["situation"].get(key, "")}
        for key, _ in SITUATION_FIELDS
        if content["situation"].get(key)
    ]
    areas = []
    for area, _ in AREAS:
        goals = [
            {
                "goal": goal["goal"],
                "steps": goal["steps"],
                "due_on": goal["due_on"] or "–",
                "who": label(f"who_{goal['who']}") + (f" ({goal['service']})" if goal.get("service") else ""),
                "status": label(f"status_{goal['status']}"),
            }
            for goal in content["goals"]
            if goal["area"] == area
        ]
        if goals:
            areas.append({"label": label(f"area_{area}"), "goals": goals})
    return {
        "L": {key: label(key) for key in german},
        "D": german,
        "T": second,
        "organisation": client.responsible.organisation.authority_name or client.responsible.organisation.name,
        "manager": client.responsible.full_name,
        "person": {"name": client.name, "birth_date": client.personal.get("birth_date", "")},
        "version": {"number": version.number, "date": date_de(version.created_at.date())},
        "situation": situation,
        "areas": areas,
        "review_on": content.get("review_on") or german["no_review"],
    }


def plan_document(client: Client, version: PlanVersion, language: str | None = None) -> bytes:
    template = files(TEMPLATE[0]).joinpath(TEMPLATE[1]).read_bytes()
    return render_with_docxtpl(template, plan_context(client, version, language))

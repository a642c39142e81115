"""Reading a draft application: validate its raw data by the programme's schema, compute its figures.

A draft keeps the form exactly as typed (``Application.draft_data``), so that
nothing a clerk entered is lost, valid or not. Nothing here knows a web form.
"""

from __future__ import annotations

import re
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.reference import municipality_search
from workflow.engine.application_data import Validation, entries, validate_application
from workflow.engine.programmes import case_settings, definition_for
from workflow.engine.rules import ApplicationFigures
from workflow.engine.schema import ApplicationData
from workflow.models import Application, Organisation, OrganisationKind
from workflow.text import strip_control_characters

# A Stadtkreis applies as its city (the Gemeinde with the key ending in 000).
APPLICANT_KINDS = (
    OrganisationKind.GEMEINDE,
    OrganisationKind.LANDKREIS,
    OrganisationKind.VERWALTUNGSGEMEINSCHAFT,
)
_AGS = re.compile(r"\b(\d{8}|\d{5})\b")
# Form keys that are buttons or tokens, never data.
_NOT_DATA = {"csrf_token", "action", "remove_position", "remove_member", "remove_attachment", "pick_member"}
_ENTRY_KEY = re.compile(r"^(?P<prefix>[a-z_]+)-(?P<index>\d+)(?P<rest>-.+)?$")


def find_organisation(session: Session, text: str) -> Optional[Organisation]:
    """An applicant organisation by its key ('08435059', 'Tettnang (08435059)') or unique name."""
    match = _AGS.search(text)
    if match:
        statement = select(Organisation).where(Organisation.ags == match.group(1))
    else:
        statement = select(Organisation).where(Organisation.name == text.strip())
    found = session.scalars(statement.where(Organisation.kind.in_(APPLICANT_KINDS))).all()
    if len(found) == 1 or match:
        return found[0] if len(found) == 1 else None
    # Not spelt exactly: accept what names one municipality only („Hagnau“, „muenchweiler“).
    tolerant = municipality_search.candidates(session, text, APPLICANT_KINDS)
    same_name = [c for c in tolerant if municipality_search.folded(c.name) == municipality_search.folded(text)]
    chosen = same_name or tolerant
    return session.get(Organisation, chosen[0].id) if len(chosen) == 1 else None


def member_choices(session: Session, raw: dict[str, str], applicant_id: int | None) -> dict[int, list]:
    """For each member row whose text names no single municipality: the candidates it could mean."""
    choices = {}
    for index, row in enumerate(entries(raw, "members")):
        text = strip_control_characters(row.get("") or "").strip()
        if text and find_organisation(session, text) is None:
            choices[index] = municipality_search.candidates(session, text, APPLICANT_KINDS, applicant_id)
    return choices


def raw_form_data(form) -> dict[str, str]:
    """What a clerk typed (a MultiDict or a dict), without buttons and tokens, without control characters."""
    items = form.items(multi=False) if hasattr(form, "getlist") else form.items()
    return {key: strip_control_characters(str(value)) for key, value in items if key not in _NOT_DATA}


def validate_raw(session: Session, application: Application, raw: dict[str, str]) -> Validation:
    """``raw`` checked by the schema and rules of the application's programme version."""
    definition = definition_for(application.programme.code)
    return validate_application(
        definition.schema,
        case_settings(application),
        definition.rules,
        raw,
        application.applicant_id,
        lambda text: find_organisation(session, text),
    )


def validate_draft(session: Session, application: Application) -> Validation:
    return validate_raw(session, application, application.draft_data)


def compute_figures(session: Session, application: Application, data: ApplicationData) -> ApplicationFigures:
    definition = definition_for(application.programme.code)
    return definition.rules.figures(
        session, application.programme, case_settings(application), application.applicant, data
    )


def members_of(session: Session, data: ApplicationData) -> list[Organisation]:
    if not data.member_ids:
        return []
    return list(
        session.scalars(select(Organisation).where(Organisation.id.in_(data.member_ids)).order_by(Organisation.name))
    )


def named_members(session: Session, application: Application) -> list[Organisation]:
    """The known organisations a joint draft names as members (the lead and unknown names left out)."""
    return members_named_in(session, application.draft_data or {}, application.programme.code, application.applicant_id)


def members_named_in(
    session: Session, raw: dict[str, str], programme_code: str, applicant_id: int
) -> list[Organisation]:
    """The known organisations the typed form ``raw`` names as members, without the applicant."""
    if raw.get("joint") != "joint" or not definition_for(programme_code).schema.consortia:
        return []
    named: dict[int, Organisation] = {}
    for row in entries(raw, "members"):
        text = strip_control_characters(row.get("") or "").strip()
        organisation = find_organisation(session, text) if text else None
        if organisation is not None and organisation.id != applicant_id:
            named.setdefault(organisation.id, organisation)
    return list(named.values())


def consortium_name(application: Application) -> str:
    """The consortium's name as the draft has it, or the lead's for a draft without one."""
    typed = str((application.draft_data or {}).get("consortium_name") or "").strip()
    return typed or f"Zusammenschluss mit {application.applicant.name} als federführender Kommune"


def _with_entries(raw: dict[str, str], prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    kept = {key: value for key, value in raw.items() if not (_ENTRY_KEY.match(key) and key.startswith(prefix + "-"))}
    for index, row in enumerate(rows):
        for name, value in row.items():
            kept[f"{prefix}-{index}-{name}" if name else f"{prefix}-{index}"] = value
    return kept


def new_entry(application_or_programme_code: str, prefix: str) -> dict[str, str]:
    if prefix == "members":
        return {"": ""}
    return definition_for(application_or_programme_code).schema.new_measure()


def add_entry(raw: dict[str, str], prefix: str, programme_code: str) -> dict[str, str]:
    """The draft with one more empty row of the repeated group ``prefix``."""
    return _with_entries(raw, prefix, [*entries(raw, prefix), new_entry(programme_code, prefix)])


def remove_entry(raw: dict[str, str], prefix: str, index: int) -> dict[str, str]:
    """The draft without row ``index`` of ``prefix``; later rows move up."""
    rows = [row for position, row in enumerate(entries(raw, prefix)) if position != index]
    return _with_entries(raw, prefix, rows)


def entry_count(raw: dict[str, str], prefix: str) -> int:
    return len(entries(raw, prefix))

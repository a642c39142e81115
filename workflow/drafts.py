"""Reading a draft application: bind its raw data to the form, compute its figures.

A draft keeps the form exactly as typed (``Application.draft_data``), so that
nothing a clerk entered is lost, valid or not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from forms.application import ApplicationData, PositionData
from forms.base import strip_control_characters
from workflow import ledger
from workflow.formatting import euro
from workflow.models import Application, Organisation, OrganisationKind, Programme
from workflow.engine.programmes import definition_for

# A Stadtkreis applies as its city (the Gemeinde with the key ending in 000).
APPLICANT_KINDS = (
    OrganisationKind.GEMEINDE,
    OrganisationKind.LANDKREIS,
    OrganisationKind.VERWALTUNGSGEMEINSCHAFT,
)
_AGS = re.compile(r"\b(\d{8}|\d{5})\b")
# Form keys that are buttons or tokens, never data.
_NOT_DATA = {"csrf_token", "action", "remove_position", "remove_member", "remove_attachment"}


def find_organisation(session: Session, text: str) -> Optional[Organisation]:
    """An applicant organisation by its key ('08435059', 'Tettnang (08435059)') or unique name."""
    match = _AGS.search(text)
    if match:
        statement = select(Organisation).where(Organisation.ags == match.group(1))
    else:
        statement = select(Organisation).where(Organisation.name == text.strip())
    candidates = session.scalars(statement.where(Organisation.kind.in_(APPLICANT_KINDS))).all()
    return candidates[0] if len(candidates) == 1 else None


def raw_form_data(form: MultiDict) -> dict[str, str]:
    """What a clerk typed, without buttons and tokens, without control characters."""
    return {
        key: strip_control_characters(value)
        for key, value in form.items(multi=False)
        if key not in _NOT_DATA
    }


def bind_form(session: Session, programme: Programme, applicant: Organisation, data: MultiDict, csrf: bool = True):
    """The programme's application form for ``applicant``, filled with ``data``."""
    return definition_for(programme.code).form(
        formdata=data,
        programme=programme,
        applicant=applicant,
        find_organisation=lambda text: find_organisation(session, text),
        meta={"csrf": csrf},
    )


def bind_draft(session: Session, application: Application, csrf: bool = True):
    """The application form filled with the draft as saved."""
    return bind_form(session, application.programme, application.applicant, MultiDict(application.draft_data), csrf)


@dataclass(frozen=True)
class PositionFigures:
    data: PositionData
    amount: Decimal
    funding_end: date


@dataclass(frozen=True)
class ApplicationFigures:
    """The computed amounts that the summary shows and the submission freezes."""

    positions: tuple[PositionFigures, ...]
    computed_amount: Decimal
    allocations: dict[int, Decimal]
    pooled_allocation: Decimal
    requested_amount: Decimal
    threshold: Decimal

    @property
    def threshold_reached(self) -> bool:
        return self.pooled_allocation >= self.threshold

    @property
    def capped(self) -> bool:
        return self.requested_amount < self.computed_amount


def compute_figures(session: Session, programme: Programme, applicant: Organisation, data: ApplicationData) -> ApplicationFigures:
    definition = definition_for(programme.code)
    positions = tuple(
        PositionFigures(
            data=position,
            amount=definition.position_amount(programme, position.category, position.fte),
            funding_end=definition.funding_end(programme, position.employment_start),
        )
        for position in data.positions
    )
    computed = sum((p.amount for p in positions), Decimal("0.00"))
    allocations = ledger.allocations_by_organisation(session, programme, (applicant.id, *data.member_ids))
    pooled = sum(allocations.values(), Decimal("0.00"))
    return ApplicationFigures(
        positions=positions,
        computed_amount=computed,
        allocations=allocations,
        pooled_allocation=pooled,
        requested_amount=min(computed, pooled),
        threshold=programme.threshold,
    )


def threshold_message(figures: ApplicationFigures, joint: bool) -> Optional[str]:
    """The German refusal for an applicant under the threshold, or None."""
    if figures.threshold_reached:
        return None
    if joint:
        return (
            f"Der gemeinsame Planungsrahmen des Zusammenschlusses beträgt {euro(figures.pooled_allocation)} und "
            f"liegt unter der Mindestgrenze von {euro(figures.threshold)}. Bitte nehmen Sie weitere Kommunen in "
            "den Zusammenschluss auf."
        )
    return (
        f"Ihr Planungsrahmen beträgt {euro(figures.pooled_allocation)} und liegt unter der Mindestgrenze von "
        f"{euro(figures.threshold)}. Kommunen unterhalb dieser Grenze können nur gemeinsam mit anderen Kommunen "
        "einen Antrag stellen: Bitte schließen Sie sich mit Nachbarkommunen zu einem Zusammenschluss zusammen "
        "und stellen Sie einen gemeinsamen Antrag (Art des Antrags: gemeinsamer Antrag)."
    )


_ENTRY_KEY = re.compile(r"^(?P<prefix>[a-z_]+)-(?P<index>\d+)(?P<rest>-.+)?$")
NEW_ENTRY_FIELDS = {
    "positions": {
        "person_name": "",
        "category": "",
        "fte": "",
        "employment_start": "",
        "employer_kind": "own",
        "provider_name": "",
    },
    "members": {"": ""},
}


def _entries(raw: dict[str, str], prefix: str) -> dict[int, dict[str, str]]:
    entries: dict[int, dict[str, str]] = {}
    for key, value in raw.items():
        match = _ENTRY_KEY.match(key)
        if match and match["prefix"] == prefix:
            entries.setdefault(int(match["index"]), {})[match["rest"] or ""] = value
    return entries


def _with_entries(raw: dict[str, str], prefix: str, entries: list[dict[str, str]]) -> dict[str, str]:
    kept = {key: value for key, value in raw.items() if not (_ENTRY_KEY.match(key) and key.startswith(prefix + "-"))}
    for index, entry in enumerate(entries):
        for rest, value in entry.items():
            kept[f"{prefix}-{index}{rest}"] = value
    return kept


def add_entry(raw: dict[str, str], prefix: str) -> dict[str, str]:
    """The draft with one more empty row of the repeated group ``prefix``."""
    entries = [entry for _, entry in sorted(_entries(raw, prefix).items())]
    entries.append({(f"-{name}" if name else ""): value for name, value in NEW_ENTRY_FIELDS[prefix].items()})
    return _with_entries(raw, prefix, entries)


def remove_entry(raw: dict[str, str], prefix: str, index: int) -> dict[str, str]:
    """The draft without row ``index`` of ``prefix``; later rows move up."""
    entries = [entry for position, entry in sorted(_entries(raw, prefix).items()) if position != index]
    return _with_entries(raw, prefix, entries)


def entry_count(raw: dict[str, str], prefix: str) -> int:
    return len(_entries(raw, prefix))

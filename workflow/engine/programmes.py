"""Funding programmes: one module each, registered here by code.

A programme module declares its default settings (copied into the
``programme`` row once, then owned by the administrators), its rates, its
application form, its document templates, its workflow and its amount rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from workflow.engine.declaration import Workflow


@dataclass(frozen=True)
class ProgrammeDefinition:
    code: str
    settings: dict[str, Any]
    # The granting authority of a central routing, by its official key.
    authority_ags: str
    # (category, label, Festbetrag per VZÄ and year)
    rates: tuple[tuple[str, str, Decimal], ...]
    form: type
    templates: dict[str, str]
    workflow: "Workflow"
    position_amount: Callable[[Any, str, Decimal], Decimal]
    funding_end: Callable[[Any, date], date]


def _registry() -> dict[str, ProgrammeDefinition]:
    from workflow.programmes import integrationsmanagement

    return {definition.code: definition for definition in (integrationsmanagement.DEFINITION,)}


def all_definitions() -> list[ProgrammeDefinition]:
    return list(_registry().values())


def definition_for(code: str) -> ProgrammeDefinition:
    return _registry()[code]

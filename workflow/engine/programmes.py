"""Programme packages: what one declares, and how the engine finds them.

A programme is a package with one entry point in the group
``foerderweg.programmes`` that names its ``ProgrammeDefinition``; it may live
in its own installable distribution. Operators (and tests) may add
definitions by dotted path in the setting ``EXTRA_PROGRAMMES``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import import_module
from importlib.metadata import entry_points
from importlib.resources import files
from typing import Any, Callable, Iterable, Optional

from workflow.engine.authority import Authority
from workflow.engine.declaration import ProcedureType, State, Transition, Workflow
from workflow.engine.rules import ProgrammeRules
from workflow.engine.schema import ApplicationSchema
from workflow.engine.letter_settings import LETTER_SETTINGS
from workflow.engine.settings import COMMON_SETTINGS, Setting, Settings, parse_settings
from workflow.models.organisation import KIND_LABELS, MUNICIPAL_KINDS, OrganisationKind

ENTRY_POINT_GROUP = "foerderweg.programmes"
# Reference tables the engine keeps per organisation and a programme may read.
ALLOCATION = "allocation"  # a published, versioned amount per organisation and programme
POPULATION = "population"  # inhabitants per organisation, versioned by Stichtag


@dataclass(frozen=True)
class TemplateSet:
    """The programme's Word templates: a package to read them from and a file per document kind."""

    package: str
    files: dict[str, str]

    def read(self, kind: str) -> bytes:
        return files(self.package).joinpath(self.files[kind]).read_bytes()

    def exists(self, kind: str) -> bool:
        return kind in self.files and files(self.package).joinpath(self.files[kind]).is_file()


@dataclass(frozen=True)
class DemoData:
    """The programme's part of ``foerderweg demo``: CSV files in ``package``.

    ``users``: username, full_name, roles (joined by +), organisation_ags, kreise (key prefixes joined by +),
    programmes (codes joined by +; empty: all); ``allocations``: ags, name and the amount (see ``seed``).
    """

    package: str
    users: str = ""
    allocations: str = ""


@dataclass(frozen=True)
class ProgrammeDefinition:
    code: str
    name: str
    settings: tuple[Setting, ...]
    schema: ApplicationSchema
    rules: ProgrammeRules
    workflow: Workflow
    templates: TemplateSet
    # The organisation whose users work the cases when routing is central, by its official key (081: RP Stuttgart).
    authority_ags: str
    file_number_prefix: str
    budget: Decimal
    routing: str = "central"
    # Reference tables the rules read (``ALLOCATION``, ``POPULATION``).
    reference_data: tuple[str, ...] = ()
    description: str = ""
    # A complete application as typed (form keys): the sample case the programme check renders every letter with.
    sample_input: dict[str, str] = field(default_factory=dict)
    # What the rules would have frozen for the sample on submission (``ApplicationFigures.details``).
    sample_details: dict[str, Any] = field(default_factory=dict)
    demo: Optional[DemoData] = None
    # What follows the decision: payments, change reports, proof of use, revocation (``workflows.post_award``).
    procedures: tuple[ProcedureType, ...] = ()
    # Who may apply: the municipalities, unless the programme is open to freie Träger too.
    applicant_kinds: tuple[OrganisationKind, ...] = MUNICIPAL_KINDS
    # The Bewilligungsstelle its letters, pages and exports name (``engine.authority``); empty name and address: the
    # Regierungspräsidium of ``authority_ags`` (or of the applicant's Bezirk under district routing).
    authority: Authority = Authority()

    def refusal_for(self, organisation) -> Optional[str]:
        """Why ``organisation`` cannot apply under this programme (a German sentence), or None."""
        if organisation is not None and organisation.kind in self.applicant_kinds:
            return None
        who = (
            "Kommunen"
            if self.applicant_kinds == MUNICIPAL_KINDS
            else ", ".join(sorted({KIND_LABELS[kind] for kind in self.applicant_kinds}))
        )
        return f"Anträge nach „{self.name}“ können nur {who} stellen."

    def procedure_type(self, kind: str) -> ProcedureType:
        for procedure_type in self.procedures:
            if procedure_type.kind == kind:
                return procedure_type
        raise LookupError(f"Das Programm {self.code} kennt keine Vorgänge der Art „{kind}“.")

    def deadline_spec(self, kind: str):
        """The period ``kind`` as the case's workflow or one of its procedures declares it."""
        for workflow in (self.workflow, *(procedure_type.workflow for procedure_type in self.procedures)):
            try:
                return workflow.deadline_spec(kind)
            except KeyError:
                continue
        raise KeyError(kind)

    def any_transition(self, name: str) -> Optional[Transition]:
        """The transition ``name`` of the case's workflow or of one of its procedures (names are unique, see the check)."""
        found = self.workflow.transition(name)
        for procedure_type in self.procedures:
            found = found or procedure_type.workflow.transition(name)
        return found

    @property
    def all_settings(self) -> tuple[Setting, ...]:
        """The engine's settings, each replaced where the programme declares it again (with its own default)."""
        own = {setting.name: setting for setting in self.settings}
        common = tuple(own.pop(setting.name, setting) for setting in (*COMMON_SETTINGS, *LETTER_SETTINGS))
        return common + tuple(own.values())


_extra: dict[str, ProgrammeDefinition] = {}


def register_extra(paths: Iterable[str]) -> None:
    """Add definitions named as ``module:attribute`` (idempotent)."""
    for path in paths:
        module, _, attribute = path.partition(":")
        definition = getattr(import_module(module), attribute)
        _extra[definition.code] = definition


@lru_cache(maxsize=1)
def _installed() -> dict[str, ProgrammeDefinition]:
    found = {}
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        definition = entry_point.load()
        found[definition.code] = definition
    return found


def all_definitions() -> list[ProgrammeDefinition]:
    return sorted({**_installed(), **_extra}.values(), key=lambda definition: definition.code)


def definition_for(code: str) -> ProgrammeDefinition:
    definition = _extra.get(code) or _installed().get(code)
    if definition is None:
        raise LookupError(f"Das Programm „{code}“ ist nicht installiert.")
    return definition


def workflows_of(definition: ProgrammeDefinition) -> list[Workflow]:
    """The case's workflow and those of its procedures after the decision."""
    return [definition.workflow, *(procedure_type.workflow for procedure_type in definition.procedures)]


def workflow_of(application) -> Workflow:
    return definition_for(application.programme.code).workflow


def state_of(application) -> State:
    return workflow_of(application).state(application.state)


def draft_states() -> tuple[str, ...]:
    """The states in which an application is its applicant's private draft, over all programmes."""
    return tuple(sorted({state.name for d in all_definitions() for state in d.workflow.states if state.draft}))


def undecided_states() -> tuple[str, ...]:
    """The states of submitted cases awaiting a decision, over all programmes."""
    return tuple(sorted({state.name for d in all_definitions() for state in d.workflow.states if state.undecided}))


def states_waiting_for(role) -> tuple[str, ...]:
    return tuple(sorted({name for d in all_definitions() for name in d.workflow.states_waiting_for(role)}))


def _procedure_states(states_of: Callable[[Workflow], Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """Per kind of procedure, the states ``states_of`` names in its workflow (every installed programme)."""
    found: dict[str, set[str]] = {}
    for definition in all_definitions():
        for procedure_type in definition.procedures:
            found.setdefault(procedure_type.kind, set()).update(states_of(procedure_type.workflow))
    return {kind: tuple(sorted(states)) for kind, states in found.items() if states}


def procedure_states_waiting_for(role) -> dict[str, tuple[str, ...]]:
    """Per kind of procedure, the states in which it waits for ``role``."""
    return _procedure_states(lambda workflow: workflow.states_waiting_for(role))


def procedure_states_with_batch_steps() -> dict[str, tuple[str, ...]]:
    """Per kind of procedure, the states a step of a round (``Transition.batch``) leaves from."""
    return _procedure_states(
        lambda workflow: {
            source for transition in workflow.transitions if transition.batch for source in transition.sources
        }
    )


def state_labels() -> dict[str, str]:
    """Every state's label by name, over all programmes (for lists that mix programmes)."""
    return {state.name: state.label for d in all_definitions() for state in d.workflow.states}


@lru_cache(maxsize=256)
def _parsed(code: str, stored: str) -> Settings:
    parsed = parse_settings(definition_for(code).all_settings, json.loads(stored))
    if parsed.settings is None:
        raise ValueError(f"Ungültige Einstellungen für {code}: {' '.join(parsed.errors)}")
    return parsed.settings


def settings_of(version) -> Settings:
    """The typed settings of a programme version (versions are immutable, so parsing once is enough)."""
    return _parsed(version.programme.code, json.dumps(version.settings, sort_keys=True))


def case_settings(application) -> Settings:
    return settings_of(application.programme_version)

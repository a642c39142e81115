"""What a programme decides by its own rules: amounts, periods, caps, eligibility, its application window.

A programme subclasses ``ProgrammeRules`` and overrides what differs; the
engine calls these hooks and nothing else programme-specific. Every hook
gets the typed settings of the case's programme version.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy.orm import Session

from workflow.engine.schema import ApplicationData, PositionData
from workflow.engine.settings import Settings
from workflow.formatting import euro

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Fact:
    """A line of the calculation a clerk checks before submitting (label, value, explanation)."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class PositionFigures:
    data: PositionData
    amount: Decimal
    funding_start: date
    funding_end: date


@dataclass(frozen=True)
class ApplicationFigures:
    """The computed amounts that the summary shows and the submission freezes."""

    positions: tuple[PositionFigures, ...]
    computed_amount: Decimal
    requested_amount: Decimal
    # The upper limit the request was held to (``ProgrammeRules.cap_label``), if the programme has one.
    cap: Optional[Decimal]
    # What the programme shows next to each organisation (its allocation or inhabitants, as a sentence part).
    per_organisation: dict[int, str]
    facts: tuple[Fact, ...]
    # Why this applicant may not apply like this (a German sentence), or None.
    refusal: Optional[str] = None
    # Facts the rules relied on, frozen with the case on submission (e.g. the population and its Stichtag).
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def capped(self) -> bool:
        return self.requested_amount < self.computed_amount


class ProgrammeRules(ABC):
    """Defaults: no cap, no window; every programme gives its amount and funding period per position."""

    def check_position(self, settings: Settings, position: PositionData) -> dict[str, str]:
        """Messages per field name for one position; a field that could not be read is None."""
        return {}

    def check_positions(self, settings: Settings, positions: tuple[PositionData, ...]) -> dict[str, str]:
        """Messages keyed by form key (``positions-1-fte``) for rules across positions."""
        return {}

    @abstractmethod
    def position_amount(self, settings: Settings, position: PositionData, facts: dict[str, Any]) -> Decimal:
        """The amount of one position; ``facts`` are the application's fields and what the rules looked up."""

    @abstractmethod
    def funding_period(self, settings: Settings, position: PositionData, facts: dict[str, Any]) -> tuple[date, date]:
        """First and last day the position is funded."""

    def figures(self, session: Session, programme, settings: Settings, applicant, data: ApplicationData) -> ApplicationFigures:
        positions = self.position_figures(settings, data, {})
        computed = sum((p.amount for p in positions), ZERO)
        return ApplicationFigures(positions, computed, computed, None, {}, self.default_facts(computed))

    def position_figures(self, settings: Settings, data: ApplicationData, facts: dict[str, Any]) -> tuple[PositionFigures, ...]:
        """Amount and funding period of every position, from the settings, the application and ``facts``."""
        facts = {**data.details, **facts}
        return tuple(
            PositionFigures(position, self.position_amount(settings, position, facts),
                            *self.funding_period(settings, position, facts))
            for position in data.positions
        )

    @staticmethod
    def default_facts(computed: Decimal) -> tuple[Fact, ...]:
        return (Fact("Beantragter Betrag", euro(computed)),)

    def application_window(self, settings: Settings, today: date, data: Optional[ApplicationData]) -> Optional[str]:
        """Why an application cannot be submitted today, or None."""
        return None

    def allocation_threshold(self, settings: Settings) -> Optional[Decimal]:
        """The minimum (pooled) allocation an applicant needs, for programmes that have one."""
        return None

    # Said of a request held to ``ApplicationFigures.cap``.
    capped_note = "auf die Obergrenze des Programms begrenzt"

    def grant_limits(self, session: Session, programme, applications: list) -> dict[int, Any]:
        """What ``grant_problem`` needs of the database, by application id, read at once for a whole list (a
        signing round shows which proposals it could sign); empty where the programme has no limit of its own."""
        return {}

    def grant_problem(self, settings: Settings, application, amount: Decimal, limit: Any) -> Optional[str]:
        """Why granting ``amount`` would exceed the programme's own limit for this applicant, or None; ``limit`` is
        what ``grant_limits`` read for it (under the programme's lock when signing). The engine checks the
        programme budget itself."""
        return None

    def window_text(self, settings: Settings, today: date) -> str:
        """When applications are taken, for the list of programmes."""
        return "Anträge sind laufend möglich."

    def applicant_status(self, session: Session, programme, settings: Settings, organisation) -> list[str]:
        """Sentences for the clerk's start page: what this organisation may apply for."""
        return []

    def case_facts(self, session: Session, settings: Settings, application) -> tuple[Fact, ...]:
        """Facts of a submitted case for its page (amounts, caps)."""
        return ()

    def position_context(self, settings: Settings, details: dict[str, Any]) -> dict[str, Any]:
        """Extra per-position values for summaries and letters, from the position's programme fields."""
        return {}

    def forwarded_to(self, details: dict[str, Any]) -> Optional[str]:
        """The third party a position's money is forwarded to (Weiterleitung an Dritte), if any."""
        return None

    def document_details(self, session: Session, settings: Settings, application) -> dict[str, Any]:
        """Programme-specific values for the letters (``details.…`` in the templates)."""
        return {}

"""The application schema of a programme, as data: its position fields and declarations.

Every application has the same frame (applicant or consortium, contact, bank
account, declarations, attachments) and a list of funded positions whose
fields each programme declares here. ``engine.application_data`` validates
raw input against a schema without any web library; ``forms.application``
builds the web form from the same schema.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Optional

from workflow.engine.settings import Settings

TEXT = "text"
CHOICE = "choice"  # a select list
RADIO = "radio"
DECIMAL = "decimal"
DATE = "date"

# Every position has these; amount and funding period follow from the programme's rules.
CORE_POSITION_FIELDS = ("person_name", "fte", "employment_start")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = TEXT
    required: bool = True
    # The message when a required field is left empty; a generic one otherwise.
    message: str = ""
    # May use {placeholders} of the programme's settings, shown the German way.
    description: str = ""
    max_length: int = 200
    choices: tuple[tuple[str, str], ...] = ()
    # Choices from a table setting: (setting name, value column, label column).
    choices_from: Optional[tuple[str, str, str]] = None
    default: str = ""
    # Asked only when another field has a value, e.g. the provider's name for a forwarded position.
    only_when: Optional[tuple[str, str]] = None
    width: Optional[str] = None

    def options(self, settings: Settings) -> tuple[tuple[str, str], ...]:
        if self.choices_from is None:
            return self.choices
        table, value_column, label_column = self.choices_from
        # As text, since that is what a form posts back (a year, a category).
        return tuple((str(getattr(row, value_column)), str(getattr(row, label_column))) for row in getattr(settings, table))

    def display(self, value: Any, settings: Settings) -> str:
        """The value as a person reads it (a choice's label, not its code)."""
        if self.kind in (CHOICE, RADIO):
            return dict(self.options(settings)).get(value, value or "")
        return "" if value is None else str(value)


@dataclass(frozen=True)
class ApplicationSchema:
    position_fields: tuple[Field, ...]
    # (name, text) of each declaration the applicant must confirm.
    declarations: tuple[tuple[str, str], ...]
    # The programme's fields about the application as a whole (e.g. the year applied for).
    application_fields: tuple[Field, ...] = ()
    application_title: str = "Angaben zum Vorhaben"
    position_title: str = "Stellen"
    position_legend: str = "Stelle"
    # Shown above the positions; may use {settings.…} placeholders of the programme's settings.
    position_hint: str = ""
    joint_hint: str = ""
    # (heading, value name) of the columns summaries show besides person, VZÄ, period and amount;
    # a value name is a position field or a value the rules add (``ProgrammeRules.position_context``).
    summary_columns: tuple[tuple[str, str], ...] = ()
    attachment_hint: str = ""
    # Whether consortia (Zusammenschlüsse) may apply under this programme.
    consortia: bool = True

    def __post_init__(self):
        names = [f.name for f in self.position_fields]
        missing = [name for name in CORE_POSITION_FIELDS if name not in names]
        if missing:
            raise ValueError(f"Das Antragsschema braucht die Stellenfelder {', '.join(missing)}.")

    def position_field(self, name: str) -> Field:
        return next(f for f in self.position_fields if f.name == name)

    @property
    def extra_position_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.position_fields if f.name not in CORE_POSITION_FIELDS)

    def new_position(self) -> dict[str, str]:
        return {f.name: f.default for f in self.position_fields}


@dataclass(frozen=True)
class PositionData:
    """One validated position: the core fields typed, the programme's own fields in ``details``."""

    person_name: str
    fte: Decimal
    employment_start: date
    details: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # Programme fields read like the core ones (position.category), for rules and templates.
        details = self.__dict__.get("details", {})
        if name in details:
            return details[name]
        raise AttributeError(name)


@dataclass(frozen=True)
class ApplicationData:
    """A validated application, ready to be frozen into the case."""

    joint: bool
    consortium_name: Optional[str]
    member_ids: tuple[int, ...]
    contact_name: str
    contact_phone: str
    contact_email: str
    account_holder: str
    iban: str
    bic: Optional[str]
    bank_name: Optional[str]
    positions: tuple[PositionData, ...]
    # The values of the programme's application fields, by name.
    details: dict[str, Any] = field(default_factory=dict)

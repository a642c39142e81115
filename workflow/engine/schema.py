"""The application schema of a programme, as data: its measures' fields and its declarations.

Every application has the same frame (applicant or consortium, contact, bank
account, declarations, attachments) and a list of measures — the lines a
programme funds: staff positions, cost items, one investment — whose shape and
fields each programme declares here. ``engine.application_data`` validates raw
input against a schema without any web library; ``forms.application`` builds
the web form from the same schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from workflow.engine.settings import Settings
from workflow.formatting import date_de

TEXT = "text"
CHOICE = "choice"  # a select list
RADIO = "radio"
DECIMAL = "decimal"
DATE = "date"
# An amount in euros as people type it (80.000,00 or 80000), exact to the cent.
AMOUNT = "amount"


@dataclass(frozen=True)
class MeasureShape:
    """What one measure of a programme is: the field that names it, the fields every measure of the shape has,
    what a decision may reduce, and what the pages show of it besides its amount.

    Staff positions are one shape (``workflow.measures.staff_positions``); a single amount for a project or an
    investment is another (``SINGLE_AMOUNT``). The engine stores any shape: the label, an amount, an optional
    funding period and the fields in ``details``; a shape's typed values (a VZÄ share, an employment start) are
    read by its own rules.
    """

    code: str
    # The field that names a measure (the person, the project) and its heading in tables.
    label_field: str
    label_heading: str
    # Fields the programme's schema must declare for this shape (besides the label).
    required_fields: tuple[str, ...] = ()
    # (heading, field) shown with each measure in tables, besides the programme's own summary columns.
    shown: tuple[tuple[str, str], ...] = ()
    # Whether each measure has a funding period of its own (staff positions do; a one-off amount does not).
    has_period: bool = True
    # How a decision reduces a measure: ("fte", "end") for a smaller share or an earlier end, ("amount",) for a
    # smaller amount.
    reductions: tuple[str, ...] = ("amount",)
    # How a measure is called in sentences („Stelle 2“, „Maßnahme 1“).
    noun: str = "Maßnahme"


# One amount for one project or investment: no persons, no months, reduced by amount; its funding period is the
# project's, as the programme's rule reads it from the measure's fields.
SINGLE_AMOUNT = MeasureShape(code="single_amount", label_field="title", label_heading="Vorhaben", noun="Vorhaben")


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
        return tuple(
            (str(getattr(row, value_column)), str(getattr(row, label_column))) for row in getattr(settings, table)
        )

    def display(self, value: Any, settings: Settings) -> str:
        """The value as a person reads it (a choice's label, not its code)."""
        if self.kind in (CHOICE, RADIO):
            return dict(self.options(settings)).get(value, value or "")
        if self.kind == DATE and value:
            return date_de(value if isinstance(value, date) else date.fromisoformat(value))
        return "" if value is None else str(value)


@dataclass(frozen=True)
class ApplicationSchema:
    measure_shape: MeasureShape
    measure_fields: tuple[Field, ...]
    # (name, text) of each declaration the applicant must confirm.
    declarations: tuple[tuple[str, str], ...]
    # The programme's fields about the application as a whole (e.g. the year applied for).
    application_fields: tuple[Field, ...] = ()
    application_title: str = "Angaben zum Vorhaben"
    measure_title: str = "Stellen"
    measure_legend: str = "Stelle"
    # Shown above the measures; may use {placeholders} of the programme's settings.
    measure_hint: str = ""
    joint_hint: str = ""
    # (heading, value name) of the columns summaries show besides the shape's label, values, period and amount;
    # a value name is a measure field or a value the rules add (``ProgrammeRules.measure_context``).
    summary_columns: tuple[tuple[str, str], ...] = ()
    attachment_hint: str = ""
    # Whether consortia (Zusammenschlüsse) may apply under this programme.
    consortia: bool = True

    def __post_init__(self):
        names = [f.name for f in self.measure_fields]
        core = (self.measure_shape.label_field, *self.measure_shape.required_fields)
        missing = [name for name in core if name not in names]
        if missing:
            raise ValueError(f"Das Antragsschema braucht die Felder {', '.join(missing)}.")

    def measure_field(self, name: str) -> Field:
        return next(f for f in self.measure_fields if f.name == name)

    @property
    def extra_measure_fields(self) -> tuple[Field, ...]:
        """The programme's own fields of a measure: neither its label nor what its shape shows anyway."""
        shape = self.measure_shape
        core = {shape.label_field, *shape.required_fields, *(name for _, name in shape.shown)}
        return tuple(f for f in self.measure_fields if f.name not in core)

    def new_measure(self) -> dict[str, str]:
        return {f.name: f.default for f in self.measure_fields}


@dataclass(frozen=True)
class MeasureData:
    """One validated measure: its label and every field's typed value in ``details``."""

    label: str
    details: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # Fields read as attributes (position.fte, position.category), for rules and templates.
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
    measures: tuple[MeasureData, ...]
    # The values of the programme's application fields, by name.
    details: dict[str, Any] = field(default_factory=dict)

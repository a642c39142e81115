"""Programme settings: declared with their types and defaults, stored as JSON per programme version.

A programme declares what it can be configured with (``Setting``); the engine
adds what every programme needs (``COMMON_SETTINGS``). Stored values are plain
JSON (amounts and dates as strings); ``parse_settings`` turns them into typed
values and names every invalid one in German, so that a version is only
activated with settings its rules can use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from workflow.formatting import date_de, decimal_de, euro
from workflow.money import LARGEST_AMOUNT, within_cents

TEXT = "text"
MONEY = "money"
INTEGER = "integer"
DECIMAL = "decimal"
DATE = "date"
CHOICE = "choice"
# A list of rows with the columns of ``Setting.columns`` (e.g. the Festbeträge per category).
TABLE = "table"


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    kind: str
    default: Any
    description: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    minimum: Any = None
    maximum: Any = None
    columns: tuple["Setting", ...] = ()
    # A text filled in when it is used: the {names} it may contain, and those it must contain.
    placeholders: tuple[str, ...] = ()
    required_placeholders: tuple[str, ...] = ()


class Settings:
    """Typed, read-only settings of one programme version: ``settings.min_fte``."""

    def __init__(self, values: dict[str, Any]):
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"Die Einstellung „{name}“ gibt es in diesem Programm nicht.") from None

    def __setattr__(self, name, value):
        raise AttributeError("Einstellungen einer Programmversion sind unveränderlich.")

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)


@dataclass
class ParsedSettings:
    settings: Optional[Settings]
    errors: list[str] = field(default_factory=list)


PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# The Rechtsbehelfsbelehrung names the competent court, which depends on the applicant's Regierungsbezirk
# (``workflow.reference.courts``); the text holds placeholders that every letter fills.
REMEDY_PLACEHOLDERS = ("gericht", "anschrift")


def remedy_text_setting(default: str) -> Setting:
    return Setting(
        "remedy_text",
        "Rechtsbehelfsbelehrung",
        TEXT,
        default,
        description="{gericht} wird durch das zuständige Verwaltungsgericht ersetzt (das des Regierungsbezirks der "
        "Antragstellerin, § 52 Nr. 3 VwGO), {anschrift} durch dessen Anschrift.",
        placeholders=REMEDY_PLACEHOLDERS,
        required_placeholders=("gericht",),
    )


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """``text`` with each known {name} replaced; no str.format, so that braces in a text cannot reach attributes."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def _placeholder_problem(setting: Setting, text: str) -> Optional[str]:
    found = PLACEHOLDER.findall(text)
    allowed = ", ".join(f"{{{name}}}" for name in setting.placeholders)
    unknown = [name for name in found if name not in setting.placeholders]
    if unknown:
        return f"enthält den unbekannten Platzhalter {{{unknown[0]}}} (möglich sind {allowed})"
    missing = [name for name in setting.required_placeholders if name not in found]
    if missing:
        return f"muss den Platzhalter {{{missing[0]}}} enthalten"
    return None


# The Rechtsbehelfsbelehrung for a decision of a Regierungspräsidium: {gericht} and {anschrift} are the competent court's.
REMEDY_TEXT = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim "
    "{gericht}, {anschrift}, erhoben werden. Die Klage ist "
    "schriftlich oder zur Niederschrift der Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle "
    "des Gerichts zu erheben. Sie kann auch elektronisch nach Maßgabe des § 55a der "
    "Verwaltungsgerichtsordnung (VwGO) eingereicht werden; Behörden und juristische Personen des "
    "öffentlichen Rechts sind hierzu nach § 55d VwGO verpflichtet."
)

# VV Nr. 13.4 zu § 44 LHO: the ANBest-K are annexed unchanged unless the Bescheid names a deviation; a programme names
# them here, per Nummer, and the annex prints them beside the text (``workflow.letters.conditions``).
DEVIATION_EFFECTS = (("gilt nicht", "gilt nicht"), ("gilt mit Maßgabe", "gilt mit folgender Maßgabe"))


def conditions_deviations_setting(rows: list[dict[str, str]]) -> Setting:
    return Setting(
        "conditions_deviations",
        "Abweichungen von den Allgemeinen Nebenbestimmungen (Nr. 13.4 VV zu § 44 LHO)",
        TABLE,
        rows,
        columns=(
            Setting("number", "Nummer", TEXT, ""),
            Setting("effect", "Wirkung", CHOICE, "gilt mit Maßgabe", choices=DEVIATION_EFFECTS),
            Setting("text", "Maßgabe oder Grund", TEXT, ""),
        ),
    )


COMMON_SETTINGS: tuple[Setting, ...] = (
    Setting("legal_basis", "Rechtsgrundlage", TEXT, ""),
    Setting("purpose", "Zuwendungszweck", TEXT, ""),
    # § 41 Abs. 2 LVwVfG: third day in the text we could read (landesrecht-bw.de, Fassung vom 04.02.2021). The Bund moved
    # § 41 Abs. 2 VwVfG to the fourth day from 01.01.2025 (PostModG, BGBl. 2024 I Nr. 236). Baden-Württemberg amended the
    # LVwVfG by the Gesetz vom 28.01.2025 (GBl. 2025 Nr. 8), but the part of it we could read does not reach § 41, so
    # whether the Land followed is unverified: 3 stays the default, and the operator sets 4 once the text is checked.
    # Rechecked for issue 23 no. 3 (December 2026): the LVwVfG text on landesrecht-bw.de still reads „am dritten Tag“
    # (Fassung vom 04.02.2021); weka.de („Aus drei mach vier“) reports that the Länder follow the Bund only with delay
    # and names no Baden-Württemberg amendment; no source found says BW moved to the fourth day.
    Setting(
        "notification_fiction_days",
        "Bekanntgabefiktion (Tage nach Versand)",
        INTEGER,
        3,
        minimum=0,
        maximum=14,
        description="§ 41 Abs. 2 LVwVfG: ein Bescheid gilt so viele Tage nach der Aufgabe zur Post als bekanntgegeben.",
    ),
    Setting("remedy_period_months", "Klagefrist (Monate)", INTEGER, 1, minimum=1, maximum=12),
    # Action before the court without a Widerspruch against the Regierungspräsidium; a programme may declare its own text.
    remedy_text_setting(REMEDY_TEXT),
    Setting("response_period_days", "Frist einer Nachforderung (Tage, Vorschlag)", INTEGER, 14, minimum=1, maximum=90),
    Setting("reminder_days_before", "Erinnerung vor Fristende (Tage)", INTEGER, 3, minimum=0, maximum=30),
    Setting(
        "proof_of_use_months",
        "Verwendungsnachweis fällig (Monate nach Ende des Förderzeitraums)",
        INTEGER,
        3,
        minimum=1,
        maximum=24,
    ),
    Setting("max_positions", "Höchstzahl der Stellen je Antrag", INTEGER, 30, minimum=1, maximum=200),
    Setting("max_members", "Höchstzahl der Mitglieder eines Zusammenschlusses", INTEGER, 60, minimum=1, maximum=300),
)


def _parse_value(setting: Setting, raw: Any) -> Any:
    """The typed value, or ValueError with a German message."""
    if setting.kind == TEXT:
        if not isinstance(raw, str):
            raise ValueError("ist kein Text")
        problem = _placeholder_problem(setting, raw) if setting.placeholders else None
        if problem:
            raise ValueError(problem)
        return raw
    if setting.kind == INTEGER:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError("ist keine ganze Zahl")
        value = raw
    elif setting.kind in (MONEY, DECIMAL):
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            raise ValueError("ist keine Zahl") from None
        if not value.is_finite():
            raise ValueError("ist keine Zahl")
        if setting.kind == MONEY:
            if not within_cents(value):
                raise ValueError("hat mehr als zwei Nachkommastellen")
            if abs(value) >= LARGEST_AMOUNT:
                raise ValueError(f"ist größer als jeder Haushalt (ab {euro(LARGEST_AMOUNT)})")
            value = value.quantize(Decimal("0.01"))
    elif setting.kind == DATE:
        try:
            value = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError("ist kein Datum (JJJJ-MM-TT)") from None
    elif setting.kind == CHOICE:
        if raw not in {value for value, _ in setting.choices}:
            allowed = ", ".join(value for value, _ in setting.choices)
            raise ValueError(f"muss einer dieser Werte sein: {allowed}")
        return raw
    elif setting.kind == TABLE:
        if not isinstance(raw, list) or not raw:
            raise ValueError("braucht mindestens eine Zeile")
        return tuple(_parse_row(setting, row, number) for number, row in enumerate(raw, start=1))
    else:
        raise ValueError(f"hat die unbekannte Art „{setting.kind}“")
    if setting.minimum is not None and value < setting.minimum:
        raise ValueError(f"ist kleiner als {setting.minimum}")
    if setting.maximum is not None and value > setting.maximum:
        raise ValueError(f"ist größer als {setting.maximum}")
    return value


def _parse_row(setting: Setting, row: Any, number: int) -> Settings:
    if not isinstance(row, dict):
        raise ValueError(f"Zeile {number} ist keine Zuordnung von Spalten")
    values = {}
    for column in setting.columns:
        try:
            values[column.name] = _parse_value(column, row.get(column.name, column.default))
        except ValueError as error:
            raise ValueError(f"Zeile {number}, Spalte „{column.label}“ {error}") from None
    return Settings(values)


def parse_settings(declared: tuple[Setting, ...], stored: dict[str, Any]) -> ParsedSettings:
    """Typed settings from stored JSON; a missing value takes its default, an unknown name is an error."""
    errors = [
        f"Die Einstellung „{name}“ ist in diesem Programm nicht vorgesehen."
        for name in stored
        if name not in {setting.name for setting in declared}
    ]
    values = {}
    for setting in declared:
        raw = stored.get(setting.name, setting.default)
        try:
            values[setting.name] = _parse_value(setting, raw)
        except ValueError as error:
            errors.append(f"Die Einstellung „{setting.label}“ ({setting.name}) {error}.")
    return ParsedSettings(None if errors else Settings(values), errors)


def to_json(value: Any) -> Any:
    """A typed value as it is stored (Decimal and date as strings)."""
    if isinstance(value, Settings):
        return {key: to_json(item) for key, item in value.as_dict().items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, (Decimal, date)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def defaults(declared: tuple[Setting, ...]) -> dict[str, Any]:
    return {setting.name: to_json(setting.default) for setting in declared}


def display(declared: tuple[Setting, ...], settings: Settings) -> dict[str, str]:
    """Every setting as a German reads it (51.000,00 €, 0,25, 01.01.2027), for texts with {placeholders}."""
    shown = {}
    for setting in declared:
        value = settings.get(setting.name)
        if setting.kind == MONEY:
            shown[setting.name] = euro(value)
        elif setting.kind == DECIMAL:
            shown[setting.name] = decimal_de(value)
        elif setting.kind == DATE:
            shown[setting.name] = date_de(value)
        elif setting.kind != TABLE:
            shown[setting.name] = str(value)
    return shown


def described(declared: tuple[Setting, ...], settings: Settings) -> list[tuple[Setting, Any]]:
    """(setting, shown value) for a settings page; a table setting's value is its rows as lists of shown cells."""
    shown = display(declared, settings)
    rows = []
    for setting in declared:
        if setting.kind == TABLE:
            cells = [display(setting.columns, row) for row in settings.get(setting.name)]
            rows.append((setting, [[row[column.name] for column in setting.columns] for row in cells]))
        else:
            rows.append((setting, shown[setting.name]))
    return rows

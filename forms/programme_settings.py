"""The form of a new version of a programme's settings, generated from the setting declarations.

One input per setting, in German notation (51.000,00 · 0,25 · 01.01.2027);
a table setting is a group of rows, each with one input per column, that the
administrator extends or shortens with buttons (no script needed). The form
only reads and checks: ``stored_settings`` is the JSON a new version stores.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Optional

from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from forms.base import BaseForm, SubForm
from workflow.engine.settings import CHOICE, DATE, DECIMAL, INTEGER, MONEY, TABLE, TEXT, Setting, Settings, to_json
from workflow.formatting import date_de, decimal_de, euro
from workflow.money import LARGEST_AMOUNT, NotAnAmount, parse_euro_text, within_cents
from workflow.text import is_missing_day, parse_german_date, parse_german_decimal

ADD_ROW = "add_row"  # button name; its value is the table setting
REMOVE_ROW = "remove_row"  # button name; its value is "<setting>-<row index>"
_INTEGER = re.compile(r"[-\u2212]?(\d{1,3}(\.\d{3})+|\d+)")
_HINTS = {
    MONEY: "Betrag in Euro, z. B. 51.000,00",
    DECIMAL: "Zahl mit Komma, z. B. 0,25",
    INTEGER: "ganze Zahl",
    DATE: "Datum im Format TT.MM.JJJJ, z. B. 01.01.2027",
}


def _limit(setting: Setting, value: Any) -> str:
    if setting.kind == MONEY:
        return euro(value)
    if setting.kind == DECIMAL:
        return decimal_de(value)
    if setting.kind == DATE:
        return date_de(value)
    return str(value)


def _hint(setting: Setting) -> str:
    """The field's hint: the setting's description, then how to type it and its limits (German sentences)."""
    parts = [_HINTS[setting.kind]] if setting.kind in _HINTS else []
    if setting.minimum is not None and setting.maximum is not None:
        parts.append(f"von {_limit(setting, setting.minimum)} bis {_limit(setting, setting.maximum)}")
    elif setting.minimum is not None:
        parts.append(f"mindestens {_limit(setting, setting.minimum)}")
    elif setting.maximum is not None:
        parts.append(f"höchstens {_limit(setting, setting.maximum)}")
    how = "; ".join(parts)
    sentences = [
        setting.description.rstrip(".") + "." if setting.description else "",
        how[:1].upper() + how[1:] + "." if how else "",
    ]
    return " ".join(sentence for sentence in sentences if sentence)


def shown(setting: Setting, value: Any) -> str:
    """A typed value as the input shows it."""
    if setting.kind == MONEY:
        return decimal_de(value)
    if setting.kind == DECIMAL:
        return decimal_de(value, max(2, -Decimal(value).normalize().as_tuple().exponent))
    if setting.kind == DATE:
        return date_de(value)
    return "" if value is None else str(value)


def parse(setting: Setting, text: str) -> Any:
    """The typed value of what was typed, or ValueError with a German message for the field."""
    text = (text or "").strip()
    if setting.kind == TEXT:
        return text.replace("\r\n", "\n")
    if setting.kind == CHOICE:
        if text not in {value for value, _ in setting.choices}:
            raise ValueError("Bitte wählen Sie einen der angebotenen Werte.")
        return text
    if not text:
        raise ValueError("Bitte geben Sie einen Wert an.")
    if setting.kind == MONEY:
        try:
            value = parse_euro_text(text)
        except NotAnAmount as error:
            raise ValueError(error.message) from None
        if not within_cents(value):
            raise ValueError("Bitte geben Sie höchstens zwei Nachkommastellen (Cent) an.")
        if abs(value) >= LARGEST_AMOUNT:
            raise ValueError(f"Der Betrag ist größer als jeder Haushalt (ab {euro(LARGEST_AMOUNT)}).")
        value = value.quantize(Decimal("0.01"))
    elif setting.kind == DECIMAL:
        negative = text[:1] in ("-", "\u2212")
        value = parse_german_decimal(text[1:] if negative else text)
        if value is None:
            raise ValueError(f"„{text}“ ist keine Zahl; bitte mit Komma angeben, z. B. 0,25.")
        value = -value if negative else value
    elif setting.kind == INTEGER:
        if not _INTEGER.fullmatch(text):
            raise ValueError(f"„{text}“ ist keine ganze Zahl.")
        value = int(text.replace(".", "").replace("\u2212", "-"))
    elif setting.kind == DATE:
        value = parse_german_date(text)
        if value is None:
            raise ValueError(
                f"Den {text} gibt es nicht im Kalender."
                if is_missing_day(text)
                else f"„{text}“ ist kein Datum; bitte im Format TT.MM.JJJJ angeben, z. B. 01.01.2027."
            )
    else:
        raise ValueError(f"Einstellungen der Art „{setting.kind}“ lassen sich hier nicht bearbeiten.")
    if setting.minimum is not None and value < setting.minimum:
        raise ValueError(f"Der Wert darf nicht kleiner als {_limit(setting, setting.minimum)} sein.")
    if setting.maximum is not None and value > setting.maximum:
        raise ValueError(f"Der Wert darf nicht größer als {_limit(setting, setting.maximum)} sein.")
    return value


def _field(setting: Setting, in_table: bool):
    options = {"description": "" if in_table else _hint(setting), "render_kw": {"autocomplete": "off"}}
    if setting.kind == TEXT:
        if in_table:
            return StringField(setting.label, **options)
        options["render_kw"]["rows"] = 6
        return TextAreaField(setting.label, **options)
    if setting.kind == CHOICE:
        return SelectField(setting.label, choices=list(setting.choices), validate_choice=False, **options)
    if setting.kind in (MONEY, DECIMAL, INTEGER):
        options["render_kw"]["inputmode"] = "numeric" if setting.kind == INTEGER else "decimal"
    return StringField(setting.label, **options)


def _row_form(setting: Setting) -> type[SubForm]:
    return type(
        f"{setting.name.title()}Row", (SubForm,), {column.name: _field(column, True) for column in setting.columns}
    )


class SettingsForm(BaseForm):
    """Base of the generated form; ``declared`` is set on the generated class."""

    declared: tuple[Setting, ...] = ()
    base_version = HiddenField()
    note = TextAreaField(
        "Anlass der Änderung",
        validators=[
            InputRequired("Bitte geben Sie den Anlass der Änderung an (z. B. die geänderte VwV)."),
            Length(max=500, message="Bitte fassen Sie den Anlass in höchstens 500 Zeichen."),
        ],
        description="Wird mit der Fassung gespeichert, z. B. „Änderung der VwV vom 12.03.2027, Nr. 3.2“.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed: dict[str, Any] = {}
        self.table_errors: dict[str, str] = {}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for setting in self.declared:
            field = self[setting.name]
            if setting.kind != TABLE:
                try:
                    self.parsed[setting.name] = parse(setting, field.data)
                except ValueError as error:
                    field.errors = [*field.errors, str(error)]
                    valid = False
                continue
            rows = []
            for entry in field:
                if all(not (entry[column.name].data or "").strip() for column in setting.columns):
                    continue  # an empty row is ignored
                row = {}
                for column in setting.columns:
                    try:
                        row[column.name] = parse(column, entry[column.name].data)
                    except ValueError as error:
                        entry[column.name].errors = [*entry[column.name].errors, str(error)]
                        valid = False
                rows.append(row)
            if not rows:
                self.table_errors[setting.name] = "Bitte geben Sie mindestens eine Zeile an."
                valid = False
            self.parsed[setting.name] = rows
        return valid

    def stored_settings(self) -> dict[str, Any]:
        """The settings as a version stores them (after ``validate``)."""
        return {name: to_json(value) for name, value in self.parsed.items()}

    def problems(self) -> list[tuple[str, str]]:
        """(field id, message) of every error, for the summary at the top of the page."""
        found = []
        for setting in self.declared:
            field = self[setting.name]
            if setting.kind != TABLE:
                found += [(field.id, f"{setting.label}: {' '.join(field.errors)}")] if field.errors else []
                continue
            if setting.name in self.table_errors:
                found.append((field.id, f"{setting.label}: {self.table_errors[setting.name]}"))
            for number, entry in enumerate(field, start=1):
                found += [
                    (
                        entry[column.name].id,
                        f"{setting.label}, Zeile {number}, {column.label}: {' '.join(entry[column.name].errors)}",
                    )
                    for column in setting.columns
                    if entry[column.name].errors
                ]
        return found + (
            [(self.note.id, f"{self.note.label.text}: {' '.join(self.note.errors)}")] if self.note.errors else []
        )

    def wide(self, setting: Setting, column: Setting) -> bool:
        """Whether a table column needs a wide input: a text column with longer entries (not a code like „a“)."""
        return column.kind == TEXT and any(len(entry[column.name].data or "") > 12 for entry in self[setting.name])


def settings_form(
    declared: tuple[Setting, ...], current: Settings, base_version: Optional[int], formdata: Optional[MultiDict] = None
) -> tuple[SettingsForm, bool]:
    """The form, pre-filled from ``current`` or filled from ``formdata``; True if a row button was pressed.

    A row button changes only the form (a row more or less) and stores nothing.
    """
    fields: dict[str, Any] = {"declared": declared}
    for setting in declared:
        fields[setting.name] = (
            FieldList(FormField(_row_form(setting)), label=setting.label, description=_hint(setting))
            if setting.kind == TABLE
            else _field(setting, False)
        )
    form_class = type("GeneratedSettingsForm", (SettingsForm,), fields)
    if formdata is None:
        data = {"base_version": str(base_version or "")}
        for setting in declared:
            value = current.get(setting.name)
            data[setting.name] = (
                [{column.name: shown(column, row.get(column.name)) for column in setting.columns} for row in value]
                if setting.kind == TABLE
                else shown(setting, value)
            )
        return form_class(formdata=None, data=data), False
    formdata, edited = _row_buttons(declared, formdata)
    return form_class(formdata=formdata), edited


def _row_buttons(declared: tuple[Setting, ...], formdata: MultiDict) -> tuple[MultiDict, bool]:
    tables = {setting.name: setting for setting in declared if setting.kind == TABLE}
    added, removed = formdata.get(ADD_ROW), formdata.get(REMOVE_ROW, "")
    if added in tables:
        data = MultiDict(formdata)
        count = _row_count(formdata, added)
        for column in tables[added].columns:
            data[f"{added}-{count}-{column.name}"] = ""
        return data, True
    name, _, index = removed.rpartition("-")
    if name in tables and index.isdigit():
        data = MultiDict()
        for key, value in formdata.items(multi=True):
            match = re.fullmatch(rf"{re.escape(name)}-(\d+)-(.+)", key)
            if match is None:
                data.add(key, value)
            elif int(match[1]) != int(index):
                data.add(f"{name}-{int(match[1]) - (int(match[1]) > int(index))}-{match[2]}", value)
        return data, True
    return formdata, False


def _row_count(formdata: MultiDict, name: str) -> int:
    indices = [int(match[1]) for key in formdata if (match := re.fullmatch(rf"{re.escape(name)}-(\d+)-.+", key))]
    return max(indices, default=-1) + 1


def parsed_base_version(form: SettingsForm) -> Optional[int]:
    return int(form.base_version.data) if (form.base_version.data or "").isdigit() else None

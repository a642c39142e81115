"""Validating an application's raw input against its programme's schema, without a web library.

Raw input is what the clerk typed, keyed as the form posts it
(``contact_name``, ``members-0``, ``positions-1-fte``; the measures post as ``positions``). The result is either
the typed ``ApplicationData`` or German messages keyed the same way, so that
the web form, the API and the submission guard all give the same answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from email_validator import EmailNotValidError, validate_email
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from workflow.engine.schema import (
    AMOUNT,
    CHOICE,
    DATE,
    DECIMAL,
    RADIO,
    ApplicationData,
    ApplicationSchema,
    Field,
    MeasureData,
)
from workflow.engine.settings import Settings
from workflow.money import NotAnAmount, parse_euro_text, within_cents
from workflow.text import clean_text, is_missing_day, parse_german_date, parse_german_decimal

Errors = dict[str, list[str]]
_ENTRY_KEY = re.compile(r"^(?P<prefix>[a-z_]+)-(?P<index>\d+)(?:-(?P<name>.+))?$")
CONFIRMATION = "Bitte bestätigen Sie diese Erklärung."


@dataclass
class Validation:
    data: Optional[ApplicationData]
    errors: Errors = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.data is not None


def entries(raw: dict[str, str], prefix: str) -> list[dict[str, str]]:
    """The rows of a repeated group (``positions``, ``members``) in their order."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in raw.items():
        match = _ENTRY_KEY.match(key)
        if match and match["prefix"] == prefix:
            rows.setdefault(int(match["index"]), {})[match["name"] or ""] = value
    return [rows[index] for index in sorted(rows)]


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _text(raw: dict[str, str], key: str) -> str:
    return clean_text(raw.get(key) or "")


def _required_text(raw, errors, key: str, message: str, max_length: int = 200) -> str:
    value = _text(raw, key)
    if not value:
        _add(errors, key, message)
    elif len(value) > max_length:
        _add(errors, key, f"Höchstens {max_length} Zeichen.")
    return value


def _validate_field(spec: Field, row: dict[str, str], key: str, settings: Settings, errors: Errors) -> Any:
    value = clean_text(row.get(spec.name) or "")
    if spec.only_when is not None:
        other, expected = spec.only_when
        if clean_text(row.get(other) or "") != expected:
            return None
    if not value:
        if spec.required:
            _add(errors, key, spec.message or f"Bitte füllen Sie „{spec.label}“ aus.")
        return None
    if spec.kind in (CHOICE, RADIO):
        if value not in {option for option, _ in spec.options(settings)}:
            _add(errors, key, f"Bitte wählen Sie bei „{spec.label}“ einen der angebotenen Einträge.")
            return None
        return value
    if spec.kind == DECIMAL:
        number = parse_german_decimal(value)
        if number is None:
            _add(errors, key, f"Bitte geben Sie „{spec.label}“ als Zahl an, z. B. 0,5.")
        elif not within_cents(number):
            _add(errors, key, f"„{spec.label}“ darf höchstens zwei Nachkommastellen haben.")
        else:
            return number
        return None
    if spec.kind == AMOUNT:
        try:
            amount = parse_euro_text(value)
        except NotAnAmount:
            _add(errors, key, f"Bitte geben Sie „{spec.label}“ als Betrag an, z. B. 80.000,00.")
            return None
        if amount < 0 or not within_cents(amount):
            _add(errors, key, f"„{spec.label}“ ist ein Betrag ab 0 € mit höchstens zwei Nachkommastellen.")
            return None
        return amount
    if spec.kind == DATE:
        day = parse_german_date(value)
        if day is None and is_missing_day(value):
            _add(errors, key, f"Diesen Tag gibt es nicht: {value}.")
        elif day is None:
            _add(errors, key, "Bitte geben Sie das Datum im Format TT.MM.JJJJ an.")
        return day
    if len(value) > spec.max_length:
        _add(errors, key, f"Höchstens {spec.max_length} Zeichen.")
        return None
    return value


def _validate_measures(schema, settings, rules, raw, errors) -> list[MeasureData]:
    measures = []
    rows = entries(raw, "positions")
    label_field = schema.measure_shape.label_field
    if not rows:
        _add(errors, f"positions-0-{label_field}", f"Bitte geben Sie mindestens eine {schema.measure_legend} an.")
    for index, row in enumerate(rows):
        prefix = f"positions-{index}-"
        values = {
            spec.name: _validate_field(spec, row, prefix + spec.name, settings, errors)
            for spec in schema.measure_fields
        }
        readable = not any(key.startswith(prefix) for key in errors)
        measure = MeasureData(label=values.get(label_field) or "", details=values)
        # The rules see what could be read (None where a field failed) and may add their own messages.
        for name, message in rules.check_measure(settings, measure).items():
            if prefix + name not in errors:
                _add(errors, prefix + name, message)
        if readable:
            measures.append(measure)
    if len(measures) == len(rows):
        for key, message in rules.check_measures(settings, tuple(measures)).items():
            _add(errors, key, message)
    return measures


def _validate_members(schema, raw, errors, applicant_id, find_organisation) -> tuple[bool, Optional[str], list[int]]:
    joint = _text(raw, "joint") == "joint" and schema.consortia
    if not joint:
        return False, None, []
    name = _required_text(raw, errors, "consortium_name", "Bitte geben Sie einen Namen für den Zusammenschluss an.")
    member_ids: list[int] = []
    member_errors = False
    for index, row in enumerate(entries(raw, "members")):
        text = clean_text(row.get("") or "")
        if not text:
            continue
        key = f"members-{index}"
        organisation = find_organisation(text)
        if organisation is None:
            _add(
                errors,
                key,
                f"„{text}“ ist keine bekannte Kommune. Bitte wählen Sie einen Eintrag aus der Liste "
                "oder geben Sie den achtstelligen Gemeindeschlüssel an.",
            )
        elif organisation.id == applicant_id:
            _add(errors, key, "Die federführende Kommune ist bereits Antragstellerin und kein weiteres Mitglied.")
        elif organisation.id in member_ids:
            _add(errors, key, f"{organisation.name} ist doppelt aufgeführt.")
        else:
            member_ids.append(organisation.id)
            continue
        member_errors = True
    if not member_ids and not member_errors:
        _add(errors, "joint", "Ein gemeinsamer Antrag braucht mindestens eine weitere Mitgliedskommune.")
    return True, name, member_ids


def _validate_bank(raw, errors) -> tuple[Optional[IBAN], Optional[str]]:
    text = _required_text(raw, errors, "iban", "Bitte geben Sie die IBAN an.", 42)
    iban = None
    if text:
        try:
            iban = IBAN(text)
        except SchwiftyException:
            _add(errors, "iban", "Die IBAN ist ungültig. Bitte prüfen Sie Länderkennung, Prüfziffer und Länge.")
        else:
            if iban.country_code != "DE":
                _add(errors, "iban", "Bitte geben Sie die IBAN eines Kontos in Deutschland an (beginnt mit DE).")
                iban = None
    bic_text = _text(raw, "bic").replace(" ", "").upper()
    if not bic_text:
        return iban, _bic_of(iban) if iban else None
    try:
        return iban, str(BIC(bic_text))
    except SchwiftyException:
        _add(
            errors,
            "bic",
            "Die BIC ist ungültig: 8 oder 11 Zeichen, z. B. SOLADEST600. Ohne Angabe wird sie aus der IBAN ermittelt.",
        )
        return iban, None


def _bic_of(iban: IBAN) -> Optional[str]:
    try:
        return str(iban.bic) if iban.bic else None
    except SchwiftyException:
        return None


def validate_application(
    schema: ApplicationSchema,
    settings: Settings,
    rules,
    raw: dict[str, str],
    applicant_id: int,
    find_organisation: Callable[[str], Any],
) -> Validation:
    errors: Errors = {}
    joint, consortium_name, member_ids = _validate_members(schema, raw, errors, applicant_id, find_organisation)
    contact_name = _required_text(raw, errors, "contact_name", "Bitte geben Sie eine Ansprechperson an.")
    contact_phone = _required_text(raw, errors, "contact_phone", "Bitte geben Sie eine Telefonnummer an.", 50)
    contact_email = _required_text(raw, errors, "contact_email", "Bitte geben Sie eine E-Mail-Adresse an.", 254)
    if contact_email:
        try:
            validate_email(contact_email, check_deliverability=False)
        except EmailNotValidError:
            _add(errors, "contact_email", "Bitte geben Sie eine gültige E-Mail-Adresse an.")
    account_holder = _required_text(raw, errors, "account_holder", "Bitte geben Sie den Kontoinhaber an.")
    iban, bic = _validate_bank(raw, errors)
    details = {spec.name: _validate_field(spec, raw, spec.name, settings, errors) for spec in schema.application_fields}
    measures = _validate_measures(schema, settings, rules, raw, errors)
    for name, _ in schema.declarations:
        if _text(raw, name) in ("", "false"):
            _add(errors, name, CONFIRMATION)
    if errors:
        return Validation(None, errors)
    return Validation(
        ApplicationData(
            joint=joint,
            consortium_name=consortium_name,
            member_ids=tuple(member_ids),
            contact_name=contact_name,
            contact_phone=contact_phone,
            contact_email=contact_email,
            account_holder=account_holder,
            iban=iban.compact,
            bic=bic,
            bank_name=iban.bank_name if iban.bank else None,
            measures=tuple(measures),
            details=details,
        )
    )

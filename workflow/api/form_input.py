"""JSON in, web form out: the API validates a step's input with the very form the case page uses.

``flat_input`` turns a JSON object into the field names of a form (``rulings-0-outcome``), so WTForms and
the draft schema check it exactly as they check what a browser sends; ``form_schema`` describes a form's
fields as JSON Schema for the OpenAPI document, read from the form class itself.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    FieldList,
    FileField,
    FormField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

# Checked boxes arrive from a browser as "y"; an unchecked box does not arrive at all.
CHECKED = "y"


def flat_input(value: Any, prefix: str = "") -> MultiDict:
    flat: MultiDict = MultiDict()
    _flatten(value, prefix, flat)
    return flat


def _flatten(value: Any, prefix: str, flat: MultiDict) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}-{key}" if prefix else str(key), flat)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}-{index}", flat)
    elif value is True:
        flat.add(prefix, CHECKED)
    elif value is not None and value is not False:
        flat.add(prefix, str(value))


def unbound_fields(form_class) -> list[tuple[str, UnboundField]]:
    """The fields a form class declares, in declaration order (as WTForms binds them)."""
    found = [(name, getattr(form_class, name)) for name in dir(form_class) if not name.startswith("_")]
    fields = [(name, field) for name, field in found if isinstance(field, UnboundField)]
    return sorted(fields, key=lambda item: item[1].creation_counter)


def takes_files(form_class) -> bool:
    return any(issubclass(field.field_class, FileField) for _, field in unbound_fields(form_class))


def form_schema(form_class, *, with_files: bool) -> dict[str, Any]:
    """JSON Schema of a form's input; file fields only where the body is multipart."""
    properties: dict[str, Any] = {}
    required = []
    for name, field in unbound_fields(form_class):
        if issubclass(field.field_class, FileField) and not with_files:
            continue
        properties[name] = _field_schema(field, with_files)
        if any(isinstance(v, (InputRequired, DataRequired)) for v in field.kwargs.get("validators", ())):
            required.append(name)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _field_schema(field: UnboundField, with_files: bool) -> dict[str, Any]:
    kind = field.field_class
    if issubclass(kind, FieldList):
        schema: dict[str, Any] = {"type": "array", "items": _field_schema(field.args[0], with_files)}
    elif issubclass(kind, FormField):
        schema = form_schema(field.args[0], with_files=with_files)
    elif issubclass(kind, MultipleFileField):
        schema = {"type": "array", "items": {"type": "string", "format": "binary"}}
    elif issubclass(kind, FileField):
        schema = {"type": "string", "format": "binary"}
    elif issubclass(kind, BooleanField):
        schema = {"type": "boolean"}
    elif issubclass(kind, IntegerField):
        schema = {"type": "integer"}
    else:
        schema = {"type": "string"}
    if issubclass(kind, (RadioField, SelectField)) and field.kwargs.get("choices"):
        schema["enum"] = [_choice_value(choice) for choice in field.kwargs["choices"]]
    for validator in field.kwargs.get("validators", ()):
        if isinstance(validator, Length) and validator.max >= 0:
            schema["maxLength"] = validator.max
        if isinstance(validator, NumberRange):
            schema.update(
                {
                    key: bound
                    for key, bound in (("minimum", validator.min), ("maximum", validator.max))
                    if bound is not None
                }
            )
    label = field.args[0] if field.args and isinstance(field.args[0], str) else field.kwargs.get("label")
    text = " – ".join(part for part in (label, field.kwargs.get("description")) if part)
    if text:
        schema["description"] = text
    return schema


def _choice_value(choice) -> str:
    return choice.value if hasattr(choice, "value") else choice[0]

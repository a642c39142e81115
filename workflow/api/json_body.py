"""A JSON body is checked once, before webargs or a view parses it: within bounds, or refused as a German 400.

Python's own parser answers a number of 5,000 digits with ValueError and arrays nested 100,000 deep with
RecursionError – both 500s – and reads 1e400 as infinity. Nothing the API takes is nested deeper than a
few levels or counts beyond a few digits, so the bounds below refuse only what no client sends on purpose.
"""

from __future__ import annotations

import json
from typing import Any

from flask import request

from workflow.api.problems import problem

MAX_DEPTH = 20
MAX_INTEGER_DIGITS = 15


class UnusableJson(ValueError):
    """The body is no JSON the API works with; the message says why, in German."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise UnusableJson(f"Zahlen haben höchstens {MAX_INTEGER_DIGITS} Ziffern.")
    return int(text)


def _finite(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise UnusableJson("Zahlen müssen endlich sein.")
    return number


def _constant(name: str) -> None:
    raise UnusableJson(f"„{name}“ ist in JSON nicht erlaubt.")


def _depth(value: Any) -> int:
    """The nesting depth, counted without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def body_problem(body: bytes) -> str | None:
    """Why ``body`` is refused, in German; None if it is JSON within the bounds."""
    try:
        value = json.loads(body, parse_int=_integer, parse_float=_finite, parse_constant=_constant)
    except UnusableJson as error:
        return str(error)
    except RecursionError:
        return f"Der Inhalt ist zu tief verschachtelt (höchstens {MAX_DEPTH} Ebenen)."
    except ValueError:  # JSONDecodeError and UnicodeDecodeError among them
        return "Der Inhalt ist kein gültiges JSON."
    if _depth(value) > MAX_DEPTH:
        return f"Der Inhalt ist zu tief verschachtelt (höchstens {MAX_DEPTH} Ebenen)."
    return None


def refuse_unusable_json():
    """Before every API request: a JSON body out of bounds is answered here, so nothing after it sees it."""
    if not request.is_json or not request.get_data(cache=True):
        return None
    refusal = body_problem(request.get_data(cache=True))
    return problem(400, f"Der JSON-Inhalt wird nicht verarbeitet: {refusal}") if refusal else None

"""Amounts typed or published the German way, read exactly (one parser for the whole application)."""

from __future__ import annotations

import re
from decimal import Decimal

CENT = Decimal("0.01")
# More than any public budget; below it Decimal's 28 digits hold an amount to the cent.
LARGEST_AMOUNT = Decimal(10) ** 15

# 132.149,00 · 200.000 · 1.234 · 51000 · 61.250,5; and a decimal point with one or
# two places (51000.00), which no German number has: a thousands dot has three digits.
GERMAN_AMOUNT = re.compile(r"(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?")
POINT_AMOUNT = re.compile(r"(?P<int>\d+)\.(?P<frac>\d{1,2})")


def within_cents(number: Decimal) -> bool:
    """Finite and exact to the cent: 0.5, 12.30 and 1E+30 are, 0.125 and NaN are not.

    Read from the digits, never by ``quantize``: beyond Decimal's 28 digits of precision (any number of more
    than 26 integer digits, as a probe types it) ``quantize`` raises InvalidOperation instead of answering.
    """
    if not number.is_finite():
        return False
    _, digits, exponent = number.as_tuple()
    places_beyond_zeros = exponent + len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return places_beyond_zeros >= -2 or not any(digits)


class NotAnAmount(ValueError):
    """The text is no amount in German notation; the message says so in German."""

    def __init__(self, text: str):
        super().__init__(f"„{text}“ ist kein Betrag im deutschen Zahlenformat (z. B. 132.149,00).")
        self.message = str(self)


def parse_euro_text(text: str) -> Decimal:
    """'200.000' → 200000, '61.250,5' → 61250.5, '1.234,56 €' → 1234.56, '-5' → -5.

    Not rounded: the caller decides whether more than two places are an error.
    """
    compact = re.sub(r"\s|€|(?i:eur(o)?)", "", text or "")
    negative = compact[:1] in ("-", "\u2212")
    number = compact[1:] if negative else compact
    match = GERMAN_AMOUNT.fullmatch(number) or POINT_AMOUNT.fullmatch(number)
    if match is None:
        raise NotAnAmount(text)
    amount = Decimal(f"{match['int'].replace('.', '')}.{match['frac'] or '0'}")
    return -amount if negative else amount

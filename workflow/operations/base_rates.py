"""The Basiszinssatz history: the shipped table, each new publication, and the history for the interest table.

A rate, once entered, is never overwritten: interest already demanded was
computed with it. A wrong entry is a matter for the database administrator
and the files it touched, not for a command that silently rewrites history.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from importlib.resources import files
from typing import Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.formatting import date_de, decimal_de
from workflow.money.interest import PublishedRate, next_half_year
from workflow.models import BaseRate, User
from workflow.money import within_cents
from workflow.operations import admin_audit
from workflow.text import parse_german_date

SHIPPED_TABLE = "basiszinssatz.csv"
SHIPPED_BY = "Stammdaten (workflow/reference/basiszinssatz.csv)"
# Since 2002 the rate lay between -0,88 % and 3,62 %; a figure outside this band is a typing error
# (a missing comma, a Verzugszins typed instead of the Basiszinssatz), not a publication.
LOWEST = Decimal("-5.00")
HIGHEST = Decimal("10.00")
_RATE = re.compile(r"[-−]?\d{1,2}([.,]\d{1,2})?")


class RateRefused(Exception):
    """Nothing was entered; ``message`` says why (German), ``field`` what it is about (valid_from, rate, source)."""

    def __init__(self, message: str, field: str = "valid_from"):
        super().__init__(message)
        self.message = message
        self.field = field


def parse_rate(text: str) -> Optional[Decimal]:
    """'1,27', '-0,88', '−0,88' and '3.62' → Decimal in percent; anything else (also '1,275') → None."""
    text = (text or "").strip().replace(" ", "").rstrip("%")
    if not _RATE.fullmatch(text):
        return None
    return Decimal(text.replace("−", "-").replace(",", "."))


def read_valid_from(text: str) -> date:
    """The day a typed rate applies from (TT.MM.JJJJ), or RateRefused saying how to write it."""
    day = parse_german_date(text)
    if day is None:
        raise RateRefused(f"„{text}“ ist kein Datum; bitte als TT.MM.JJJJ angeben, z. B. 01.01.2027.")
    return day


def read_rate(text: str) -> Decimal:
    """A typed rate in percent, or RateRefused saying how to write it."""
    rate = parse_rate(text)
    if rate is None:
        raise RateRefused(
            f"„{text}“ ist kein Zinssatz; bitte in Prozent mit Komma angeben, z. B. 1,27 oder -0,88.", "rate"
        )
    return rate


def basis_points(rate: Decimal) -> int:
    return int(rate.scaleb(2))


def percent(rate: Decimal) -> str:
    """-0.88 → '-0,88 %' (two places always, as the Bundesbank writes it)."""
    return f"{decimal_de(rate, 2)}\u00a0%"


def entered_rates(session: Session) -> list[BaseRate]:
    return list(session.scalars(select(BaseRate).order_by(BaseRate.valid_from)))


def check_rate(session: Session, valid_from: date, rate: Decimal, source: str) -> None:
    """Raise RateRefused unless ``rate`` from ``valid_from`` may be entered next."""
    if (valid_from.month, valid_from.day) not in ((1, 1), (7, 1)):
        raise RateRefused(
            f"Der Basiszinssatz ändert sich nur zum 1. Januar und zum 1. Juli (§ 247 Abs. 1 BGB); "
            f"der {date_de(valid_from)} ist keiner dieser Tage."
        )
    if not within_cents(rate):
        raise RateRefused(f"Der Basiszinssatz hat höchstens zwei Nachkommastellen; „{rate}“ hat mehr.", "rate")
    if not LOWEST <= rate <= HIGHEST:
        raise RateRefused(
            f"{percent(rate)} ist als Basiszinssatz nicht plausibel (erwartet zwischen {percent(LOWEST)} "
            f"und {percent(HIGHEST)}). Bitte den Wert aus der Bekanntgabe der Deutschen Bundesbank prüfen.",
            "rate",
        )
    if not source.strip():
        raise RateRefused(
            "Bitte die Quelle angeben, z. B. „Deutsche Bundesbank, Pressenotiz vom 24.06.2026“.", "source"
        )
    entered = entered_rates(session)
    for row in entered:
        if row.valid_from == valid_from:
            raise RateRefused(
                f"Für den {date_de(valid_from)} ist bereits ein Basiszinssatz eingetragen: {percent(row.rate)} "
                f"(Quelle: {row.source}). Ein eingetragener Satz wird nicht überschrieben."
            )
    # Only the next half-year after the newest rate: a gap would leave days without a rate.
    if entered and valid_from > entered[-1].valid_from and valid_from != next_half_year(entered[-1].valid_from):
        missing = next_half_year(entered[-1].valid_from)
        raise RateRefused(
            f"Zuerst den Basiszinssatz ab {date_de(missing)} eintragen; der neueste eingetragene gilt "
            f"ab {date_de(entered[-1].valid_from)}, und es darf keine Lücke entstehen."
        )
    if entered and valid_from < entered[0].valid_from:
        raise RateRefused(
            f"Die Sätze ab {date_de(entered[0].valid_from)} sind eingetragen; ältere Sätze werden nicht "
            f"nachgetragen (Zinsen werden erst ab dem ersten eingetragenen Satz berechnet)."
        )


def add_rate(
    session: Session, valid_from: date, rate: Decimal, source: str, by: str, actor: Optional[User] = None
) -> BaseRate:
    """Enter one published rate after check_rate, with its entry in the administration's log (``actor``: the
    signed-in administrator; None on the command line); commits."""
    check_rate(session, valid_from, rate, source)
    row = BaseRate(valid_from=valid_from, basis_points=basis_points(rate), source=source.strip(), imported_by=by)
    session.add(row)
    admin_audit.record(
        session,
        actor,
        "base_rate_added",
        f"Basiszinssatz ab {date_de(valid_from)}: {percent(rate)} (Quelle: {source.strip()}; {by})",
    )
    try:
        session.commit()
    except IntegrityError:
        # Someone entered the same date between the check and the commit.
        session.rollback()
        raise RateRefused(
            f"Für den {date_de(valid_from)} wurde soeben ein Basiszinssatz eingetragen; bitte prüfen."
        ) from None
    return row


def shipped_rates() -> list[tuple[date, Decimal, str]]:
    """The rows of the shipped table: (valid from, rate in percent, source)."""
    text = files("workflow.reference").joinpath(SHIPPED_TABLE).read_text(encoding="utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        rate = parse_rate(row["basiszinssatz_prozent"])
        if rate is None:
            raise ValueError(f"{SHIPPED_TABLE}: „{row['basiszinssatz_prozent']}“ ist kein Zinssatz")
        rows.append((datetime.strptime(row["gueltig_ab"], "%d.%m.%Y").date(), rate, row["quelle"]))
    return rows


def load_shipped_rates(session: Session) -> list[str]:
    """Enter the shipped rates that are missing (idempotent); report differences, never overwrite them."""
    entered = {row.valid_from: row for row in entered_rates(session)}
    added, messages = 0, []
    for valid_from, rate, source in shipped_rates():
        row = entered.get(valid_from)
        if row is None:
            session.add(
                BaseRate(valid_from=valid_from, basis_points=basis_points(rate), source=source, imported_by=SHIPPED_BY)
            )
            added += 1
        elif row.basis_points != basis_points(rate):
            messages.append(
                f"Hinweis: Basiszinssatz ab {date_de(valid_from)} ist mit {percent(row.rate)} eingetragen, "
                f"die mitgelieferte Tabelle nennt {percent(rate)}; der eingetragene Satz bleibt."
            )
    session.flush()
    if added:
        messages.insert(
            0, f"Basiszinssatz: {added} {'Satz' if added == 1 else 'Sätze'} aus der mitgelieferten Tabelle eingetragen."
        )
    return messages


def rate_history(session: Session) -> list[PublishedRate]:
    """Every entered rate, oldest first, in the form interest.interest_table takes."""
    return [PublishedRate(row.valid_from, row.rate) for row in entered_rates(session)]

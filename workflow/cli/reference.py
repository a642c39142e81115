"""``foerderweg basiszinssatz …``: the Basiszinssatz of § 247 BGB, shown and extended by an administrator."""

from __future__ import annotations

import getpass

import click
from flask.cli import with_appcontext

from workflow.db import db
from workflow.formatting import date_de
from workflow.money.interest import next_half_year
from workflow.operations import base_rates, conditions
from workflow.reference.conditions import CODES, TextRefused
from workflow.text import parse_german_date


def _operator() -> str:
    """Who typed the command: the operating-system account (the command line has no login)."""
    try:
        return f"Kommandozeile ({getpass.getuser()})"
    except (KeyError, OSError):
        return "Kommandozeile"


def _refuse(message: str) -> None:
    click.echo(f"{message} Es wurde nichts eingetragen.", err=True)
    raise click.exceptions.Exit(1)


@click.group("basiszinssatz")
def base_rate_group() -> None:
    """Basiszinssatz nach § 247 BGB (für Erstattungszinsen nach § 49a Abs. 3 LVwVfG)."""


@base_rate_group.command("list")
@with_appcontext
def list_command() -> None:
    """Alle eingetragenen Basiszinssätze mit Quelle."""
    rows = base_rates.entered_rates(db.session)
    for row in rows:
        click.echo(f"ab {date_de(row.valid_from)}  {base_rates.percent(row.rate):>9}  {row.source}")
    if rows:
        click.echo(f"Der nächste Satz (ab {date_de(next_half_year(rows[-1].valid_from))}) ist noch nicht eingetragen.")
    else:
        click.echo("Es ist kein Basiszinssatz eingetragen (foerderweg init lädt die mitgelieferte Tabelle).")


# ignore_unknown_options: "-0,88" is a rate, not an unknown option "-0".
@base_rate_group.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("valid_from", metavar="TT.MM.JJJJ")
@click.argument("rate", metavar="SATZ")
@click.option(
    "--quelle",
    "source",
    required=True,
    help='Bekanntgabe der Deutschen Bundesbank, z. B. "Deutsche Bundesbank, Pressenotiz vom 24.06.2026".',
)
@with_appcontext
def add_command(valid_from: str, rate: str, source: str) -> None:
    """Einen neuen Basiszinssatz eintragen, z. B.: basiszinssatz add 01.01.2027 1,52 --quelle "…"."""
    try:
        day, value = base_rates.read_valid_from(valid_from), base_rates.read_rate(rate)
        row = base_rates.add_rate(db.session, day, value, source, _operator())
    except base_rates.RateRefused as refusal:
        _refuse(refusal.message)
    click.echo(
        f"Basiszinssatz ab {date_de(row.valid_from)}: {base_rates.percent(row.rate)} eingetragen "
        f"(Quelle: {row.source}). Erstattungszinsen ab diesem Tag: {base_rates.percent(row.rate + 5)}."
    )


@click.group("nebenbestimmungen")
def conditions_group() -> None:
    """Allgemeine Nebenbestimmungen (ANBest-K, ANBest-P), die jeder Bescheid im Wortlaut beifügt."""


@conditions_group.command("list")
@with_appcontext
def conditions_list_command() -> None:
    """Alle geladenen Fassungen; welche Nummern noch ohne Wortlaut sind."""
    for row in conditions.loaded_versions(db.session):
        version = conditions.as_version(row)
        state = "vollständig" if version.complete else f"Wortlaut fehlt zu Nr. {', '.join(version.missing)}"
        click.echo(f"{row.code}  ab {date_de(row.valid_from)}  {row.stand}  ({state}; Quelle: {row.source})")


@conditions_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--art", "code", required=True, type=click.Choice(sorted(CODES)), help="ANBest-K oder ANBest-P")
@click.option("--stand", required=True, help='Stand, wie ihn die amtliche Fassung nennt, z. B. "Stand: 01.01.2025".')
@click.option(
    "--gilt-ab", "valid_from", required=True, metavar="TT.MM.JJJJ", help="Anzuwenden auf Bescheide ab diesem Tag."
)
@click.option("--quelle", "source", required=True, help='Fundstelle, z. B. "GABl. 2025 S. 12".')
@with_appcontext
def conditions_import_command(path: str, code: str, stand: str, valid_from: str, source: str) -> None:
    """Den amtlichen Wortlaut als Text laden (eine Nummer je Zeilenanfang: „1. …“, „1.1 …“)."""
    with open(path, "rb") as file:
        raw = file.read()
    try:
        row = conditions.import_text(db.session, code, raw, stand, parse_german_date(valid_from), source, _operator())
    except TextRefused as refusal:
        _refuse(refusal.message)
    version = conditions.as_version(row)
    click.echo(
        f"{code} ({row.stand}) ab {date_de(row.valid_from)} geladen: {len(version.entries)} Nummern."
        + ("" if version.complete else f" Ohne Wortlaut: Nr. {', '.join(version.missing)}.")
    )

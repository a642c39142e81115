"""``foerderweg import-addresses``: postal addresses and heads of Gemeinden and Kreise from a table."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from workflow.cli.common import echo_findings, read_file
from workflow.db import db
from workflow.formatting import decimal_de
from workflow.operations import address_import


def import_addresses_from_file(path: str) -> bool:
    """Import the table at ``path`` and print the report; True if it was imported."""
    content = read_file(path)
    if content is None:
        return False
    session = db.session
    checked = address_import.check_table(session, content)
    click.echo(f"Gelesen als {checked.description}.")
    if checked.rows:
        click.echo(f"{decimal_de(len(checked.rows), 0)} Zeilen ohne Fehler.")
    echo_findings(checked)
    try:
        record = address_import.import_addresses(session, None, Path(path).name, content)
    except address_import.ImportRefused as refusal:
        click.echo(refusal.message, err=True)
        click.echo("Es wurde nichts importiert; die Datenbank ist unverändert.", err=True)
        return False
    click.echo(f"Anschriften übernommen: {decimal_de(record.rows, 0)} Körperschaften.")
    return True


@click.command("import-addresses")
@click.argument("path", metavar="DATEI", type=click.Path(dir_okay=False))
@with_appcontext
def import_addresses_command(path: str) -> None:
    """Anschriften und Leitungen (AGS, Straße, PLZ, Ort, Funktion, Name der Leitung) aus CSV oder .xlsx übernehmen."""
    if not import_addresses_from_file(path):
        raise click.exceptions.Exit(1)

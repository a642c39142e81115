"""``foerderweg import-gemeinden``: the official Gemeindeverzeichnis, shown first, imported once confirmed."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from workflow.cli.common import echo_findings, read_file
from workflow.db import db
from workflow.formatting import decimal_de
from workflow.operations import gemeinde_import

# Longer lists are summarised: the operator confirms the counts, the file holds the rest.
SHOWN = 20


def _preview(checked) -> None:
    click.echo(f"Gelesen als {checked.description}.")
    click.echo(f"Unverändert: {decimal_de(checked.unchanged, 0)} Gemeinden.")
    for title, lines in (
        (
            f"Neu anzulegen: {decimal_de(len(checked.new), 0)} Gemeinden",
            [f"Zeile {row.line}: {row.ags} {row.name}" for row in checked.new],
        ),
        (
            f"Umzubenennen: {decimal_de(len(checked.renamed), 0)} Gemeinden",
            [f"Zeile {row.line}: {row.ags} „{old}“ → „{row.name}“" for row, old in checked.renamed],
        ),
    ):
        click.echo(title + ("." if not lines else ":"))
        for line in lines[:SHOWN]:
            click.echo(f"  {line}")
        if len(lines) > SHOWN:
            click.echo(f"  … und {decimal_de(len(lines) - SHOWN, 0)} weitere")
    echo_findings(checked)


@click.command("import-gemeinden")
@click.argument("path", metavar="DATEI", type=click.Path(dir_okay=False))
@click.option("--ja", "yes", is_flag=True, help="Ohne Rückfrage übernehmen (für Skripte).")
@with_appcontext
def import_gemeinden_command(path: str, yes: bool) -> None:
    """Gemeindeverzeichnis (GV100AD des Statistischen Bundesamts, oder CSV/.xlsx mit AGS und Name) einspielen:
    fehlende Gemeinden anlegen, geänderte Namen übernehmen; zuerst wird gezeigt, was sich ändert."""
    content = read_file(path)
    if content is None:
        raise click.exceptions.Exit(1)
    checked = gemeinde_import.check_table(db.session, content)
    _preview(checked)
    if not checked.ok:
        click.echo("Es wurde nichts übernommen; die Datenbank ist unverändert.", err=True)
        raise click.exceptions.Exit(1)
    if not checked.changes:
        click.echo("Nichts zu ändern.")
        return
    if not yes and not click.confirm("Diese Änderungen übernehmen?", default=False):
        click.echo("Abgebrochen; die Datenbank ist unverändert.")
        raise click.exceptions.Exit(1)
    try:
        done = gemeinde_import.import_gemeinden(db.session, None, Path(path).name, content)
    except gemeinde_import.ImportRefused as refused:
        echo_findings(refused.checked)
        click.echo("Es wurde nichts übernommen; die Datenbank ist unverändert.", err=True)
        raise click.exceptions.Exit(1) from None
    click.echo(
        f"Übernommen: {decimal_de(len(done.new), 0)} Gemeinden angelegt, {decimal_de(len(done.renamed), 0)} umbenannt."
    )

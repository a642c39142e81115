"""What the commands share: reading a file the operator named, printing a table check's findings."""

from __future__ import annotations

import click


def read_file(path: str):
    """The bytes of ``path``, or None after saying in German why not."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        click.echo(f"Die Datei „{path}“ gibt es nicht.", err=True)
    except OSError:
        click.echo(f"Die Datei „{path}“ kann nicht gelesen werden (Verzeichnis oder keine Leseberechtigung).", err=True)
    return None


def echo_findings(checked) -> None:
    """The notes and the problems (with their lines) of any reference table check."""
    for note in checked.notes:
        click.echo(f"Hinweis: {note}")
    if checked.problems:
        click.echo(f"Fehler ({len(checked.problems)}):", err=True)
        for problem in checked.problems:
            click.echo(f"  {problem}", err=True)

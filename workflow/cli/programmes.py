"""``foerderweg programme …``: the installed programme packages, checked before they run."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click
from flask.cli import with_appcontext

from workflow.programmes.check import check_programme
from workflow.engine.programmes import all_definitions, definition_for


def check_messages(code: str, replacements: dict[str, Path]) -> list[str]:
    """The problems of programme ``code``, with some templates replaced by files (document kind → path)."""
    definition = definition_for(code)
    templates = {
        kind: (filename, definition.templates.read(kind))
        for kind, filename in definition.templates.files.items()
        if definition.templates.exists(kind)
    }
    for kind, path in replacements.items():
        if kind not in definition.templates.files:
            known = ", ".join(sorted(definition.templates.files))
            return [f"Die Dokumentart „{kind}“ hat dieses Programm nicht. Vorhanden: {known}."]
        templates[kind] = (path.name, path.read_bytes())
    return [str(problem) for problem in check_programme(definition, None, templates)]


def _replacements(values: tuple[str, ...]) -> dict[str, Path]:
    replacements = {}
    for value in values:
        kind, separator, path = value.partition("=")
        if not separator or not Path(path).is_file():
            raise click.BadParameter(
                f"„{value}“: erwartet DOKUMENTART=DATEI mit einer vorhandenen Datei.", param_hint="--vorlage"
            )
        replacements[kind] = Path(path)
    return replacements


@click.group("programme")
def programme_group() -> None:
    """Förderprogramme: installierte Pakete anzeigen und prüfen."""


@programme_group.command("list")
def list_command() -> None:
    """Die installierten Programmpakete."""
    for definition in all_definitions():
        click.echo(f"{definition.code:<28} {definition.name}")


@programme_group.command("check")
@click.argument("code")
@click.option(
    "--vorlage",
    "templates",
    multiple=True,
    metavar="DOKUMENTART=DATEI",
    help="Eine Vorlage durch eine Datei ersetzen und mitprüfen, z. B. grant_notice=bescheid.docx.",
)
@with_appcontext
def check_command(code: str, templates: tuple[str, ...]) -> None:
    """Ablauf, Einstellungen, Beispielantrag, jede Vorlage und das Zustandsdiagramm eines Programms prüfen."""
    try:
        problems = check_messages(code, _replacements(templates))
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    if problems:
        click.echo(f"Programm {code}: {len(problems)} Fehler – so kann es nicht freigegeben werden.", err=True)
        for problem in problems:
            click.echo(f"- {problem}", err=True)
        raise SystemExit(1)
    definition = definition_for(code)
    fingerprint = hashlib.sha256(
        b"".join(definition.templates.read(kind) for kind in sorted(definition.templates.files))
    )
    click.echo(
        f"Programm {code} ({definition.name}): geprüft, keine Fehler. "
        f"{len(definition.templates.files)} Vorlagen (Prüfsumme {fingerprint.hexdigest()[:12]})."
    )

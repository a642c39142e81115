"""The ``foerderweg`` command: Flask's run/routes/shell plus Förderweg's own commands."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from werkzeug.serving import run_simple

from workflow.demo.demo_cases import load_demo_cases
from workflow.exports import backup
from workflow.security import chain_anchors, integrity
from workflow.money import ledger
from workflow import mail, schema, seed
from workflow.search import search_indexes
from workflow.security.auth import hash_password
from workflow.db import db
from workflow.letters.dossier_check import verify_dossier
from workflow.letters.dossier_seal import trust_of
from workflow.text import parse_german_date
from workflow.formatting import date_de, datetime_de, decimal_de, euro
from workflow.engine.programmes import definition_for
from workflow.models import Programme
from workflow.models.user import ROLE_LABELS
from workflow.operations import allocation_import, population_import
from workflow.operations.digests import send_digests
from workflow.operations.sweep import run_sweep
from workflow.scheduler import make_scheduler
from workflow.cli.accounts import invite_admin_command
from workflow.cli.addresses import import_addresses_command
from workflow.cli.common import echo_findings, read_file
from workflow.cli.gemeinden import import_gemeinden_command
from workflow.cli.programmes import programme_group
from workflow.counselling.rotation import rotate_key_command
from workflow.cli.reference import base_rate_group, conditions_group


def initialise() -> None:
    """Create or upgrade the schema and the reference data (idempotent)."""
    schema.upgrade(db.engine)
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            if not search_indexes.create_trigram_indexes(connection):
                click.echo(
                    "Hinweis: Die Erweiterung pg_trgm fehlt und darf nicht angelegt werden; die Suche in den "
                    "Listen durchsucht daher alle Zeilen. Abhilfe: als Datenbank-Administrator "
                    "„CREATE EXTENSION pg_trgm;“ ausführen, dann „foerderweg init“ erneut."
                )
    for message in seed.initialise_reference_data(db.session):
        click.echo(message)


def load_demo_data() -> bool:
    """The demo data and, on first load, the decided demo case."""
    loaded = seed.load_demo(db.session, hash_password(seed.DEMO_PASSWORD))
    if loaded:
        for line in load_demo_cases(db.session):
            click.echo(line)
    return loaded


def print_demo_logins() -> None:
    click.echo("\nDemo-Zugänge (Passwort jeweils „%s“):" % seed.DEMO_PASSWORD)
    for login in seed.demo_logins():
        roles = " und ".join(ROLE_LABELS[role] for role in login.roles)
        names = [definition_for(code).name for code in login.programme_codes]
        limited = f" – nur {', '.join(names)}" if names else ""
        click.echo(f"  {login.username:<24} {roles:<44} {login.full_name}{limited}")


def configure_demo(app, host: str, port: int) -> None:
    """Plain http on the loopback interface; mails go to ``instance/outbox`` as files, unless configured otherwise.

    The printed demo logins work with their password alone (no second factor required); anyone may still enrol.
    The programmes' example payer account may be used, so that the demo writes SEPA files and Rückforderungsbescheide.
    """
    app.config["SESSION_COOKIE_SECURE"] = False
    app.config["SECOND_FACTOR_ROLES"] = ()
    app.config["ALLOW_EXAMPLE_PAYER_ACCOUNT"] = True
    app.config["BASE_URL"] = f"http://{host}:{port}"
    app.config["MAIL_OUTBOX_DIR"] = app.config["MAIL_OUTBOX_DIR"] or os.path.join(app.instance_path, "outbox")


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Schema anlegen oder aktualisieren (Alembic) und Stammdaten laden."""
    initialise()
    click.echo(f"Datenbank ist auf Stand {schema.current_revision(db.engine)}.")


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Nur Daten laden, keinen Server starten.")
@with_appcontext
def demo_command(host: str, port: int, no_serve: bool) -> None:
    """Initialisieren, Demodaten laden, Zugänge anzeigen und die Anwendung starten."""
    initialise()
    click.echo("Demodaten geladen." if load_demo_data() else "Demodaten waren bereits vorhanden.")
    print_demo_logins()
    if no_serve:
        return
    app = current_app._get_current_object()
    configure_demo(app, host, port)
    scheduler = make_scheduler(app, BackgroundScheduler)
    scheduler.start()
    click.echo(
        "\nFristenlauf, E-Mail-Versand, Hintergrundaufträge und PDF-Kopien laufen im Hintergrund; "
        f"E-Mails landen in {app.config['MAIL_OUTBOX_DIR']}."
    )
    click.echo(f"Förderweg läuft auf http://{host}:{port}/ (Beenden mit Strg+C)")
    try:
        # Flask's app.run() refuses to run inside its own CLI; serve with werkzeug directly.
        run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)
    finally:
        scheduler.shutdown(wait=False)


@click.command("sweep")
@with_appcontext
def sweep_command() -> None:
    """Fristen einmal prüfen: Erinnerungen, Fristabläufe, Bestandskraft (für cron)."""
    click.echo(run_sweep(db.session).summary())


@click.command("send-mail")
@with_appcontext
def send_mail_command() -> None:
    """Fällige E-Mails der Warteschlange einmal versenden (für cron)."""
    click.echo(mail.deliver_queued_mail(db.session).summary())


@click.command("send-digests")
@with_appcontext
def send_digests_command() -> None:
    """Die tägliche Zusammenfassung der Benachrichtigungen vormerken, sobald ihre Stunde da ist (für cron)."""
    click.echo(send_digests(db.session).summary())


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Fristenlauf und E-Mail-Versand als eigenen Prozess dauerhaft ausführen."""
    app = current_app._get_current_object()
    app.logger.setLevel(logging.INFO)  # each run that did something says so
    scheduler = make_scheduler(app, BlockingScheduler)
    click.echo(
        f"Zeitplaner gestartet: Fristenlauf alle {app.config['SWEEP_INTERVAL_MINUTES']} Minuten, "
        f"E-Mail-Versand alle {app.config['MAIL_INTERVAL_SECONDS']} Sekunden (Beenden mit Strg+C)."
    )
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("Zeitplaner beendet.")


def import_allocations_from_file(path: str, programme_code: str, confirm_total: bool) -> bool:
    """Import a Planungsrahmen table from ``path`` and print the report; True if it was imported."""
    session = db.session
    programme = session.scalars(select(Programme).where(Programme.code == programme_code)).first()
    if programme is None:
        codes = ", ".join(session.scalars(select(Programme.code).order_by(Programme.code)))
        click.echo(f"Das Förderprogramm „{programme_code}“ gibt es nicht. Vorhanden: {codes or 'keines'}.", err=True)
        return False
    content = read_file(path)
    if content is None:
        return False
    _echo_report(allocation_import.check_table(session, content), programme)
    try:
        version = allocation_import.import_allocations(
            session, programme.id, None, Path(path).name, content, confirm_total
        )
    except allocation_import.ImportRefused as refusal:
        click.echo(refusal.message, err=True)
        click.echo("Es wurde nichts importiert; die Datenbank ist unverändert.", err=True)
        return False
    rows = ledger.row_counts(session, [version.id])[version.id]
    click.echo(
        f"Planungsrahmen importiert: Fassung {version.number} mit {decimal_de(rows, 0)} Zeilen, "
        f"Summe {euro(version.total)}. Sie ist jetzt die gültige Fassung für {programme.name}."
    )
    return True


def _echo_report(checked, programme) -> None:
    click.echo(f"Gelesen als {checked.description}.")
    if checked.rows:
        click.echo(
            f"{decimal_de(len(checked.rows), 0)} Zeilen ohne Fehler, Summe {euro(checked.total)} "
            f"(Programmbudget {euro(programme.budget)})."
        )
    if checked.new_rows:
        click.echo(f"Neu anzulegende Gemeinden ({decimal_de(len(checked.new_rows), 0)}):")
        for row in checked.new_rows:
            click.echo(f"  Zeile {row.line}: {row.ags} {row.name}")
    echo_findings(checked)


@click.command("import-allocations")
@click.argument("path", metavar="DATEI", type=click.Path(dir_okay=False))
@click.option(
    "--programme", "programme_code", required=True, help="Kennung des Förderprogramms, z. B. integrationsmanagement."
)
@click.option("--confirm-total", is_flag=True, help="Eine Summe abweichend vom Programmbudget bestätigen.")
@with_appcontext
def import_allocations_command(path: str, programme_code: str, confirm_total: bool) -> None:
    """Planungsrahmen aus einer CSV- oder Excel-Datei (.xlsx) einspielen (neue Fassung)."""
    if not import_allocations_from_file(path, programme_code, confirm_total):
        raise click.exceptions.Exit(1)


def _gemeinden(count: int) -> str:
    return f"{decimal_de(count, 0)} {'Gemeinde' if count == 1 else 'Gemeinden'}"


def import_population_from_file(path: str, stichtag: str) -> bool:
    """Import a table of Einwohnerzahlen from ``path`` and print the report; True if it was imported."""
    session = db.session
    reference_date = parse_german_date(stichtag)
    if reference_date is None:
        click.echo(
            f"„{stichtag}“ ist kein Datum; bitte den Stichtag als TT.MM.JJJJ angeben, z. B. 31.12.2024.", err=True
        )
        return False
    content = read_file(path)
    if content is None:
        return False
    checked = population_import.check_table(session, content)
    click.echo(f"Gelesen als {checked.description}.")
    if checked.rows:
        click.echo(
            f"{_gemeinden(len(checked.rows))} ohne Fehler, zusammen "
            f"{decimal_de(checked.total, 0)} Einwohner (Stichtag {date_de(reference_date)})."
        )
    echo_findings(checked)
    try:
        version = population_import.import_population(session, None, Path(path).name, content, reference_date)
    except population_import.ImportRefused as refusal:
        click.echo(refusal.message, err=True)
        click.echo("Es wurde nichts importiert; die Datenbank ist unverändert.", err=True)
        return False
    click.echo(
        f"Einwohnerzahlen importiert: Fassung {version.number} mit {_gemeinden(len(checked.rows))}, "
        f"Stichtag {date_de(version.reference_date)}. Sie ist jetzt die gültige Fassung."
    )
    return True


@click.command("import-population")
@click.argument("path", metavar="DATEI", type=click.Path(dir_okay=False))
@click.option("--stichtag", required=True, help="Stichtag der Einwohnerzahlen, z. B. 31.12.2024.")
@with_appcontext
def import_population_command(path: str, stichtag: str) -> None:
    """Einwohnerzahlen der Gemeinden aus einer CSV- oder Excel-Datei (.xlsx) einspielen (neue Fassung)."""
    if not import_population_from_file(path, stichtag):
        raise click.exceptions.Exit(1)


@click.command("verify")
@click.option(
    "--dossier",
    "dossier_path",
    type=click.Path(dir_okay=False, exists=True),
    help="Statt der Datenbank eine heruntergeladene Prüfakte (ZIP) prüfen, ohne Verbindung zum Server.",
)
@click.option(
    "--anker",
    "anchors_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Zusätzlich gegen die Anker einer Sicherung prüfen (DATEI.anker.json neben der Sicherung).",
)
@with_appcontext
def verify_command(dossier_path: str | None, anchors_path: Path | None) -> None:
    """Dokumente und Anlagen gegen ihre SHA-256 und die Verlaufsketten aller Anträge gegen ihre Anker prüfen."""
    if dossier_path:
        _verify_dossier(dossier_path)
        return
    report = integrity.verify(db.session, chain_anchors.read_manifest(anchors_path) if anchors_path else None)
    click.echo(
        f"Geprüft: {report.documents} Dokumente, {report.attachments} Anlagen, {report.entries} Verlaufseinträge."
    )
    for problem in report.problems:
        click.echo(f"FEHLER: {problem}", err=True)
    if not report.intact:
        raise SystemExit(1)
    click.echo("Alles unverändert.")


def _verify_dossier(path: str) -> None:
    check = verify_dossier(path, trust_of(current_app))
    for problem in check.problems:
        click.echo(f"FEHLER: {problem}", err=True)
    if check.problems:
        raise SystemExit(1)
    stamped = f", Zeitstempel vom {datetime_de(check.stamped_at)}" if check.stamped_at else ""
    click.echo(
        "Prüfakte unverändert: von der Behörde signiert" + stamped + "; alle Dateien passen zu ihren SHA-256, "
        "die Verlaufskette ist geschlossen und endet an ihrem Anker."
    )


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Die ganze Datenbank in eine Datei sichern (im laufenden Betrieb möglich)."""
    try:
        backup.backup(db.engine, target)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    anchored = chain_anchors.write_manifest(db.session, chain_anchors.manifest_path(target))
    click.echo(
        f"Gesichert nach {target} ({target.stat().st_size:,} Bytes); die Anker der {anchored} Verlaufsketten "
        f"stehen in {chain_anchors.manifest_path(target)} (für „foerderweg verify --anker“).".replace(",", ".")
    )


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ohne Rückfrage überschreiben.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Die Datenbank aus einer Sicherung wiederherstellen (Webprozesse und Scheduler vorher anhalten)."""
    if not yes:
        click.confirm("Alle Daten der Datenbank werden durch die Sicherung ersetzt. Fortfahren?", abort=True)
    try:
        backup.restore(db.engine, source)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    report = integrity.verify(db.session)
    click.echo(f"Wiederhergestellt aus {source}; {report.documents} Dokumente, {report.entries} Verlaufseinträge.")
    if not report.intact:
        raise click.ClickException(
            "Die wiederhergestellten Daten sind nicht unverändert: foerderweg verify zeigt die Stellen."
        )


@click.command("make-migration")
@click.argument("message")
@with_appcontext
def make_migration_command(message: str) -> None:
    """Neue Alembic-Migration aus den Modellen erzeugen (für Entwickler)."""
    schema.make_revision(db.engine, message)


COMMANDS = (
    init_command,
    demo_command,
    import_allocations_command,
    import_population_command,
    sweep_command,
    send_mail_command,
    send_digests_command,
    scheduler_command,
    verify_command,
    backup_command,
    restore_command,
    make_migration_command,
)


def init_app(app) -> None:
    for command in (
        *COMMANDS,
        import_addresses_command,
        import_gemeinden_command,
        invite_admin_command,
        programme_group,
        base_rate_group,
        conditions_group,
        rotate_key_command,
    ):
        app.cli.add_command(command)

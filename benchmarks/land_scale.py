"""Förderweg at the scale of the Land (and ten times beyond): the figures of the performance issue, printed.

    python benchmarks/land_scale.py [--scale 1] [--sample 12] [--runs 30]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/perf_bench python benchmarks/land_scale.py

Nothing is asserted; the figures depend on the machine and its load (both are printed). Without
DATABASE_URL the script works on a fresh SQLite file in a temporary directory (removed at the end unless
``--keep``); with it, on that database, which must be empty or hold nothing you want to keep (``--reset``
drops its public schema first).

The data, at ``--scale 1``: the 1,101 Gemeinden of the Planungsrahmen table (imported as the
ministry would), 5,000 cases spread over every state, ~92,000 audit entries (20 per submitted case),
~37,000 documents, ~110,000 notifications and the deadlines the states imply.

Why bulk inserts: creating 5,000 cases through ``perform_transition`` renders and stores every letter and
would take an hour on a small machine; what the lists, the sweep and the export read is the rows, not the
way they came. So the mass is written with Core ``insert`` in batches (audit entries with a valid hash
chain per case, documents with a small stand-in content instead of a real 40 KB letter, no positions and
no participations for the bulk cases). A sample of cases goes the real way (``--sample``) through every
step of the grant path; those steps are the transition figures, measured on the loaded database.
After the bulk import the planner statistics are refreshed (``ANALYZE``; on PostgreSQL ``VACUUM ANALYZE``),
as an operator would.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import create_engine, func, insert, make_url, or_, select, text, update
from sqlalchemy.orm import joinedload

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "tests"))
sys.path.insert(0, str(PROJECT / "benchmarks"))
sys.path.insert(0, str(PROJECT))

import letters  # noqa: E402  (benchmarks/letters.py)
from signing_rounds import bescheid_round, payment_round  # noqa: E402  (benchmarks/signing_rounds.py)
from factories import GRANT_ALL, _may_apply, draft, fresh_applicant, revision, rulings, user  # noqa: E402
from workflow import clock, create_app, schema, seed  # noqa: E402
from workflow.letters import documents  # noqa: E402
from workflow.exports import export  # noqa: E402
from workflow.security import chain_anchors  # noqa: E402
from workflow.security.auth import hash_password  # noqa: E402
from workflow.db import db  # noqa: E402
from workflow.engine.programmes import definition_for  # noqa: E402
from workflow.engine.transitions import perform_transition  # noqa: E402
from workflow.models import (  # noqa: E402
    Application,
    ChainAnchor,
    AuditEntry,
    Deadline,
    Document,
    Notification,
    Organisation,
    OrganisationKind,
    Programme,
    ProgrammeVersion,
    Proposal,
    User,
)
from workflow.operations.allocation_import import import_allocations  # noqa: E402
from workflow.operations.sweep import due_actions  # noqa: E402

DEFAULT_TABLE = PROJECT / "tests" / "data" / "planungsrahmen_im_2018_beispiel.csv"
IM = "integrationsmanagement"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1/perf_bench"
CASES, AUDIT, DOCUMENTS, NOTIFICATIONS = 5_000, 100_000, 44_000, 120_000  # at scale 1
BATCH = 5_000
GENESIS = "0" * 64
STAND_IN = b"PK\x03\x04 stand-in for a rendered letter " * 16  # ~600 bytes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def logged_in(app, username: str):
    client = app.test_client()
    page = client.get("/anmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/anmelden", data={"username": username, "password": seed.DEMO_PASSWORD, "csrf_token": token})
    return client


# --- data -------------------------------------------------------------------------------------------------


def bulk_cases(scale: int, reserved: set[int]) -> dict[str, int]:
    """Cases over every state with their audit entries, documents, notifications and deadlines (Core inserts).

    Amounts are small (1,000 €) so that the bulk cases leave budget and allocations to the real sample; the
    Gemeinden ``reserved`` for the sample get no bulk case.
    """
    session = db.session
    programme = session.scalars(select(Programme).where(Programme.code == IM)).one()
    version = session.scalars(
        select(ProgrammeVersion).where(ProgrammeVersion.programme_id == programme.id, ProgrammeVersion.is_active)
    ).one()
    states = [state.name for state in definition_for(IM).workflow.states]
    gemeinden = [
        organisation_id
        for organisation_id in session.scalars(
            select(Organisation.id).where(Organisation.kind == OrganisationKind.GEMEINDE).order_by(Organisation.ags)
        )
        if organisation_id not in reserved
    ]
    clerk, reviewer, approver, ministry = (
        user(name).id for name in ("kommune.tettnang", "pruefung.sued", "zeichnung", "ministerium")
    )
    tettnang = user("kommune.tettnang").organisation_id
    now = clock.now().astimezone(timezone.utc).replace(microsecond=0)
    today = clock.today()
    cases = CASES * scale
    per_case_audit, per_case_documents, per_case_notes = AUDIT // CASES, DOCUMENTS // CASES, NOTIFICATIONS // CASES
    next_id = {
        model: (session.scalar(select(func.max(model.id))) or 0) + 1
        for model in (Application, AuditEntry, Document, Notification, Deadline, Proposal)
    }
    stand_in_sha = hashlib.sha256(STAND_IN).hexdigest()
    anchor_key = chain_anchors.key_for(current_app)
    counts = dict.fromkeys(("application", "audit_entry", "document", "notification", "deadline", "proposal"), 0)
    for start in range(0, cases, BATCH):
        applications, entries, docs, notes, deadlines, proposals, anchors = [], [], [], [], [], [], []
        for number in range(start, min(cases, start + BATCH)):
            state = states[number % len(states)]
            application_id = next_id[Application] + number
            submitted = now - timedelta(days=1 + number % 300, minutes=number % 1440)
            # Every 250th case is Tettnang's, so the municipality's list has a few hundred at scale 10.
            applicant = tettnang if number % 250 == 0 else gemeinden[number % len(gemeinden)]
            decided = state in ("granted", "partially_granted", "rejected", "final")
            applications.append(
                dict(
                    id=application_id,
                    programme_id=programme.id,
                    programme_version_id=version.id,
                    applicant_id=applicant,
                    state=state,
                    file_number=None if state == "draft" else f"RPS-IM-BULK-{number:07d}",
                    revision=1,
                    draft_data={},
                    created_by_id=clerk,
                    created_at=submitted,
                    updated_at=submitted + timedelta(hours=number % 97),
                    submitted_at=None if state == "draft" else submitted,
                    details={},
                    computed_amount=1000,
                    pooled_allocation=75160,
                    requested_amount=1000,
                    reviewer_id=None if state in ("draft", "submitted", "withdrawn") else reviewer,
                    decision_kind="grant" if decided else None,
                    granted_amount=1000 if decided and state != "rejected" else None,
                    decided_at=submitted + timedelta(days=20) if decided else None,
                )
            )
            if state == "draft":
                continue
            if state == "decision_proposed":  # the Sammelzeichnung lists them (no positions: each is blocked there)
                proposals.append(
                    dict(
                        id=next_id[Proposal] + counts["proposal"],
                        application_id=application_id,
                        kind="grant",
                        amount=1000,
                        reasons="",
                        status=Proposal.OPEN,
                        proposed_by_id=reviewer,
                        proposed_at=submitted + timedelta(days=10),
                    )
                )
                counts["proposal"] += 1
            previous, first_entry = GENESIS, None
            for step in range(per_case_audit):
                entry_id = next_id[AuditEntry] + counts["audit_entry"]
                counts["audit_entry"] += 1
                created = submitted + timedelta(minutes=step)
                entry = SimpleNamespace(
                    application_id=application_id,
                    transition="submit" if step == 0 else "take",
                    from_state="draft",
                    to_state=state,
                    actor_id=reviewer if step else clerk,
                    comment="",
                    details={},
                    created_at=created,
                    previous_hash=previous,
                )
                has_document = step < per_case_documents
                entry_hash = AuditEntry.computed_hash(entry, [stand_in_sha] if has_document else [])
                entries.append(dict(id=entry_id, entry_hash=entry_hash, **vars(entry)))
                previous, first_entry = entry_hash, first_entry or entry_id
                if has_document:
                    docs.append(
                        dict(
                            id=next_id[Document] + counts["document"],
                            application_id=application_id,
                            audit_entry_id=entry_id,
                            kind="receipt",
                            title="Eingangsbestätigung",
                            filename="Eingangsbestaetigung.docx",
                            template_name="eingangsbestaetigung.docx",
                            template_sha256=stand_in_sha,
                            sha256=stand_in_sha,
                            size=len(STAND_IN),
                            created_at=created,
                            created_by_id=clerk,
                            content=STAND_IN,
                        )
                    )
                    counts["document"] += 1
            # Each chain sealed where it ends, as perform_transition would have: `foerderweg verify` passes.
            anchors.append(
                dict(
                    application_id=application_id,
                    entries=per_case_audit,
                    head_hash=previous,
                    seal=chain_anchors.seal(anchor_key, application_id, per_case_audit, previous),
                    updated_at=now,
                )
            )
            for note in range(per_case_notes):
                notes.append(
                    dict(
                        id=next_id[Notification] + counts["notification"],
                        user_id=(clerk, reviewer, approver, ministry)[note % 4],
                        application_id=application_id,
                        audit_entry_id=first_entry,
                        subject=f"Antrag RPS-IM-BULK-{number:07d}",
                        created_at=submitted + timedelta(minutes=note),
                        read_at=None if note % 5 == 0 else submitted + timedelta(days=1),
                    )
                )
                counts["notification"] += 1
            kind = {
                "information_requested": "response",
                "response_overdue": "response",
                "answered": "response",
                "decision_proposed": "response",
                "granted": "remedy",
                "partially_granted": "remedy",
                "rejected": "remedy",
                "final": "remedy",
            }.get(state)
            if kind:
                open_ = state in (
                    "information_requested",
                    "response_overdue",
                    "granted",
                    "partially_granted",
                    "rejected",
                )
                overdue = state == "response_overdue"
                deadlines.append(
                    dict(
                        id=next_id[Deadline] + counts["deadline"],
                        application_id=application_id,
                        kind=kind,
                        # Open periods end 10 to 40 days from today: nothing is due today.
                        due_on=today - timedelta(days=5) if overdue else today + timedelta(days=10 + number % 31),
                        status=Deadline.OPEN if open_ else Deadline.CLOSED,
                        opened_by_entry_id=first_entry,
                        opened_at=submitted,
                        closed_at=None if open_ else submitted + timedelta(days=3),
                        closed_by_entry_id=None if open_ else first_entry,
                        expired_at=now - timedelta(days=4) if overdue else None,
                        reminded_at=now - timedelta(days=6) if overdue else None,
                    )
                )
                counts["deadline"] += 1
        for model, rows in (
            (Application, applications),
            (AuditEntry, entries),
            (Document, docs),
            (Notification, notes),
            (Deadline, deadlines),
            (Proposal, proposals),
            (ChainAnchor, anchors),
        ):
            if rows:
                session.execute(insert(model), rows)
        counts["application"] += len(applications)
        session.commit()
    if session.get_bind().dialect.name == "postgresql":  # explicit ids: move the sequences past them
        for table in counts:
            session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
        session.commit()
    return counts


def build_land(table: Path) -> int:
    """The schema, the reference and demo data, the Planungsrahmen ``table`` imported as the ministry would and the
    Anschriften an administrator would import (every letter needs one); the number of Gemeinden."""
    schema.upgrade(db.engine)
    seed.initialise_reference_data(db.session)
    seed.load_demo(db.session, hash_password(seed.DEMO_PASSWORD))
    programme_id = db.session.scalars(select(Programme.id).where(Programme.code == IM)).one()
    import_allocations(db.session, programme_id, None, "planungsrahmen.csv", table.read_bytes(), True)
    db.session.execute(
        update(Organisation)
        .where(Organisation.street.is_(None))
        .values(street="Rathausplatz 1", postcode="70000", city=Organisation.name)
    )
    db.session.commit()
    return db.session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.kind == OrganisationKind.GEMEINDE)
    )


def reserved_for_sample(count: int) -> set[int]:
    """The Gemeinden ``factories.fresh_applicant`` will hand out first (Freiburg and Tübingen, by AGS)."""
    candidates = db.session.scalars(
        select(Organisation)
        .where(
            Organisation.kind == OrganisationKind.GEMEINDE,
            or_(Organisation.ags.like("083%"), Organisation.ags.like("084%")),
        )
        .order_by(Organisation.ags)
    ).all()
    return {organisation.id for organisation in _may_apply(IM, candidates)[:count]}


def analyze() -> None:
    """Fresh planner statistics after the bulk import, as an operator would take them (PostgreSQL: VACUUM
    ANALYZE, which also marks the pages all-visible for index-only scans; it runs outside a transaction)."""
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


# --- measurements --------------------------------------------------------------------------------------------


def real_cases(sample: int) -> tuple[dict[str, list[float]], dict[str, str]]:
    """``sample`` cases through the grant path with real operations: milliseconds per transition, and the
    last case (its id and its clerk) for the case pages.

    Timed is ``perform_transition`` from its call to its commit. The acting user is loaded before, with its
    roles, as the login does before every request, and the submission's revision is the one the form carries."""
    steps: dict[str, list[float]] = {}

    def step(name: str, application_id: int, username: str, **payload) -> None:
        db.session.expunge_all()  # every request starts with an empty session
        actor = (
            db.session.scalars(select(User).where(User.username == username).options(joinedload(User.role_rows)))
            .unique()
            .one()
        )
        start = time.perf_counter()
        perform_transition(db.session, application_id, name, actor, payload)
        steps.setdefault(name, []).append((time.perf_counter() - start) * 1000)

    for _ in range(sample):
        clerk = fresh_applicant(IM)
        application_id = draft(clerk)
        step("submit", application_id, clerk, revision=revision(application_id))
        step("take", application_id, "pruefung.sued")
        step("request_information", application_id, "pruefung.sued", comment="Bitte Vertrag vorlegen.", period_days=14)
        step("answer", application_id, clerk, comment="Anbei.")
        positions = rulings(db.session.get(Application, application_id), GRANT_ALL)
        step("propose_decision", application_id, "pruefung.sued", positions=positions, comment="")
        step("sign_grant", application_id, "zeichnung")
    return steps, {"case": str(application_id), "clerk": clerk}


# The pages people open most, each as the role that opens it; {case} and {clerk} are a granted sample case.
PAGES = (
    ("pruefung.sued", "/pruefung", "Prüfung: wartende Fälle, nächste Frist zuerst"),
    ("pruefung.sued", "/pruefung?status=alle&sortierung=eingang", "Prüfung: alle, nach Eingang"),
    ("pruefung.sued", "/pruefung?status=alle&seite=40", "Prüfung: alle, Seite 40"),
    ("pruefung.sued", "/pruefung?status=alle&suche=RPS-IM-2026-0042", "Prüfung: Suche nach einem Aktenzeichen"),
    (
        "pruefung.sued",
        "/pruefung?status=alle&suche=Tettnang&sortierung=beantragt",
        "Prüfung: Suche nach Kommune, nach Betrag",
    ),
    ("pruefung.sued", "/pruefung?status=alle&zustaendig=mir", "Prüfung: mir zugewiesen"),
    ("pruefung.sued", "/antraege/{case}", "Antragsseite (Prüfung)"),
    ("pruefung.sued", "/vorgaenge/", "Vorgänge nach der Entscheidung"),
    ("pruefung.sued", "/benachrichtigungen", "Benachrichtigungen"),
    ("zeichnung", "/zeichnung", "Zeichnung"),
    ("zeichnung", "/kasse/", "Kasse: angeordnete Auszahlungen"),
    ("{clerk}", "/antraege/{case}", "Antragsseite (Kommune)"),
    ("kommune.tettnang", "/kommune", "Kommune (eigene Fälle, zuletzt geändert)"),
    ("ministerium", "/uebersicht", "Ministerium: Mittelbindung je Bezirk und Kreis"),
    ("ministerium", "/uebersicht/antraege", "Ministerium: alle Anträge"),
    ("ministerium", "/uebersicht/haushalt", "Ministerium: Haushalt je Antragsteller"),
    ("ministerium", "/uebersicht/haushaltsjahre", "Ministerium: Haushaltsjahre"),
    ("ministerium", "/uebersicht/ohne-antrag", "Ministerium: Kommunen ohne Antrag"),
    ("ministerium", "/zusammenschluesse", "Ministerium: Zusammenschlüsse"),
)


# Not a page of 20: the Sammelzeichnung lists every proposal awaiting the signer, up to rounds.CANDIDATE_LIMIT,
# so its cost follows the length of that list (its statements do not: test_sign_rounds).
LONG_PAGES = (("zeichnung", "/sammelzeichnung/", "Sammelzeichnung, 200 Vorschläge auf einer Seite"),)


def page_figures(app, runs: int, sample_case: dict[str, str], pages=PAGES) -> list[tuple[str, str, float, float, int]]:
    results = []
    for username, path, label in pages:
        client = logged_in(app, username.format(**sample_case))
        path = path.format(**sample_case)
        client.get(path)  # warm
        times = timed(lambda: client.get(path), runs)
        status = client.get(path).status_code
        results.append((label, path, statistics.median(times), percentile(times, 0.95), status))
    return results


def arguments_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="1: the Land; 10: ten times beyond")
    parser.add_argument("--sample", type=int, default=12, help="cases through the real grant path")
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    parser.add_argument("--reset", action="store_true", help="PostgreSQL: drop the public schema of DATABASE_URL first")
    parser.add_argument("--table", default=str(DEFAULT_TABLE))
    parser.add_argument(
        "--keep", action="store_true", help="SQLite: keep the temporary database (it is removed otherwise)"
    )
    parser.add_argument(
        "--both",
        action="store_true",
        help="one run on SQLite and one on PostgreSQL (--postgres, emptied first), one table",
    )
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="the PostgreSQL database of --both")
    parser.add_argument(
        "--json",
        help="write the figures to this file too (with --both: both runs, as a list; "
        "without it the table is not printed: --both reads them from there)",
    )
    return parser


def measure(arguments) -> dict:
    """Build the data on DATABASE_URL (or a temporary SQLite file) and measure; the figures as a dict."""
    workdir = None if os.environ.get("DATABASE_URL") else tempfile.mkdtemp(prefix="foerderweg-land-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/land.sqlite"
    app = create_app({"DATABASE_URL": url, "SESSION_COOKIE_SECURE": False, "SECOND_FACTOR_ROLES": ()})
    dialect = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    rows: list[tuple[str, str, str]] = []
    with app.app_context():
        if arguments.reset and dialect == "PostgreSQL":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        started = time.perf_counter()
        gemeinden = build_land(Path(arguments.table))
        programme_id = db.session.scalars(select(Programme.id).where(Programme.code == IM)).one()
        counts = bulk_cases(arguments.scale, reserved_for_sample(2 * arguments.sample + 5))
        analyze()
        data = (
            f"{dialect}, scale {arguments.scale}: {gemeinden:,} Gemeinden, "
            + ", ".join(f"{count:,} {table}" for table, count in counts.items())
            + f"; generated in {time.perf_counter() - started:.0f} s"
        )
        if dialect == "PostgreSQL":
            trigrams = db.session.scalar(text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"))
            data += "; search with trigram indexes" if trigrams else "; search without trigram indexes (no pg_trgm)"
        print(data, flush=True)

        steps, sample_case = real_cases(arguments.sample)
        for name, values in steps.items():
            rows.append((f"Transition {name}, median (ms)", "≤ 30", f"{statistics.median(values):.0f}"))
        per_letter, signed, granted = bescheid_round(arguments.sample)
        rows.append(
            (
                f"Sammelzeichnung of {arguments.sample} (background job), ms per Bescheid",
                "–",
                f"{per_letter:.0f} ({signed} signed)",
            )
        )
        per_notice, ordered = payment_round(granted)
        rows.append(
            (
                f"Sammelzeichnung of {arguments.sample} payments (background job), ms per Auszahlungsmitteilung",
                "–",
                f"{per_notice:.0f} ({ordered} ordered)",
            )
        )

        template = definition_for(IM).templates.read("grant_notice")
        context = letters.sample_context(IM)
        documents.render_template_bytes(template, context, "Zuwendungsbescheid")
        naive = statistics.median(
            timed(lambda: documents.render_with_docxtpl(template, context, "Zuwendungsbescheid"), 15)
        )
        fast = statistics.median(
            timed(lambda: documents.render_template_bytes(template, context, "Zuwendungsbescheid"), 15)
        )
        rows.append(
            (
                "Zuwendungsbescheid: docxtpl / compiled (ms)",
                "≥ 5× faster",
                f"{naive:.1f} / {fast:.1f} = {naive / fast:.1f}×",
            )
        )

        today = clock.today()
        nothing = timed(lambda: due_actions(db.session, today), 10)
        later = today + timedelta(days=20)
        due_later = len(due_actions(db.session, later))
        some = timed(lambda: due_actions(db.session, later), 10)
        rows.append(("Sweep, nothing due (s)", "≤ 0.2", f"{statistics.median(nothing) / 1000:.3f}"))
        rows.append((f"Sweep, {due_later:,} due (s), deciding only", "∝ due", f"{statistics.median(some) / 1000:.3f}"))

        ministry = user("ministerium")
        programme = db.session.get(Programme, programme_id)
        exported = db.session.scalar(
            select(func.count())
            .select_from(Application)
            .where(Application.programme_id == programme_id, Application.state != "draft")
        )
        export_ms = statistics.median(timed(lambda: export.cases_workbook(db.session, ministry, programme), 3))
        rows.append(
            (
                f"XLSX export of {exported:,} cases (s)",
                "≤ 1 per 5,000",
                f"{export_ms / 1000:.2f} ({export_ms / 1000 / exported * 5000:.2f} per 5,000)",
            )
        )
        engine_url = db.engine.url
    for pages, target in ((PAGES, "≤ 50 (≤ 100 at 10×)"), (LONG_PAGES, "–")):
        for label, path, median, p95, status in page_figures(app, arguments.runs, sample_case, pages):
            rows.append(
                (
                    f"Page: {label}, p95 (median) ms",
                    target,
                    f"{p95:.0f} ({median:.0f}){'' if status == 200 else f' HTTP {status}'}",
                )
            )
    with app.app_context():
        db.engine.dispose()
    if workdir and not arguments.keep:
        shutil.rmtree(workdir, ignore_errors=True)

    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "database": dialect,
        "data": data,
        "rows": rows,
        "load": load,
        "url": engine_url.render_as_string(hide_password=True),
    }


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` if the server does not have it yet."""
    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}):
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    engine.dispose()


def both(arguments) -> list[dict]:
    """The same measurement on a fresh SQLite file and on the emptied PostgreSQL database, each in its own process."""
    ensure_database(arguments.postgres)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for name, environment, extra in (
            ("sqlite", {}, []),
            ("postgresql", {"DATABASE_URL": arguments.postgres}, ["--reset"]),
        ):
            target = Path(folder) / f"{name}.json"
            command = [
                sys.executable,
                __file__,
                "--scale",
                str(arguments.scale),
                "--sample",
                str(arguments.sample),
                "--runs",
                str(arguments.runs),
                "--table",
                arguments.table,
                "--json",
                str(target),
                *extra,
            ]
            child_environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
            subprocess.run(command, check=True, env={**child_environment, **environment})
            results.append(json.loads(target.read_text()))
    return results


def print_table(results: list[dict]) -> None:
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    for result in results:
        print(f"{result['data']}; database {result['url']}; load average after the run: {result['load']}")
    labels = [label for label, _, _ in results[0]["rows"]]
    targets = {label: target for label, target, _ in results[0]["rows"]}
    values = [{label: value for label, _, value in result["rows"]} for result in results]
    width = max(len(label) for label in labels)
    print(f"| {'measure':<{width}} | target | " + " | ".join(result["database"] for result in results) + " |")
    print(f"|{'-' * (width + 2)}|--------|" + "|".join("----------" for _ in results) + "|")
    for label in labels:
        print(
            f"| {label:<{width}} | {targets[label]} | " + " | ".join(value.get(label, "–") for value in values) + " |"
        )


def main() -> None:
    arguments = arguments_parser().parse_args()
    results = both(arguments) if arguments.both else [measure(arguments)]
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(results if arguments.both else results[0]))
    if arguments.both or not arguments.json:
        print_table(results)


if __name__ == "__main__":
    main()

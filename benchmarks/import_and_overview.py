"""How long the Planungsrahmen import and the overview pages take, printed as figures (nothing is asserted).

    python benchmarks/import_and_overview.py [TABLE] [--cases N]

TABLE defaults to tests/data/planungsrahmen_im_2018_beispiel.csv in
the project. The script works on a fresh SQLite database in a temporary
directory, or on DATABASE_URL if that is set (the database is then changed:
never point it at data you want to keep).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, select

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "tests"))

from application_data import single_application  # noqa: E402
from workflow import create_app, schema, seed  # noqa: E402
from workflow.money import ledger  # noqa: E402
from workflow.reference.allocation_table import check_allocation_table  # noqa: E402
from workflow.security.auth import hash_password  # noqa: E402
from workflow.db import db  # noqa: E402
from workflow.models import Organisation, OrganisationKind, Participation, Programme, Role, User, UserRole  # noqa: E402
from workflow.operations.allocation_import import check_table, import_allocations  # noqa: E402
from workflow.operations.drafts import create_draft  # noqa: E402
from workflow.engine.transitions import perform_transition  # noqa: E402

DEFAULT_TABLE = PROJECT / "tests" / "data" / "planungsrahmen_im_2018_beispiel.csv"
PAGES = (
    "/uebersicht",
    "/uebersicht/haushalt",
    "/uebersicht/ohne-antrag",
    "/uebersicht/unter-mindestgrenze",
    "/zusammenschluesse",
    "/uebersicht/antraege",
    "/uebersicht/export.xlsx",
)
RUNS = 5


def timed(action, runs: int = RUNS) -> tuple[float, object]:
    """Median wall time in milliseconds over ``runs``, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def make_cases(count: int) -> None:
    """``count`` submitted applications of Gemeinden above the threshold, every third one granted."""
    session = db.session
    programme = session.scalars(select(Programme).where(Programme.code == "integrationsmanagement")).one()
    reviewer = session.scalars(select(User).where(User.username == "referatsleitung")).one()
    approver = session.scalars(select(User).where(User.username == "zeichnung")).one()
    template = session.scalars(select(User).where(User.username == "kommune.tettnang")).one()
    bound = select(Participation.organisation_id)
    gemeinden = session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.GEMEINDE, Organisation.id.not_in(bound))
        .order_by(Organisation.ags)
    ).all()
    allocations = ledger.allocations_by_organisation(session, programme, [g.id for g in gemeinden])
    chosen = [g for g in gemeinden if allocations.get(g.id, 0) >= 60000][:count]
    for index, gemeinde in enumerate(chosen):
        clerk = User(
            username=f"bench.{gemeinde.ags}",
            full_name=f"Bench {gemeinde.name}",
            email=f"b{index}@example.invalid",
            password_hash=template.password_hash,
            organisation=gemeinde,
            role_rows=[UserRole(role=Role.CLERK)],
        )
        session.add(clerk)
        session.commit()
        application = create_draft(session, clerk, programme, single_application())
        perform_transition(session, application.id, "submit", clerk, {"revision": application.revision})
        if index % 3 == 0:
            perform_transition(session, application.id, "take", reviewer, {})
            perform_transition(
                session,
                application.id,
                "propose_decision",
                reviewer,
                {"kind": "grant", "amount": str(application.requested_amount), "comment": ""},
            )
            perform_transition(session, application.id, "sign_grant", approver, {})


def logged_in(app, username: str):
    client = app.test_client()
    page = client.get("/anmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/anmelden", data={"username": username, "password": seed.DEMO_PASSWORD, "csrf_token": token})
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", nargs="?", default=str(DEFAULT_TABLE))
    parser.add_argument("--cases", type=int, default=60, help="submitted applications to create (default 60)")
    arguments = parser.parse_args()
    content = Path(arguments.table).read_bytes()
    workdir = tempfile.mkdtemp(prefix="foerderweg-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite"
    app = create_app({"DATABASE_URL": url, "SESSION_COOKIE_SECURE": False})
    print(f"Datenbank: {url.split('@')[-1]}; Tabelle: {arguments.table} ({len(content):,} Bytes)")
    with app.app_context():
        schema.upgrade(db.engine)
        seed.initialise_reference_data(db.session)
        seed.load_demo(db.session, hash_password(seed.DEMO_PASSWORD))
        known = set(db.session.scalars(select(Organisation.ags)))
        kreise = {ags for ags in known if ags and len(ags) == 5}
        milliseconds, checked = timed(lambda: check_allocation_table(content, known, kreise))
        print(
            f"Prüfen (rein, ohne Datenbank):       {milliseconds:8.1f} ms  ({len(checked.rows)} Zeilen, {len(checked.problems)} Fehler)"
        )
        milliseconds, _ = timed(lambda: check_table(db.session, content))
        print(f"Prüfen gegen die Datenbank:          {milliseconds:8.1f} ms")
        programme_id = db.session.scalars(select(Programme.id).where(Programme.code == "integrationsmanagement")).one()
        start = time.perf_counter()
        version = import_allocations(db.session, programme_id, None, "bench.csv", content, confirm_total=True)
        print(
            f"Erster Import (legt Gemeinden an):   {(time.perf_counter() - start) * 1000:8.1f} ms  (Fassung {version.number})"
        )
        milliseconds, version = timed(
            lambda: import_allocations(db.session, programme_id, None, "bench.csv", content, True)
        )
        print(f"Wiederholter Import (neue Fassung):  {milliseconds:8.1f} ms  (bis Fassung {version.number})")
        start = time.perf_counter()
        make_cases(arguments.cases)
        print(f"{arguments.cases} Anträge angelegt:               {(time.perf_counter() - start):8.1f} s")
        engine = db.engine
    client = logged_in(app, "ministerium")
    for path in PAGES:
        queries = []
        listener = lambda *args: queries.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        milliseconds, response = timed(lambda: client.get(path))
        event.remove(engine, "before_cursor_execute", listener)
        print(
            f"GET {path:<32} {milliseconds:8.1f} ms  {len(queries) // RUNS:3d} Abfragen  "
            f"{len(response.data) // 1024:5d} KiB  Status {response.status_code}"
        )


if __name__ == "__main__":
    main()

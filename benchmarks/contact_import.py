"""How long importing the contacts of every Gemeinde takes (one clerk and one invitation each), printed as figures.

    python benchmarks/contact_import.py [TABLE]

TABLE (the Planungsrahmen, to create the Gemeinden) defaults to
tests/data/planungsrahmen_im_2018_beispiel.csv in the project. The script works on a fresh SQLite
database in a temporary directory, or on DATABASE_URL if that is set (the database is then changed: never point
it at data you want to keep). Nothing is asserted.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from workflow import create_app, schema, seed
from workflow.db import db
from workflow.models import Organisation, OrganisationKind, OutgoingMail, Programme
from workflow.operations.allocation_import import import_allocations
from workflow.operations.contact_import import import_contacts

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_TABLE = PROJECT / "tests" / "data" / "planungsrahmen_im_2018_beispiel.csv"


def main() -> None:
    table = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TABLE
    workdir = tempfile.mkdtemp(prefix="foerderweg-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite"
    app = create_app({"DATABASE_URL": url, "SESSION_COOKIE_SECURE": False})
    try:
        with app.app_context():
            schema.upgrade(db.engine)
            seed.initialise_reference_data(db.session)
            programme_id = db.session.scalar(select(Programme.id).where(Programme.code == "integrationsmanagement"))
            import_allocations(db.session, programme_id, None, table.name, table.read_bytes(), confirm_total=True)
            gemeinden = db.session.execute(
                select(Organisation.ags, Organisation.name).where(Organisation.kind == OrganisationKind.GEMEINDE)
            ).all()
            lines = ["AGS;Name;E-Mail;Funktion"] + [
                f"{ags};Ansprechperson {name};kontakt{index}@gemeinde{ags}.example;Integrationsbeauftragte"
                for index, (ags, name) in enumerate(gemeinden)
            ]
            content = ("\n".join(lines) + "\n").encode("utf-8")
            start = time.perf_counter()
            created = import_contacts(db.session, None, "kontakte.csv", content)
            seconds = time.perf_counter() - start
            mails = db.session.scalar(select(func.count()).select_from(OutgoingMail))
            print(
                f"Kontakte eingespielt: {len(created)} Konten, {mails} Einladungen eingereiht, "
                f"{seconds:.2f} s ({seconds / len(created) * 1000:.1f} ms je Zeile), Datenbank {db.engine.dialect.name}"
            )
            db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

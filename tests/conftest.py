"""Fixtures in the manner of Flask's tutorial: ``app``, ``client``, ``runner``, ``auth``.

The suite runs against SQLite by default and against PostgreSQL when
``DATABASE_URL`` names one (CI runs both). Every test gets a database with the
schema from the Alembic migrations, the reference data and the demo data.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, Table, create_engine, make_url, text

from seal_keys import make_pair
from smtp_server import SmtpServer
from workflow import create_app, schema, seed
from workflow.security.auth import hash_password
from workflow.clock import SettableClock
from workflow.db import db
from workflow.engine.programmes import register_extra
from workflow.models import Base

# Tests start on a fixed working day: Wednesday, 25 November 2026, 09:00 in Stuttgart.
START = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
PASSWORD = seed.DEMO_PASSWORD
TEST_COUNSELLING_KEY = "dGVzdC1rZXktZm9yLXRoZS1zdWl0ZS0zMi1ieXRlcyE="
TEST_CHAIN_ANCHOR_KEY = "YW5jaG9yLWtleS1mb3ItdGhlLXN1aXRlLTMyYnl0ZXM="
# The authority's key that signs dossiers, made for this test process (never the instance folder's pair).
TEST_DOSSIER_KEY, TEST_DOSSIER_CERT = make_pair(
    Path(tempfile.mkdtemp(prefix="foerderweg-siegel-")), "behoerde", "Test-Bewilligungsstelle"
)
POSTGRES_URL = os.environ.get("DATABASE_URL", "")
# Programmes that only the tests know (tests/testprogramme); the engine finds them through EXTRA_PROGRAMMES.
TEST_PROGRAMMES = ("testprogramme.kulturfoerderung:DEFINITION", "testprogramme.investitionen:DEFINITION")
# Every app of the suite registers them; registering here as well lets tests parametrise over all
# definitions at collection, before any app exists (``create_app`` does exactly this call).
register_extra(TEST_PROGRAMMES)


def subprocess_environment(**settings: str) -> dict[str, str]:
    """The environment for a ``foerderweg`` or gunicorn process on a test database: it knows the test programmes too."""
    tests = os.path.dirname(os.path.abspath(__file__))
    path = os.pathsep.join(filter(None, (tests, os.path.join(tests, "helpers"), os.environ.get("PYTHONPATH"))))
    return {**os.environ, "PYTHONPATH": path, "EXTRA_PROGRAMMES": ",".join(TEST_PROGRAMMES), **settings}


ON_POSTGRES = POSTGRES_URL.startswith("postgresql")


# The browser tests drive pages whose database work the rest of the suite covers on both databases; they run
# once, on SQLite, which keeps CI (both databases, 2 cores) within its 30 minutes. BROWSER_TESTS_ON_POSTGRES=1
# runs them on PostgreSQL as well.
BROWSER_ON_POSTGRES = os.environ.get("BROWSER_TESTS_ON_POSTGRES") == "1"
# Tests that use no database (letters rendered from samples, diagrams, pure arithmetic: about 60 % of the suite) give
# the same answer on both; they run once, on SQLite, and so do the matrices of roles × steps × routes (marker
# ``one_database``: a quarter of the database tests' time, and their queries are the ones every other test makes).
# EVERY_TEST_ON_POSTGRES=1 runs them on PostgreSQL as well.
DATABASE_FIXTURES = {"database_url", "empty_database_url", "postgres_snapshot"}
EVERY_TEST_ON_POSTGRES = os.environ.get("EVERY_TEST_ON_POSTGRES") == "1"


def pytest_collection_modifyitems(config, items):
    if not ON_POSTGRES:
        skip = pytest.mark.skip(reason="braucht PostgreSQL (DATABASE_URL=postgresql+psycopg://…)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)
        return
    browser = pytest.mark.skip(reason="Browsertest: läuft auf SQLite (BROWSER_TESTS_ON_POSTGRES=1 auch hier)")
    no_database = pytest.mark.skip(
        reason="braucht keine Datenbank: läuft auf SQLite (EVERY_TEST_ON_POSTGRES=1 auch hier)"
    )
    one_database = pytest.mark.skip(
        reason="prüft Rollen, Schritte und Routen, nicht die Datenbank: läuft auf SQLite "
        "(EVERY_TEST_ON_POSTGRES=1 auch hier)"
    )
    for item in items:
        if "browser" in item.keywords and not BROWSER_ON_POSTGRES:
            item.add_marker(browser)
        elif EVERY_TEST_ON_POSTGRES:
            continue
        elif not DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(no_database)
        elif "one_database" in item.keywords:
            item.add_marker(one_database)


def _test_config(url: str, **extra) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SESSION_COOKIE_SECURE": False,
        "CLOCK": SettableClock(START),
        "EXTRA_PROGRAMMES": TEST_PROGRAMMES,
        # Cheaper hashing keeps the suite fast; production costs are tested on the defaults.
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_KIB": 8 * 1024,
        # The Integrationsplan's AES key, fixed for the suite (never the instance folder's key file).
        "COUNSELLING_KEY": TEST_COUNSELLING_KEY,
        # The key sealing the history chains' anchors, fixed for the suite (never the instance folder's key file).
        "CHAIN_ANCHOR_KEY": TEST_CHAIN_ANCHOR_KEY,
        "DOSSIER_SIGNING_KEY": TEST_DOSSIER_KEY,
        "DOSSIER_SIGNING_CERT": TEST_DOSSIER_CERT,
        "COUNSELLING_AUTOSAVE_SECONDS": 1,
        # The programmes' example payer account, as in ``foerderweg demo``; tests/post_award/test_cash_export.py checks the refusal.
        "ALLOW_EXAMPLE_PAYER_ACCOUNT": True,
        # The demo logins work with their password alone, as in ``foerderweg demo``; tests/accounts/test_second_factor.py
        # switches the requirement on.
        "SECOND_FACTOR_ROLES": (),
        **extra,
    }


def _seed(app) -> None:
    with app.app_context():
        schema.upgrade(db.engine)
        seed.initialise_reference_data(db.session)
        seed.load_demo(db.session, _password_hash(app))


_HASHES: dict[str, str] = {}


def _password_hash(app) -> str:
    """Hashing costs real time; one hash of the demo password serves every test."""
    if PASSWORD not in _HASHES:
        with app.app_context():
            _HASHES[PASSWORD] = hash_password(PASSWORD)
    return _HASHES[PASSWORD]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated and seeded SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    app = create_app(_test_config(f"sqlite:///{path}"))
    _seed(app)
    with app.app_context():
        db.engine.dispose()
    return path


def _as_stored(table: Table) -> Table:
    """The table with its encrypted columns (workflow.counselling) read and written as stored: the snapshot
    copies ciphertext as it is, outside any application (no key needed, nothing decrypted)."""
    from workflow.security.crypto import EncryptedBytes, EncryptedJSON

    if not any(isinstance(column.type, (EncryptedJSON, EncryptedBytes)) for column in table.c):
        return table
    return Table(
        table.name,
        MetaData(),
        *(
            Column(
                column.name,
                column.type.impl_instance if isinstance(column.type, (EncryptedJSON, EncryptedBytes)) else column.type,
                primary_key=column.primary_key,
                autoincrement=column.autoincrement,
            )
            for column in table.c
        ),
    )


class PostgresSnapshot:
    """The seeded test database, written back before every test.

    Seeding through the application takes about a second; truncating and
    inserting the seeded rows again takes a few milliseconds.
    """

    def __init__(self, url: str):
        self.url = url
        self.engine = create_engine(url)
        with self.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        seeder = create_app(_test_config(url))
        _seed(seeder)
        with seeder.app_context():
            db.engine.dispose()
        self.tables = [_as_stored(table) for table in Base.metadata.sorted_tables]
        with self.engine.connect() as connection:
            self.rows = {
                table: [dict(row) for row in connection.execute(table.select().order_by(*table.primary_key)).mappings()]
                for table in self.tables
            }

    def restore(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(t.name for t in self.tables)} RESTART IDENTITY CASCADE"))
            for table in self.tables:
                if self.rows[table]:
                    connection.execute(table.insert(), self.rows[table])
                if "id" in table.c and table.c.id.autoincrement in (True, "auto"):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )


def _database_beside(name: str) -> str:
    """The URL of the PostgreSQL database ``name`` on DATABASE_URL's server, created if missing."""
    url = make_url(POSTGRES_URL)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _worker_database_url() -> str:
    """The database of this test process: DATABASE_URL itself, or one beside it per xdist worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return POSTGRES_URL
    return _database_beside(f"{make_url(POSTGRES_URL).database}_{worker}")


@pytest.fixture(scope="session")
def postgres_snapshot():
    snapshot = PostgresSnapshot(_worker_database_url())
    yield snapshot
    snapshot.engine.dispose()


@pytest.fixture
def database_url(request, tmp_path):
    """A database with schema, reference data and demo data, for this test alone."""
    if ON_POSTGRES:
        snapshot = request.getfixturevalue("postgres_snapshot")
        snapshot.restore()
        return snapshot.url
    path = tmp_path / "foerderweg.sqlite"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def empty_database_url(tmp_path):
    """A database without any table, for tests that migrate step by step (on PostgreSQL one beside the worker's)."""
    if not ON_POSTGRES:
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    url = _database_beside(f"{make_url(POSTGRES_URL).database}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_empty")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def raw_dump(app) -> str:
    """Every row of every table as the database holds it (no model types: ciphertext stays ciphertext)."""
    with app.app_context():
        with db.engine.connect() as connection:
            return "\n".join(
                repr(tuple(row))
                for table in Base.metadata.sorted_tables
                for row in connection.execute(text(f'SELECT * FROM "{table.name}"'))
            )


def migrate_down(engine, revision: str) -> None:
    """Take the database back to ``revision`` (to prove that a later migration upgrades the data it holds)."""
    from alembic import command

    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            command.downgrade(schema.alembic_config(connection), revision)


def make_test_app(database_url: str, **extra):
    """An app on ``database_url`` with the suite's configuration (for tests that bring their own database)."""
    return create_app(_test_config(database_url, **extra))


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(_test_config(database_url, MAIL_OUTBOX_DIR=str(tmp_path / "outbox")))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def smtp(app):
    server = SmtpServer()
    app.config.update(MAIL_OUTBOX_DIR=None, MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    yield server
    server.stop()


@pytest.fixture
def clock(app) -> SettableClock:
    return app.extensions["foerderweg.clock"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_of(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username: str, password: str = PASSWORD):
        page = self._client.get("/anmelden")
        return self._client.post(
            "/anmelden",
            data={"username": username, "password": password, "csrf_token": csrf_token_of(page.get_data(as_text=True))},
        )

    def logout(self):
        token = csrf_token_of(self._client.get("/barrierefreiheit").get_data(as_text=True))
        return self._client.post("/abmelden", data={"csrf_token": token})

    def post(self, url: str, data: dict, page: str | None = None):
        """POST a form the way a browser does: with the CSRF token of the page that shows it."""
        shown = self._client.get(page or url)
        return self._client.post(url, data={**data, "csrf_token": csrf_token_of(shown.get_data(as_text=True))})


@pytest.fixture
def auth(client):
    return AuthActions(client)


# --- a real browser ---------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app):
    """The app served over HTTP on a free port of 127.0.0.1, in a thread of this process."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (``playwright install`` cannot download here)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium fehlt: apt-get install chromium (CI installiert es)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "mobile": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh browser profile (no cookies) on the live server, in German."""
    context = chromium.new_context(base_url=live_server, locale="de-DE", accept_downloads=True, **VIEWPORTS["desktop"])
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()

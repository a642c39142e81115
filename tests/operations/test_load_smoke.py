"""The load test's smoke mode: the real server (gunicorn, scheduler) on PostgreSQL under a few Locust users answers
every request without an error or a 5xx, and signs its small Sammelzeichnung in full. No time is asserted.

Runs only where Locust is installed (``pip install -e '.[test,load]'``) and on PostgreSQL; it takes one to two minutes.
"""

from __future__ import annotations

import importlib.util
import subprocess  # nosec B404 - the test runs the load script
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

# Looked up, not imported: importing Locust patches the test process's sockets and ssl (gevent).
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(importlib.util.find_spec("locust") is None, reason="braucht Locust (pip install -e '.[load]')"),
]
PROJECT = Path(__file__).resolve().parents[2]


def test_the_smoke_load_answers_every_request_without_error_and_finishes_its_round(postgres_snapshot, tmp_path):
    url = make_url(postgres_snapshot.url)
    load = url.set(database=f"{url.database}_load")
    try:
        run = subprocess.run(  # nosec B603 - fixed arguments
            [sys.executable, str(PROJECT / "benchmarks" / "load.py"), "--smoke", "--workdir", str(tmp_path)]
            + ["--postgres", load.render_as_string(hide_password=False)],
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
        assert "| 6 |" in run.stdout  # the second step ran with its six users
        assert "20 decided, job done" in run.stdout
    finally:
        engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for name in (load.database, f"{load.database}_seed"):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

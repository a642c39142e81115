"""The installation the load test and the fault script run against: gunicorn with the README's production settings,
one scheduler, a mail server on 127.0.0.1 that can be told to refuse or to hang, and the CPU each of them uses.

Everything here is started by us and stopped by us by its process id; the PostgreSQL server is shared and only
our own database's connections are ever touched.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess  # nosec B404 - the load test starts its own server processes
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, make_url, text

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# The anchor key every process of the installation shares (in production from the environment, never the database).
ANCHOR_KEY = "bG9hZC10ZXN0LWFuY2hvci1rZXktb2YtMzItYnl0ZXM="
SECRET = "load-test-secret-of-the-installation"
# Plain http on 127.0.0.1 instead of TLS behind a proxy: the session cookie may not be Secure; the load's roles log in
# with their password only (a second factor per user would measure pyotp, not Förderweg).
APP = "workflow:create_app({'SESSION_COOKIE_SECURE': False, 'SECOND_FACTOR_ROLES': ()})"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """An SMTP server's handler that accepts, refuses (4xx: try later) or hangs, as the fault script tells it."""

    def __init__(self):
        self.received = 0
        self.mode = "accept"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "refuse":
            return "421 4.3.2 Service not available, closing transmission channel"
        if self.mode == "hang":
            await asyncio.sleep(3600)
        self.received += len(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def start_mail_server() -> tuple[Controller, Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, mailbox


def environment(database_url: str, mail_port: int, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "CHAIN_ANCHOR_KEY": ANCHOR_KEY,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
        "MAIL_SENDER": "Förderweg Lasttest <foerderweg@rps.example.org>",
        "BASE_URL": "http://127.0.0.1",
        "PYTHONPATH": str(PROJECT),
        **extra,
    }


@dataclass
class Installation:
    database_url: str
    mail_port: int
    workers: int = 4
    port: int = field(default_factory=free_port)
    web: subprocess.Popen | None = None
    scheduler: subprocess.Popen | None = None
    log_dir: Path = Path("/tmp")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_web(self) -> None:
        """``gunicorn --workers 4`` as the README's production section has it (4 workers for 2 cores)."""
        command = [str(BIN / "gunicorn"), "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}", APP]
        log = open(self.log_dir / "gunicorn.log", "ab")
        self.web = subprocess.Popen(  # nosec B603 - fixed arguments
            command, env=environment(self.database_url, self.mail_port), stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn antwortet nicht")

    def start_scheduler(self) -> None:
        """``foerderweg scheduler``: sweep, mail, background jobs (every 2 s here, 5 s by default)."""
        log = open(self.log_dir / "scheduler.log", "ab")
        self.scheduler = subprocess.Popen(  # nosec B603 - fixed arguments
            [str(BIN / "foerderweg"), "scheduler"],
            env=environment(self.database_url, self.mail_port, JOBS_INTERVAL_SECONDS="2", MAIL_INTERVAL_SECONDS="5"),
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def web_workers(self) -> list[psutil.Process]:
        return psutil.Process(self.web.pid).children() if self.web else []

    def stop(self) -> None:
        for process in (self.scheduler, self.web):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def database_pids(database_url: str) -> set[int]:
    """The server processes serving our database now (the server is shared: never the others')."""
    name = make_url(database_url).database
    engine = create_engine(make_url(database_url).set(database="postgres"))
    with engine.connect() as connection:
        pids = set(connection.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = :n"), {"n": name}))
    engine.dispose()
    return pids


class CpuMeter:
    """CPU seconds of the web processes, the scheduler, our database's backends and the load tool, sampled."""

    def __init__(self, installation: Installation, database_url: str, load_pid: int | None = None):
        self.installation, self.database_url, self.load_pid = installation, database_url, load_pid
        self.seen: dict[tuple[str, int], float] = {}
        self.totals = {"web": 0.0, "db": 0.0, "scheduler": 0.0, "load": 0.0}
        self.machine = psutil.cpu_times()

    def _groups(self) -> dict[str, list[int]]:
        web = [self.installation.web.pid] + [p.pid for p in self.installation.web_workers()]
        scheduler = [self.installation.scheduler.pid] if self.installation.scheduler else []
        load = [self.load_pid] if self.load_pid else []
        return {"web": web, "db": sorted(database_pids(self.database_url)), "scheduler": scheduler, "load": load}

    def sample(self) -> None:
        """Add what each process used since the last sample; a process first seen after the first sample started
        meanwhile and counts whole (a worker restarted, a new database connection)."""
        first = not self.seen
        for group, pids in self._groups().items():
            for pid in pids:
                try:
                    times = psutil.Process(pid).cpu_times()
                except psutil.Error:
                    continue
                # Children waited for count too: the scheduler's LibreOffice runs for the PDF copies.
                used = times.user + times.system + times.children_user + times.children_system
                previous = self.seen.get((group, pid), used if first else 0.0)
                self.totals[group] += used - previous
                self.seen[(group, pid)] = used

    def snapshot(self) -> dict[str, float]:
        self.sample()
        machine = psutil.cpu_times()
        busy = sum(machine) - machine.idle - machine.iowait
        return {**self.totals, "machine": busy, "at": time.monotonic()}

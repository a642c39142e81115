"""Two web hosts (gunicorn, several workers each) and schedulers on one PostgreSQL behave as one installation."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess  # nosec B404 - the test starts gunicorn itself
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from sqlalchemy import func, select, update

from conftest import PASSWORD, subprocess_environment
from factories import in_state
from smtp_server import SmtpServer
from workflow.db import db
from workflow.models import AuditEntry, Deadline, OutgoingMail

pytestmark = pytest.mark.postgres_only
SECRET = "shared-secret-of-the-installation"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn beendet: {process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn auf Port {port} antwortet nicht")


@pytest.fixture
def hosts(database_url, tmp_path):
    """Two gunicorn instances with two workers each, as on two hosts: same database, same secret."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    environment = subprocess_environment(DATABASE_URL=database_url, SECRET_KEY=SECRET)
    started = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen(  # nosec B603 - fixed arguments
            [
                gunicorn,
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--chdir",
                str(tmp_path),
                "workflow:create_app()",
            ],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append((port, process))
    try:
        for port, process in started:
            _wait_until_serving(port, process)
        yield [port for port, _ in started]
    finally:
        for _, process in started:
            process.terminate()
            process.wait(timeout=20)


class Browser:
    """Just enough of a browser: keeps the session cookie itself (it is Secure, and we speak plain http)."""

    def __init__(self):
        self.cookie = ""

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body = "&".join(f"{key}={value}" for key, value in (form or {}).items())
        headers = {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        connection.request(method, path, body=body if form is not None else None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8")
        set_cookie = response.getheader("Set-Cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";", 1)[0]
        return response.status, response.getheader("Location"), text

    def token(self, port: int, path: str) -> str:
        _, _, page = self.request(port, "GET", path)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def login(self, port: int, username: str, password: str = PASSWORD) -> int:
        token = self.token(port, "/anmelden")
        status, _, _ = self.request(
            port, "POST", "/anmelden", {"username": username, "password": password, "csrf_token": token}
        )
        return status


def test_a_login_on_one_host_is_valid_on_the_other_and_a_logout_ends_it_everywhere(hosts):
    first, second = hosts
    browser = Browser()
    assert browser.login(first, "kommune.tettnang") == 302
    assert browser.request(second, "GET", "/kommune")[0] == 200
    old_cookie = browser.cookie
    assert browser.request(second, "POST", "/abmelden", {"csrf_token": browser.token(second, "/kommune")})[0] == 302
    replay = Browser()
    replay.cookie = old_cookie
    status, location, _ = replay.request(first, "GET", "/kommune")
    assert status == 302 and "/anmelden" in location


def test_the_login_limit_counts_attempts_on_both_hosts(hosts):
    first, second = hosts
    for attempt in range(5):
        assert Browser().login(hosts[attempt % 2], "pruefung.sued", "falsch") == 401
    assert Browser().login(first, "pruefung.sued") == 429
    assert Browser().login(second, "pruefung.sued") == 429


def _scheduler(environment, tmp_path):
    command = str(Path(sys.executable).with_name("foerderweg"))
    return subprocess.Popen(  # nosec B603 - fixed arguments
        [command, "scheduler"],
        env=environment,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_schedulers_outside_the_web_hosts_act_once_even_when_two_were_started(app, hosts, database_url, tmp_path):
    application_id, _ = in_state(app, "information_requested")
    with app.app_context():
        # The period ran out long ago (the schedulers use the real clock).
        db.session.execute(update(Deadline).values(due_on=date(2020, 1, 31)))
        db.session.commit()
    smtp = SmtpServer()
    mailbox = smtp.start()
    environment = subprocess_environment(
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp.port),
        MAIL_INTERVAL_SECONDS="1",
    )
    schedulers = [_scheduler(environment, tmp_path) for _ in range(2)]
    with app.app_context():
        queued = db.session.scalar(select(func.count()).select_from(OutgoingMail))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(mailbox.messages) < queued + 2:
            time.sleep(0.5)
        time.sleep(3)  # room for a second delivery, if anything were doubled
    finally:
        for process in schedulers:
            process.terminate()
            process.wait(timeout=20)
        smtp.stop()
    with app.app_context():
        expiries = db.session.scalar(
            select(func.count()).where(
                AuditEntry.application_id == application_id, AuditEntry.transition == "expire_response"
            )
        )
        sent = db.session.scalar(
            select(func.count()).select_from(OutgoingMail).where(OutgoingMail.sent_at.is_not(None))
        )
    assert expiries == 1
    identities = [message["Message-ID"] for message in mailbox.messages]
    assert len(identities) == len(set(identities)) == sent == queued + 2, "every queued mail arrived exactly once"
    expiry_mails = [m for m in mailbox.messages if m["Subject"].startswith("Frist der Nachforderung abgelaufen")]
    assert len(expiry_mails) == 2, "to the applicant's clerk and to the reviewer"

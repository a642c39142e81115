"""Faults under load: what a user was told succeeded survives, nothing is half-done or done twice, jobs resume.

    python benchmarks/faults.py [--users 30] [--postgres URL]

Runs the installation of benchmarks/load.py (gunicorn with 4 workers, one scheduler, a mail server of our own) on a
copy of a small Land (``--postgres``, default load_faults; built into ``…_seed`` unless ``--reuse``), with Locust
working throughout, and injects one fault after another:

- a gunicorn worker killed (SIGKILL) while its database connection is inside a transaction (a step half-way);
- the database's connections cut (``pg_terminate_backend`` on our database only: the PostgreSQL server is shared
  with other people's tests, so it is not restarted; for the application a restarted server looks the same — every
  connection it held is gone);
- the mail server refusing (421) and then not answering (hanging past ``MAIL_TIMEOUT``);
- the scheduler killed during a Sammelzeichnung, and again during a sweep with many deadlines due;
- the disk full where a backup is written (a 1 MB tmpfs if this machine lets us mount one, else a file-size limit
  on pg_dump, which fails the same way);
- and the restore drill: a backup taken under load, restored into a fresh database, verified, and the last step
  acknowledged before the backup found in it.

After each, every acknowledged step (benchmarks/locustfile.py logs them) is looked up (fault_checks.py) and
``foerderweg verify`` runs; per fault it prints acknowledged steps checked, lost, duplicated, and the time to recover.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess  # nosec B404 - the fault script drives its own processes
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import requests
from sqlalchemy import create_engine, make_url, text

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(PROJECT / "tests"), str(PROJECT / "benchmarks"), str(PROJECT)]

from fault_checks import acknowledged, check, queued_mail  # noqa: E402
from load import Round, build_seed, recreate  # noqa: E402
from load_services import BIN, Installation, environment, start_mail_server  # noqa: E402

OPTIONS = {"scale": 0, "round": 150, "pool": 30}
ROWS: list[tuple[str, int, int, int, str, str]] = []


def wait_for(condition, seconds: float, every: float = 0.5) -> float | None:
    """Seconds until ``condition()`` holds, or None after ``seconds``."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if condition():
            return time.monotonic() - start
        time.sleep(every)
    return None


def serving(installation: Installation) -> bool:
    """A page that needs the database answers (the login page reads the session table)."""
    try:
        return requests.get(installation.base_url + "/anmelden", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def record(name: str, url: str, acks: Path, mail_port: int, recovered: float | None, note: str = "") -> None:
    result = check(url, acks, mail_port)
    recovery = "nicht erholt" if recovered is None else f"{recovered:.1f} s"
    ROWS.append((name, result.checked, len(result.lost), len(result.duplicated), recovery, result.verify[:60]))
    for problem in (result.lost + result.duplicated)[:5]:
        print(f"  {name}: {problem}", flush=True)
    print(f"{name}: {ROWS[-1][1:]} {note}", flush=True)


def kill_worker_mid_transition(installation: Installation, url: str) -> str:
    """SIGKILL the worker whose database connection is inside a writing transaction (found by its client port)."""
    name = make_url(url).database
    engine = create_engine(make_url(url).set(database="postgres"))
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                ports = set(
                    connection.scalars(
                        text("SELECT client_port FROM pg_stat_activity WHERE datname = :n AND backend_xid IS NOT NULL"),
                        {"n": name},
                    )
                )
            for worker in installation.web_workers():
                if any(c.laddr.port in ports for c in worker.net_connections(kind="tcp")):
                    worker.send_signal(signal.SIGKILL)
                    return "mitten in einem schreibenden Schritt"
            time.sleep(0.05)
    finally:
        engine.dispose()
    installation.web_workers()[0].send_signal(signal.SIGKILL)
    return "kein schreibender Schritt gefunden: irgendein Worker"


def cut_database_connections(url: str) -> int:
    engine = create_engine(make_url(url).set(database="postgres"))
    with engine.connect() as connection:
        cut = len(
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": make_url(url).database},
            ).all()
        )
    engine.dispose()
    return cut


def sweep_due(url: str) -> int:
    """Every open remedy period of a decided case ends yesterday: the sweep makes those decisions final."""
    engine = create_engine(url)
    with engine.begin() as connection:
        due = connection.execute(
            text("UPDATE deadline SET due_on = :day WHERE status = 'open' AND kind = 'remedy'"),
            {"day": date.today() - timedelta(days=2)},
        ).rowcount
    engine.dispose()
    return due


def open_due(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.scalar(
            text("SELECT count(*) FROM deadline WHERE status = 'open' AND kind = 'remedy' AND due_on < CURRENT_DATE")
        )
    engine.dispose()
    return count


def backup(url: str, mail_port: int, target: Path, limit_bytes: int | None = None) -> subprocess.CompletedProcess:
    def limited():  # the disk full for pg_dump alone: writing beyond the limit fails as on a full disk
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return subprocess.run(  # nosec B603 - fixed arguments
        [str(BIN / "foerderweg"), "backup", str(target)],
        env=environment(url, mail_port),
        capture_output=True,
        text=True,
        preexec_fn=limited if limit_bytes else None,
    )


def tiny_disk(folder: Path) -> bool:
    folder.mkdir(exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)]).returncode == 0  # nosec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/load_faults")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "foerderweg-load", "faults"))
    arguments = parser.parse_args()
    workdir, url = Path(arguments.workdir), arguments.postgres
    workdir.mkdir(parents=True, exist_ok=True)
    seed_url = make_url(url).set(database=make_url(url).database + "_seed").render_as_string(hide_password=False)
    plan_path = workdir / "plan.json"
    plan = json.loads(plan_path.read_text()) if arguments.reuse and plan_path.exists() else None
    plan = plan or build_seed(seed_url, OPTIONS, plan_path)
    recreate(url, template=make_url(seed_url).database)
    controller, mailbox = start_mail_server()
    installation = Installation(url, controller.port, log_dir=workdir)
    acks, steps_out = workdir / "acks.jsonl", workdir / "steps.jsonl"
    for path in (acks, steps_out):
        path.unlink(missing_ok=True)
    installation.start_web()
    installation.start_scheduler()
    locust = subprocess.Popen(  # nosec B603 - fixed arguments
        [str(BIN / "locust"), "-f", str(PROJECT / "benchmarks" / "locustfile.py"), "--headless", "--only-summary"]
        + ["--host", installation.base_url, "--loglevel", "WARNING"],
        env={
            **os.environ,
            "LOAD_PLAN": str(plan_path),
            "LOAD_ACKS": str(acks),
            "LOAD_STEPS_OUT": str(steps_out),
            "LOAD_STEPS": str(arguments.users),
            "LOAD_STEP_SECONDS": "7200",
            "LOAD_SETTLE_SECONDS": "1",
        },
        stdout=open(workdir / "locust.log", "wb"),
        stderr=subprocess.STDOUT,
    )
    port = controller.port
    try:
        time.sleep(40)
        record("Ausgangslage (keine Störung)", url, acks, port, 0.0)
        for attempt in range(3):
            where = kill_worker_mid_transition(installation, url)
            recovered = wait_for(lambda: len(installation.web_workers()) == 4 and serving(installation), 60)
            time.sleep(10)
            record(f"Worker kill -9 #{attempt + 1}", url, acks, port, recovered, where)
        for attempt in range(2):
            cut = cut_database_connections(url)
            recovered = wait_for(lambda: serving(installation), 60)
            time.sleep(10)
            record(f"Datenbankverbindungen getrennt #{attempt + 1}", url, acks, port, recovered, f"{cut} Verbindungen")
        mailbox.mode = "refuse"
        time.sleep(20)
        mailbox.mode = "hang"
        time.sleep(45)
        mailbox.mode = "accept"
        fault_ended = datetime.now(timezone.utc)
        recovered = wait_for(lambda: queued_mail(url, fault_ended) == 0, 600, every=5)
        record("Mailserver weist ab, dann hängt er", url, acks, port, recovered, f"{mailbox.received} Mails zugestellt")
        round_ = Round(url, plan["round"])
        round_.order()
        wait_for(lambda: round_progress(url, round_.job_id) > 5, 120)
        installation.scheduler.send_signal(signal.SIGKILL)
        installation.scheduler.wait()
        started = time.monotonic()
        installation.start_scheduler()
        done = wait_for(round_.poll, 900, every=2)
        record(
            "Scheduler kill -9 während der Sammelzeichnung",
            url,
            acks,
            port,
            None if done is None else time.monotonic() - started,
            str(round_.result),
        )
        due = sweep_due(url)
        installation.scheduler.send_signal(signal.SIGKILL)
        installation.scheduler.wait()
        installation.start_scheduler()  # the sweep runs at once on start …
        time.sleep(1.5)
        installation.scheduler.send_signal(signal.SIGKILL)  # … and is killed in the middle
        installation.scheduler.wait()
        left = open_due(url)
        started = time.monotonic()
        installation.start_scheduler()
        recovered = wait_for(lambda: open_due(url) == 0, 300, every=2)
        record(
            "Scheduler kill -9 während des Sweeps",
            url,
            acks,
            port,
            None if recovered is None else time.monotonic() - started,
            f"{due} Fristen fällig, {left} nach dem Abbruch offen",
        )
        full = workdir / "voll"
        mounted = tiny_disk(full)
        answer = backup(url, port, full / "sicherung.dump", None if mounted else 1_000_000)
        german = "fehlgeschlagen" in answer.stderr and "Traceback" not in answer.stderr
        started = time.monotonic()
        good = backup(url, port, workdir / "sicherung.dump")
        ROWS.append(
            (
                f"Platte voll beim Sichern ({'tmpfs 1 MB' if mounted else 'Dateigrößen-Limit 1 MB'})",
                0,
                0,
                0,
                f"{time.monotonic() - started:.1f} s (nächste Sicherung)",
                f"exit {answer.returncode}, deutsch {german}, danach exit {good.returncode}",
            )
        )
        print(ROWS[-1], answer.stderr.strip()[-300:], flush=True)
        if mounted:
            subprocess.run(["umount", str(full)])  # nosec
        restore_drill(url, port, acks, workdir)
    finally:
        locust.send_signal(signal.SIGTERM)
        locust.wait(timeout=60)
        installation.stop()
        controller.stop()
    print_table(steps_out)


def round_progress(url: str, job_id: int) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        done = connection.scalar(text("SELECT done FROM background_job WHERE id = :id"), {"id": job_id}) or 0
    engine.dispose()
    return done


def restore_drill(url: str, port: int, acks: Path, workdir: Path) -> None:
    """A backup taken while the load runs, restored into a fresh database: verify, and the last acknowledged step."""
    before = acknowledged(acks)[-1]
    time.sleep(1)
    target = workdir / "drill.dump"
    taken = backup(url, port, target)
    fresh = make_url(url).set(database=make_url(url).database + "_restored").render_as_string(hide_password=False)
    recreate(fresh)
    started = time.monotonic()
    restored = subprocess.run(  # nosec B603 - fixed arguments
        [str(BIN / "foerderweg"), "restore", "--yes", str(target)],
        env=environment(fresh, port),
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    engine = create_engine(fresh)
    with engine.connect() as connection:
        present = connection.scalar(
            text("SELECT count(*) FROM audit_entry WHERE application_id = :case AND transition = :name"),
            {"case": before["case"], "name": before["transition"]},
        )
    engine.dispose()
    result = check(fresh, acks.with_name("none.jsonl"), port)
    ROWS.append(
        (
            "Wiederherstellung einer Sicherung unter Last",
            1,
            0 if present else 1,
            len(result.duplicated),
            f"{seconds:.1f} s (restore)",
            f"backup exit {taken.returncode}, restore exit {restored.returncode}, {result.verify[:40]}",
        )
    )
    print(ROWS[-1], f"letzter bestätigter Schritt vor der Sicherung: {before}", flush=True)


def print_table(steps_out: Path) -> None:
    print("\n| Störung | bestätigte Schritte geprüft | verloren | doppelt | Erholung | verify / Ergebnis |")
    print("|---|---|---|---|---|---|")
    for row in ROWS:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    records = [json.loads(line) for line in steps_out.read_text().splitlines()] if steps_out.exists() else []
    for step in (record for record in records if record["event"] == "end"):
        failures = sum(entry["failures"] for entry in step["names"].values())
        requests_ = sum(entry["requests"] for entry in step["names"].values())
        print(f"\nLast: {step['users']} Benutzer, {requests_} Anfragen, {failures} fehlgeschlagen; {step['server']}")
        for error in step["errors"][:10]:
            print(f"  {error['count']}× {error['name']}: {error['error'][:200]}")


if __name__ == "__main__":
    main()

"""Förderweg under the day's load: the real server on PostgreSQL, users in steps until the goals break, one table.

    python benchmarks/load.py            # the full run: the Land at scale 1, 1,000 Bescheide in one round, 20…160 users
    python benchmarks/load.py --smoke    # 1–2 minutes: few users, a small round; fails on any error or 5xx answer

Needs Locust, gunicorn and psutil (``pip install -e '.[test,load]'``) and a PostgreSQL server (``--postgres``; the
database named there and one beside it with ``_seed`` appended are created and emptied). The data is built once into
the seed database (``--reuse`` keeps it between runs) and every run starts from a copy of it
(``CREATE DATABASE … TEMPLATE``). gunicorn runs with the README's production settings (4 workers, the app factory)
and one ``foerderweg scheduler``; Locust runs the mix of benchmarks/locustfile.py in a process of its own, all on
this machine: its CPU is in the table too. When the step with ``--round-at`` users begins, an approver orders the
Sammelzeichnung of every proposal the data holds for it (1,000 in the full run) as the page does; the scheduler
signs it while the others work.

Goals (issue 27): p95 ≤ 300 ms for pages, ≤ 500 ms for steps that write a letter, no errors, at 100 users with
think time; the round of 1,000 within 2 minutes. The knee is the first step that misses one of them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess  # nosec B404 - the load tool runs in its own process
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, func, make_url, select, text

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(PROJECT / "tests"), str(PROJECT / "benchmarks"), str(PROJECT)]

import load_report  # noqa: E402  (benchmarks/load_report.py)
from load_services import ANCHOR_KEY, BIN, CpuMeter, Installation, start_mail_server  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/load_pg"
FULL = {"scale": 1, "round": 1000, "pool": 40, "steps": "20,40,60,80,100,130,160", "step_seconds": 120}
SMOKE = {"scale": 0, "round": 20, "pool": 6, "steps": "3,6", "step_seconds": 40}


def app_for(url: str):
    from workflow import create_app

    return create_app({"DATABASE_URL": url, "SECOND_FACTOR_ROLES": (), "CHAIN_ANCHOR_KEY": ANCHOR_KEY})


def server_engine(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def recreate(url: str, template: str | None = None) -> None:
    """Drop and create the database of ``url`` (only ours: its name is ours), as a copy of ``template`` if given."""
    name = make_url(url).database
    engine = server_engine(url)
    with engine.connect() as connection:
        for database in filter(None, (name, template)):  # both ours; a copy needs its template unused
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": database}
            )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    engine.dispose()


def build_seed(seed_url: str, options: dict, plan_path: Path) -> dict:
    import land_scale
    import load_data
    from workflow.db import db

    recreate(seed_url)
    app = app_for(seed_url)
    with app.app_context():
        plan = load_data.build(land_scale.DEFAULT_TABLE, options["scale"], options["round"], options["pool"])
        db.session.close()
        db.engine.dispose()
    plan_path.write_text(json.dumps(plan))
    return plan


class Round:
    """The Sammelzeichnung ordered by ``zeichnung`` during the load, as the page orders it, and how it went."""

    def __init__(self, url: str, ids: list[int]):
        self.app, self.ids, self.job_id, self.result = app_for(url), ids, None, None

    def order(self) -> None:
        from factories import user
        from workflow.db import db
        from workflow.jobs.runner import order

        with self.app.app_context():
            job = order(
                db.session, user("zeichnung"), "round", "Sammelzeichnung (Lasttest)", {"application_ids": self.ids}
            )
            self.job_id = job.id

    def poll(self, give_up: bool = False) -> bool:
        """True once the job has finished (or, with ``give_up``, now: the result then says how far it got)."""
        from workflow.db import db
        from workflow.models import Application, BackgroundJob

        if self.job_id is None or self.result is not None:
            return self.result is not None
        with self.app.app_context():
            job = db.session.get(BackgroundJob, self.job_id)
            if not job.finished and not give_up:
                return False
            decided = db.session.scalar(
                select(func.count())
                .select_from(Application)
                .where(Application.id.in_(self.ids), Application.state.in_(("granted", "rejected")))
            )
            end = job.finished_at or clock_now()
            seconds = (end - job.created_at).total_seconds()
            self.result = {"status": job.status, "items": len(self.ids), "signed": decided, "seconds": seconds}
            self.result["problems"] = (job.problems or [])[:5]
        return True


def clock_now():
    from workflow import clock

    return clock.now()


def run_locust(installation: Installation, plan_path: Path, options: dict, workdir: Path, url: str, plan: dict):
    steps_out, acks = workdir / "steps.jsonl", workdir / "acks.jsonl"
    for path in (steps_out, acks):
        path.unlink(missing_ok=True)
    environment = {
        **os.environ,
        "LOAD_PLAN": str(plan_path),
        "LOAD_ACKS": str(acks),
        "LOAD_STEPS_OUT": str(steps_out),
        "LOAD_STEPS": options["steps"],
        "LOAD_STEP_SECONDS": str(options["step_seconds"]),
        "LOAD_SETTLE_SECONDS": str(min(20, options["step_seconds"] // 3)),
    }
    command = [str(BIN / "locust"), "-f", str(PROJECT / "benchmarks" / "locustfile.py"), "--headless"]
    command += ["--host", installation.base_url, "--only-summary", "--loglevel", "WARNING"]
    log = open(workdir / "locust.log", "wb")
    locust = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)  # nosec B603
    meter, samples = CpuMeter(installation, url, locust.pid), []
    round_ = Round(url, plan["round"])
    round_users = options["round_at"]
    load_ended = None
    while locust.poll() is None or not round_.poll() and round_.job_id is not None:
        samples.append({**meter.snapshot(), "wall": time.time()})
        if locust.poll() is not None:
            load_ended = load_ended or time.monotonic()
            if time.monotonic() - load_ended > options["round_wait"]:
                round_.poll(give_up=True)  # the table says how far the round got
                break
        if round_.job_id is None and steps_out.exists():
            started = [json.loads(line) for line in steps_out.read_text().splitlines()]
            if any(record["event"] == "start" and record["users"] >= round_users for record in started):
                round_.order()
        round_.poll()
        time.sleep(2)
    records = [json.loads(line) for line in steps_out.read_text().splitlines()] if steps_out.exists() else []
    return [record for record in records if record["event"] == "end"], samples, round_.result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="few users, small data; fail on any error or 5xx")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--reuse", action="store_true", help="keep the seed database and plan of an earlier run")
    parser.add_argument("--steps", help="users per step, e.g. 20,40,60")
    parser.add_argument("--step-seconds", type=int)
    parser.add_argument("--round-at", type=int, default=100, help="order the round when this many users work")
    parser.add_argument("--round-wait", type=int, default=300, help="seconds to wait for the round after the last step")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "foerderweg-load"))
    arguments = parser.parse_args()
    options = dict(SMOKE if arguments.smoke else FULL)
    options.update(
        {key: value for key, value in (("steps", arguments.steps), ("step_seconds", arguments.step_seconds)) if value}
    )
    options["round_wait"] = arguments.round_wait
    options["round_at"] = min(arguments.round_at, max(int(n) for n in options["steps"].split(",")))
    workdir = Path(arguments.workdir) / ("smoke" if arguments.smoke else "full")
    workdir.mkdir(parents=True, exist_ok=True)
    url = arguments.postgres
    seed_url = make_url(url).set(database=make_url(url).database + "_seed").render_as_string(hide_password=False)
    plan_path = workdir / "plan.json"
    if arguments.reuse and plan_path.exists():
        plan = json.loads(plan_path.read_text())
    else:
        print("Baue die Daten …", flush=True)
        plan = build_seed(seed_url, options, plan_path)
    print(plan["data"], flush=True)
    recreate(url, template=make_url(seed_url).database)
    controller, mailbox = start_mail_server()
    installation = Installation(url, controller.port, log_dir=workdir)
    try:
        installation.start_web()
        installation.start_scheduler()
        steps, samples, round_result = run_locust(installation, plan_path, options, workdir, url, plan)
    finally:
        installation.stop()
        controller.stop()
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    header = (
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average after the run {load} (shared machine)\n"
        f"Data: {plan['data']}\nServer: gunicorn --workers 4, foerderweg scheduler, PostgreSQL {url.split('@')[-1]}; "
        f"think time 4–12 s; steps of {options['step_seconds']} s; mails delivered: {mailbox.received}"
    )
    report = load_report.report(steps, samples, round_result, header)
    print(report, flush=True)
    (workdir / "report.md").write_text(report)
    if not steps or (arguments.smoke and not load_report.clean(steps, round_result)):
        print("FEHLER: Fehler oder 5xx-Antworten unter Last (siehe oben).", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()

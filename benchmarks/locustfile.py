"""The day's work at the Land's scale, for Locust (started by benchmarks/load.py, which names the plan in LOAD_PLAN).

Every request is named by its kind, the first word being what the goals distinguish: „Seite“ (a page, p95 ≤ 300 ms),
„Brief“ (a step that writes a letter, p95 ≤ 500 ms), „Schritt“ (a step without one), „Download“, „API“ and
„Anmeldung“. A step is acknowledged when the server redirects back to the case (the user saw „erledigt“); each one is
appended to LOAD_ACKS (JSON lines) so that benchmarks/faults.py can find it in the database afterwards.
A pool that is used up (no case left to take) makes that task a page view instead of a failure.

The users come in steps (LOAD_STEPS, e.g. „20,40,60“, each LOAD_STEP_SECONDS long); each step is measured after
LOAD_SETTLE_SECONDS (the logins and the ramp are not in its figures) and written to LOAD_STEPS_OUT as one JSON line
with every request name's histogram, its failures, the 5xx answers and the answers that showed a stack trace.
"""

from __future__ import annotations

import json
import os
import random
import re
import time

from locust import HttpUser, LoadTestShape, between, events, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())
ACKS = os.environ.get("LOAD_ACKS")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DOCUMENT = re.compile(r"/dokumente/(\d+)")
REVISION = re.compile(r'name="revision" value="(\d+)"')
CASE = re.compile(r"/antraege/(\d+)")
PASSWORD = "demo"
TEILHABE_FORM = {
    **PLAN["teilhabe_form"],
    "action": "review",
}
POOLS = {name: list(ids) for name, ids in PLAN["teilhabe"].items()}
PLAN_FRESH = set(PLAN["fresh_clerks"])
FRESH_CLERKS = list(PLAN["fresh_clerks"])
random.shuffle(FRESH_CLERKS)


def acknowledge(case: int, transition: str, kind: str) -> None:
    if ACKS:
        with open(ACKS, "a", encoding="utf-8") as log:
            log.write(json.dumps({"case": case, "transition": transition, "kind": kind, "at": time.time()}) + "\n")


class Worker(HttpUser):
    abstract = True
    wait_time = between(4, 12)
    username = ""

    def on_start(self) -> None:
        self.login(self.username)

    def login(self, username: str) -> None:
        self.client.cookies.clear()
        token = self.csrf("/anmelden", "Anmeldung (Formular)")
        data = {"username": username, "password": PASSWORD, "csrf_token": token}
        with self.client.post(
            "/anmelden", data=data, name="Anmeldung", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"Anmeldung als {username}: HTTP {response.status_code}")

    def page(self, path: str, name: str) -> str:
        with self.client.get(path, name=f"Seite: {name}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response.text or ""

    def csrf(self, path: str, name: str) -> str:
        match = CSRF.search(self.page(path, name))
        return match.group(1) if match else ""

    def step(self, case: int, name: str, data: dict, letter: bool) -> bool:
        """The step's form as the case page shows it, then the step; True when it was acknowledged."""
        token = self.csrf(f"/antraege/{case}/aktionen/{name}", f"Formular {name}")
        kind = "Brief" if letter else "Schritt"
        with self.client.post(
            f"/antraege/{case}/aktionen/{name}",
            data={**data, "csrf_token": token},
            name=f"{kind}: {name}",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and response.headers.get("Location", "").endswith(f"/antraege/{case}"):
                acknowledge(case, name, kind)
                return True
            response.failure(f"{name} auf {case}: HTTP {response.status_code}")
            return False

    def download(self, path: str, name: str) -> None:
        with self.client.get(path, name=f"Download: {name}", catch_response=True) as response:
            if response.status_code != 200 or not response.content:
                response.failure(f"HTTP {response.status_code}")


class Clerk(Worker):
    """A municipality's clerk: the own list and case, its letters; drafts, saves and submits a new project."""

    weight = 40

    def on_start(self) -> None:
        mine = random.choice(PLAN["clerks_with_case"])
        self.username, self.case = mine["username"], mine["case"]
        super().on_start()

    @task(4)
    def own_cases(self) -> None:
        self.page("/kommune", "Kommune (eigene Fälle)")
        page = self.page(f"/antraege/{self.case}", "Antragsseite (Kommune)")
        documents = DOCUMENT.findall(page)
        if documents:
            self.download(f"/dokumente/{random.choice(documents)}", "Brief (Word)")

    @task(1)
    def new_project(self) -> None:
        """Once per user: a clerk of a municipality without a project logs in and applies (one live application
        per municipality and programme); from then on this user works on that case."""
        if not FRESH_CLERKS or self.username in PLAN_FRESH:
            return self.own_cases()
        self.username = FRESH_CLERKS.pop()  # another municipality's clerk starts a project and stays
        self.login(self.username)
        token = self.csrf("/programme/teilhabe/antraege/neu", "Neuer Antrag (Formular)")
        with self.client.post(
            "/programme/teilhabe/antraege/neu",
            data={**TEILHABE_FORM, "action": "save", "csrf_token": token},
            name="Schritt: Entwurf anlegen",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            match = CASE.search(response.headers.get("Location", ""))
            if response.status_code != 302 or not match:
                response.failure(f"Entwurf: HTTP {response.status_code}")
                return
        case = self.case = int(match.group(1))
        token = self.csrf(f"/antraege/{case}/bearbeiten", "Entwurf (Formular)")
        with self.client.post(
            f"/antraege/{case}/bearbeiten",
            data={**TEILHABE_FORM, "csrf_token": token},
            name="Schritt: Entwurf speichern",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"Entwurf speichern: HTTP {response.status_code}")
                return
        summary = self.page(f"/antraege/{case}/aktionen/submit", "Zusammenfassung")
        revision = REVISION.search(summary)
        self.step(case, "submit", {"confirm": "y", "revision": revision.group(1) if revision else ""}, letter=True)


class Reviewer(Worker):
    """The Regierungspräsidium's review: queues and search for the Kreise; takes, asks and proposes projects."""

    weight = 25

    def on_start(self) -> None:
        self.username = random.choice(["pruefung.sued", "pruefung.nord", "pruefung.teilhabe"])
        super().on_start()

    @task(5)
    def queues(self) -> None:
        self.page("/pruefung", "Prüfung: wartende Fälle")
        query = random.choice(["Tettnang", "RPS-IM", "Person 0843", "Gemeinde"])
        page = self.page(f"/pruefung?status=alle&suche={query}", "Prüfung: Suche")
        cases = CASE.findall(page)
        if cases:
            self.page(f"/antraege/{random.choice(cases)}", "Antragsseite (Prüfung)")

    @task(3)
    def work(self) -> None:
        if self.username != "pruefung.teilhabe":
            return self.queues()
        choice = random.random()
        if choice < 0.4 and POOLS["submitted"]:
            case = POOLS["submitted"].pop()
            self.page(f"/antraege/{case}", "Antragsseite (Prüfung)")
            if self.step(case, "take", {}, letter=False):
                POOLS["in_review"].insert(0, case)
        elif choice < 0.6 and POOLS["in_review"]:
            case = POOLS["in_review"].pop()
            self.page(f"/antraege/{case}", "Antragsseite (Prüfung)")
            request = {"message": "Bitte den Finanzierungsplan belegen.", "period_days": "14"}  # the form's default
            self.step(case, "request_information", request, letter=True)
        elif POOLS["in_review"]:
            case = POOLS["in_review"].pop()
            self.page(f"/antraege/{case}", "Antragsseite (Prüfung)")
            rulings = {"rulings-0-outcome": "granted", "rulings-1-outcome": "granted", "reasons": ""}
            if self.step(case, "propose_decision", rulings, letter=False):
                POOLS["proposed"].insert(0, case)
        else:
            self.queues()


class Approver(Worker):
    """Signs single proposals (four eyes: never the own) and looks at the Sammelzeichnung's list."""

    weight = 8

    def on_start(self) -> None:
        self.username = random.choice(["zeichnung", "referatsleitung"])
        super().on_start()

    @task(3)
    def sign(self) -> None:
        self.page("/zeichnung", "Zeichnung")
        if POOLS["proposed"]:
            case = POOLS["proposed"].pop()
            self.page(f"/antraege/{case}", "Antragsseite (Zeichnung)")
            self.step(case, "sign_grant", {}, letter=True)

    @task(1)
    def round_list(self) -> None:
        self.page("/sammelzeichnung/", "Sammelzeichnung (bis 200 Vorschläge)")


class Ministry(Worker):
    """The ministry's overview and a case's audit dossier."""

    weight = 5
    username = "ministerium"

    @task(3)
    def overview(self) -> None:
        path, name = random.choice(
            [
                ("/uebersicht", "Ministerium: Mittelbindung"),
                ("/uebersicht/antraege", "Ministerium: alle Anträge"),
                ("/uebersicht/haushalt", "Ministerium: Haushalt je Antragsteller"),
                ("/uebersicht/haushaltsjahre", "Ministerium: Haushaltsjahre"),
            ]
        )
        self.page(path, name)

    @task(1)
    def dossier(self) -> None:
        self.download(f"/dokumente/akte/{random.choice(PLAN['signed'])}", "Prüfakte (ZIP, signiert)")


class ApiClient(HttpUser):
    """A municipality's case system or the e-Akte: lists, a case with its history, the event feed; new drafts."""

    weight = 10
    wait_time = between(4, 12)

    def on_start(self) -> None:
        self.username, secret = random.choice(list(PLAN["tokens"].items()))
        self.client.headers["Authorization"] = f"Bearer {secret}"

    def get(self, path: str, name: str) -> dict:
        with self.client.get(path, name=f"API: {name}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return {}
            return response.json()

    @task(4)
    def read(self) -> None:
        listing = self.get("/api/v1/cases?limit=20", "Fälle (20)")
        items = listing.get("items") or listing.get("data") or []
        if items:
            case = random.choice(items)["id"]
            self.get(f"/api/v1/cases/{case}", "Fall")
            self.get(f"/api/v1/cases/{case}/history", "Verlauf")
        self.get("/api/v1/events?limit=50", "Ereignisse (50)")

    @task(1)
    def new_draft(self) -> None:
        if self.username in ("pruefung.sued", "ministerium"):
            return self.read()
        body = {"data": {key: value for key, value in PLAN["teilhabe_form"].items()}}
        with self.client.post(
            "/api/v1/programmes/teilhabe/drafts", json=body, name="API: Entwurf anlegen", catch_response=True
        ) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}")


STEPS = [int(users) for users in os.environ.get("LOAD_STEPS", "5").split(",")]
STEP_SECONDS = int(os.environ.get("LOAD_STEP_SECONDS", "60"))
SETTLE_SECONDS = int(os.environ.get("LOAD_SETTLE_SECONDS", "15"))
SPAWN_RATE = float(os.environ.get("LOAD_SPAWN_RATE", "5"))
SERVER_ERRORS = {"5xx": 0, "stack trace": 0, "not German": 0}


@events.request.add_listener
def count_server_errors(response=None, **_) -> None:
    if response is None or response.status_code < 400:
        return
    body = response.text or ""
    if response.status_code >= 500:
        SERVER_ERRORS["5xx"] += 1
    if "Traceback" in body:
        SERVER_ERRORS["stack trace"] += 1
    if "text/html" in response.headers.get("Content-Type", "") and 'lang="de"' not in body:
        SERVER_ERRORS["not German"] += 1


class StepLoad(LoadTestShape):
    """Users in steps; each step's figures written when it ends, measured from its settled part only."""

    def __init__(self):
        super().__init__()
        self.step, self.window_start, self.recorded = -1, None, set()

    def tick(self):
        elapsed = self.get_run_time()
        index = int(elapsed // STEP_SECONDS)
        if index != self.step:
            if self.step >= 0:
                self.record(self.step)
            self.step, self.window_start = index, None
            if index < len(STEPS):
                self.write({"event": "start", "step": index, "users": STEPS[index], "at": time.time()})
        if index >= len(STEPS):
            return None
        if self.window_start is None and elapsed - index * STEP_SECONDS >= SETTLE_SECONDS:
            self.runner.stats.reset_all()
            SERVER_ERRORS.update(dict.fromkeys(SERVER_ERRORS, 0))
            self.window_start = time.time()
        return STEPS[index], SPAWN_RATE

    def record(self, index: int) -> None:
        if index in self.recorded:
            return
        self.recorded.add(index)
        stats = self.runner.stats
        names = {
            entry.name: {
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "histogram": {str(ms): count for ms, count in entry.response_times.items()},
            }
            for entry in stats.entries.values()
        }
        errors = [
            {"name": error.name, "error": str(error.error), "count": error.occurrences}
            for error in stats.errors.values()
        ]
        self.write(
            {
                "event": "end",
                "step": index,
                "users": STEPS[index],
                "window": time.time() - (self.window_start or time.time()),
                "window_start": self.window_start,
                "at": time.time(),
                "names": names,
                "errors": errors,
                "server": dict(SERVER_ERRORS),
            }
        )

    @staticmethod
    def write(record: dict) -> None:
        with open(os.environ["LOAD_STEPS_OUT"], "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


@events.test_stop.add_listener
def record_the_step_cut_short(environment, **_) -> None:
    """Stopped from outside (the fault script's SIGTERM): the running step's figures are written all the same."""
    shape = environment.shape_class
    if isinstance(shape, StepLoad) and 0 <= shape.step < len(STEPS):
        shape.record(shape.step)

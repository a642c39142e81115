"""Steps of the Integrationsplan through its real pages (shared by the counselling tests)."""

from __future__ import annotations

import io
import re

from conftest import csrf_token_of
from sample_files import PDF

# Planted in every personal field and plan text; no response outside the counselling organisation may show it.
MARKER = "Zqx7Marker"
CONSENT = ("purpose", "data", "access", "retention", "rights", "voluntary")


def person_form(name: str = f"Amal {MARKER}", **changes) -> dict:
    data = {
        "name": name,
        "birth_date": "01.02.1990",
        "household": f"Tochter {MARKER}",
        "languages": "Arabisch",
        "residence_status": f"§ 25 Abs. 2 AufenthG {MARKER}",
        "accommodation": "Meersburg",
        "counselling_start": "02.11.2026",
        "counselling_end": "",
        "consent_given_on": "02.11.2026",
        "consent_explained": list(CONSENT),
    }
    return {**data, **changes}


def add_person(client, data: dict | None = None, with_file: bool = True):
    """POST the new-person form as the logged-in manager; returns the response (redirect to the plan)."""
    page = client.get("/beratung/personen/neu").get_data(as_text=True)
    form = {**(data or person_form()), "csrf_token": csrf_token_of(page)}
    if with_file:
        form["consent_file"] = (io.BytesIO(PDF), "einwilligung.pdf")
    return client.post("/beratung/personen/neu", data=form, content_type="multipart/form-data")


def client_id_of(response) -> int:
    return int(re.search(r"/beratung/personen/(\d+)", response.headers["Location"]).group(1))


def plan_form(goals: list[dict], review_on: str = "15.12.2026", **situation) -> dict:
    data = {"review_on": review_on, "action": "save"}
    defaults = {
        "schooling": f"Abitur {MARKER}",
        "training": "",
        "competences": "Pflege",
        "recognition": "offen",
        "language": "A2",
        "development": "",
    }
    for key, value in {**defaults, **situation}.items():
        data[f"situation_{key}"] = value
    for index, goal in enumerate(goals):
        full = {
            "token": "",
            "area": "language",
            "goal": "",
            "steps": "",
            "who": "person",
            "service": "",
            "due_on": "",
            "status": "open",
            **goal,
        }
        for key, value in full.items():
            data[f"goals-{index}-{key}"] = value
    return data


THREE_AREAS = [
    {"area": "language", "goal": f"Deutsch B1 {MARKER}", "steps": "Integrationskurs", "due_on": "30.06.2027"},
    {"area": "work", "goal": "Ausbildung Pflege", "who": "service", "service": "Jobcenter", "status": "in_progress"},
    {"area": "housing", "goal": "Eigene Wohnung", "who": "manager"},
]


def save_plan(client, client_id: int, data: dict):
    url = f"/beratung/personen/{client_id}/plan"
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token_of(page)})


def tokens_of(client, client_id: int) -> list[str]:
    """The goal tokens the plan form carries (to update goals as the form does)."""
    page = client.get(f"/beratung/personen/{client_id}/plan?entwurf=verwerfen").get_data(as_text=True)
    return re.findall(r'name="goals-\d+-token" type="hidden" value="([0-9a-f]+)"', page)


def planted_person(client, auth, manager: str = "im.meersburg") -> int:
    """A person with the marker everywhere and a plan in three areas, made by ``manager``; logged out after."""
    auth.login(manager)
    client_id = client_id_of(add_person(client))
    save_plan(client, client_id, plan_form(THREE_AREAS))
    auth.logout()
    return client_id

"""A round of Bescheide: chosen from a list, signed case by case in the background with every check of a single
signature; what cannot be signed is named and the rest is done."""
from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import func, select

from factories import GRANT_ALL, fire, in_state, rulings
from workflow.db import db
from workflow.jobs.runner import run_background_jobs
from workflow.models import Application, AuditEntry, BackgroundJob


def _states(app, ids):
    with app.app_context():
        return [db.session.get(Application, application_id).state for application_id in ids]


def test_a_round_signs_every_chosen_proposal_and_names_the_one_returned_meanwhile(app, client, auth):
    ids = [in_state(app, "decision_proposed")[0] for _ in range(3)]
    auth.login("zeichnung")
    listing = client.get("/sammelzeichnung/?alle=1").get_data(as_text=True)
    assert listing.count('name="antrag"') == 3 and listing.count("checked") == 3
    response = auth.post("/sammelzeichnung/", {"antrag": [str(i) for i in ids]}, page="/sammelzeichnung/")
    assert response.status_code == 303
    with app.app_context():
        fire(ids[1], "return_proposal", "referatsleitung", comment="Bitte Stellenanteil prüfen.")
        before = db.session.scalar(select(func.max(AuditEntry.id)))
        run_background_jobs(db.session)
        job = db.session.scalar(select(BackgroundJob))
        status, done, total, problems, job_id = job.status, job.done, job.total, job.problems, job.id
        steps = db.session.execute(select(AuditEntry.application_id, AuditEntry.transition)
                                   .where(AuditEntry.id > before, AuditEntry.transition.startswith("sign_"))
                                   .order_by(AuditEntry.id)).all()

    assert _states(app, ids) == ["granted", "in_review", "granted"]
    assert [tuple(step) for step in steps] == [(ids[0], "sign_grant"), (ids[2], "sign_grant")]
    assert status == BackgroundJob.DONE and done == total == 3
    assert len(problems) == 1 and "nicht mehr zur Zeichnung" in problems[0]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/auftraege/{job_id}/datei").data))
    protocol = list(csv.reader(io.StringIO(archive.read("protokoll.csv").decode("utf-8-sig")), delimiter=";"))
    assert [row[1] for row in protocol[1:]].count("erledigt") == 2
    letters = [name for name in archive.namelist() if name.endswith(".docx")]
    assert len(letters) == 4  # per signed case the Zuwendungsbescheid and the Nebenbestimmungen
    page = client.get(f"/auftraege/{job_id}").get_data(as_text=True)
    assert "Nicht aufgenommen (1)" in page


def test_own_proposals_are_not_offered_and_a_choice_that_is_no_longer_signable_orders_nothing(app, client, auth):
    own, _ = in_state(app, "in_review")
    with app.app_context():
        fire(own, "propose_decision", "referatsleitung", comment="",
             positions=rulings(db.session.get(Application, own), GRANT_ALL))
    other, _ = in_state(app, "decision_proposed")
    auth.login("referatsleitung")
    listing = client.get("/sammelzeichnung/").get_data(as_text=True)
    assert f'value="{other}"' in listing and f'value="{own}"' not in listing
    nothing = auth.post("/sammelzeichnung/", {}, page="/sammelzeichnung/")
    assert nothing.status_code == 400 and "mindestens einen" in nothing.get_data(as_text=True)
    stale = auth.post("/sammelzeichnung/", {"antrag": [str(other), str(own), "abc"]}, page="/sammelzeichnung/")
    assert stale.status_code == 409 and "nicht mehr zur Zeichnung" in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(BackgroundJob.id)) is None
    auth.logout()
    auth.login("kommune.tettnang")
    assert client.get("/sammelzeichnung/").status_code == 403

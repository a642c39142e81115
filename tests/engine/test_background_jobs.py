"""Background jobs: a bundle of dossiers and a long export ordered on a page, run by the scheduler's job,
fetched by the person who ordered them and by nobody else."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import openpyxl
from sqlalchemy import select, update

from factories import in_state, programme, user
from workflow import clock
from workflow.db import db
from workflow.letters.dossier_check import verify_dossier
from workflow.letters.dossier_seal import trust_of
from workflow.jobs.runner import order, run_background_jobs
from workflow.models import Application, BackgroundJob, Organisation


def _kreis_of(app, application_id: int) -> Organisation:
    with app.app_context():
        application = db.session.get(Application, application_id)
        return db.session.get(Organisation, application.applicant.kreis_id)


def _run(app):
    with app.app_context():
        return run_background_jobs(db.session)


def _job(app, job_id: int) -> BackgroundJob:
    with app.app_context():
        job = db.session.get(BackgroundJob, job_id)
        db.session.expunge(job)
        return job


def _ordered_job_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_a_reviewer_orders_the_dossiers_of_a_kreis_and_gets_one_verifiable_dossier_per_case(
    app, client, auth, tmp_path
):
    first, _ = in_state(app, "granted")
    kreis = _kreis_of(app, first)
    with app.app_context():
        programme_id = programme().id
    auth.login("pruefung.sued")
    response = auth.post("/auftraege/pruefakten", {"programme": programme_id, "kreis": kreis.id, "year": ""})
    job_id = _ordered_job_id(response)
    page = client.get(f"/auftraege/{job_id}").get_data(as_text=True)
    assert "wartet auf den Start" in page and kreis.name in page

    report = _run(app)

    assert report.finished and not report.failed
    job = _job(app, job_id)
    assert job.status == BackgroundJob.DONE and job.done == job.total >= 1
    assert client.get(f"/auftraege/{job_id}/stand").get_json()["percent"] == 100
    download = client.get(f"/auftraege/{job_id}/datei")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(download.data))
    rows = list(csv.reader(io.StringIO(bundle.read("verzeichnis.csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Aktenzeichen", "Antragsteller", "Status"] and len(rows) - 1 == job.total
    with app.app_context():
        in_kreis = db.session.scalars(
            select(Application.file_number)
            .join(Application.applicant)
            .where(Organisation.kreis_id == kreis.id, Application.state != "draft")
        ).all()
    assert sorted(row[0] for row in rows[1:]) == sorted(in_kreis)
    for row in rows[1:]:
        path = tmp_path / row[3]
        path.write_bytes(bundle.read(row[3]))
        assert verify_dossier(path, trust_of(app)).problems == []


def test_nobody_but_the_person_who_ordered_sees_a_job_or_its_file(app, client, auth):
    in_state(app, "submitted")
    with app.app_context():
        job_id = order(db.session, user("pruefung.sued"), "dossiers", "Prüfakten", {"programme_id": programme().id}).id
    _run(app)
    auth.login("pruefung.nord")
    assert client.get(f"/auftraege/{job_id}").status_code == 404
    assert client.get(f"/auftraege/{job_id}/datei").status_code == 404
    assert client.get(f"/auftraege/{job_id}/stand").status_code == 404
    auth.logout()
    auth.login("kommune.tettnang")
    assert client.get("/auftraege/pruefakten").status_code == 403


def test_a_selection_beyond_the_limit_is_refused_in_german_and_keeps_what_was_chosen(app, client, auth):
    application_id, _ = in_state(app, "submitted")
    in_state(app, "submitted")
    app.config["DOSSIER_BUNDLE_MAX_CASES"] = 1
    with app.app_context():
        programme_id = programme().id
    auth.login("referatsleitung")
    response = auth.post("/auftraege/pruefakten", {"programme": programme_id, "kreis": 0, "year": "2026"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "höchstens 1 passen in einen Auftrag" in page and 'value="2026"' in page
    bad = auth.post("/auftraege/pruefakten", {"programme": programme_id, "kreis": 0, "year": "zwanzig"})
    assert bad.status_code == 400 and "Bitte prüfen Sie Ihre Eingaben" in bad.get_data(as_text=True)
    unknown = auth.post("/auftraege/pruefakten", {"programme": programme_id, "kreis": 999999, "year": ""})
    assert unknown.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(BackgroundJob.id)) is None


def test_a_job_that_cannot_be_done_fails_with_its_reason_and_the_next_job_still_runs(app):
    in_state(app, "submitted")
    with app.app_context():
        reviewer, programme_id = user("pruefung.sued"), programme().id
        empty = order(db.session, reviewer, "dossiers", "leer", {"programme_id": programme_id, "year": 2001}).id
        full = order(db.session, reviewer, "dossiers", "voll", {"programme_id": programme_id}).id

    report = _run(app)

    assert report.finished == ["voll"] and len(report.failed) == 1
    failed = _job(app, empty)
    assert failed.status == BackgroundJob.FAILED and "keine eingereichten Anträge" in failed.error
    assert _job(app, full).status == BackgroundJob.DONE


def test_a_job_whose_runner_died_is_taken_up_again_and_a_running_one_is_left_alone(app):
    in_state(app, "submitted")
    with app.app_context():
        reviewer, programme_id = user("pruefung.sued"), programme().id
        dead = order(db.session, reviewer, "dossiers", "verwaist", {"programme_id": programme_id}).id
        alive = order(db.session, reviewer, "dossiers", "läuft anderswo", {"programme_id": programme_id}).id
        now = clock.now()
        for job_id, lease_end in ((dead, now - timedelta(seconds=1)), (alive, now + timedelta(minutes=5))):
            db.session.execute(
                update(BackgroundJob)
                .where(BackgroundJob.id == job_id)
                .values(
                    status=BackgroundJob.RUNNING, claim_token=f"runner-{job_id}", claimed_until=lease_end, attempts=1
                )
            )
        db.session.commit()

    assert _run(app).finished == ["verwaist"]
    assert _job(app, dead).status == BackgroundJob.DONE and _job(app, dead).attempts == 2
    assert _job(app, alive).status == BackgroundJob.RUNNING


def test_an_export_too_long_for_the_browser_runs_in_the_background_with_every_case(app, client, auth):
    for _ in range(2):
        in_state(app, "submitted")
    app.config["EXPORT_DIRECT_MAX_CASES"] = 1
    auth.login("ministerium")
    offer = client.get("/uebersicht/export.xlsx?programm=integrationsmanagement")
    assert offer.status_code == 200 and "im Hintergrund" in offer.get_data(as_text=True)
    job_id = _ordered_job_id(
        auth.post(
            "/auftraege/export/integrationsmanagement",
            {},
            page="/uebersicht/export.xlsx?programm=integrationsmanagement",
        )
    )
    _run(app)
    job = _job(app, job_id)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/auftraege/{job_id}/datei").data)).active
    assert job.status == BackgroundJob.DONE and job.total == job.done == sheet.max_row - 1 >= 2
    listing = client.get("/auftraege/").get_data(as_text=True)
    assert "Antragsliste (Excel)" in listing and job.result_filename in listing

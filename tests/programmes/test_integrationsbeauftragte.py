"""The second programme, VwV Integrationsbeauftragte, through HTTP: a grant by population tier for a calendar year."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from application_data import ib_person, integrationsbeauftragte_application, single_application
from http_steps import action, document_text, documents, new_application, submit
from workflow.db import db
from workflow.models import Application

PROGRAMME = "integrationsbeauftragte"


def _refused_submission(app, auth, client, application_id: int):
    """The summary page (which offers no button when refused) and a submission posted all the same."""
    summary = client.get(f"/antraege/{application_id}/aktionen/submit")
    with app.app_context():
        revision = db.session.get(Application, application_id).revision
    page = f"/antraege/{application_id}/aktionen/submit"
    posted = auth.post(page, {"confirm": "y", "revision": str(revision)}, page="/barrierefreiheit")
    return posted, summary


def _decided(app, auth, client, clerk: str, data: dict, summaries: list | None = None) -> tuple[int, str]:
    """Apply as ``clerk``, take and propose a full grant as the programme's reviewer, sign; the Bescheid's text (and
    the summary before submission appended to ``summaries``)."""
    auth.login(clerk)
    application_id = new_application(auth, client, data, PROGRAMME)
    response, summary = submit(auth, client, application_id)
    if summaries is not None:
        summaries.append(summary.get_data(as_text=True))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    auth.logout()
    auth.login("pruefung.ib")
    action(auth, application_id, "take")
    action(auth, application_id, "propose_decision", {"rulings-0-outcome": "granted", "reasons": ""})
    auth.logout()
    auth.login("zeichnung")
    action(auth, application_id, "sign_grant")
    auth.logout()
    auth.login(clerk)
    return application_id, document_text(client, documents(app, application_id)["grant_notice"])


def test_a_city_of_25000_gets_20000_euro_for_a_full_position_and_the_calendar_year(app, client, auth):
    summaries = []
    application_id, notice = _decided(
        app, auth, client, "kommune.emmendingen", integrationsbeauftragte_application(), summaries
    )
    assert "20.000,00\u00a0€" in notice
    assert "01.01.2028" in notice and "31.12.2028" in notice
    assert "27.977" in notice and "Emmendingen" in notice
    # The number is the Land's table's, whose Stichtag (the demo's 31.12.2019) is too old for 2028: the summary says so.
    assert "Einwohnerzahl der amtlichen Statistik (Einwohnertabelle des Landes) zum Stichtag 31.12.2019" in notice
    assert "älter als 3 Jahre vor dem Förderjahr 2028: die Einwohnertabelle ist zu aktualisieren" in summaries[0]
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert str(application.granted_amount) == "20000.00"
        assert application.file_number.startswith("RPS-IB-")
        assert application.details["inhabitants"] == 27977


def test_a_town_of_12000_gets_half_its_tiers_maximum_for_half_a_position(app, client, auth):
    data = integrationsbeauftragte_application(people=ib_person(0, "Jonas Weber", fte="0,5"))
    application_id, notice = _decided(app, auth, client, "kommune.meckenbeuren", data)
    assert "5.000,00\u00a0€" in notice and "10.000,00\u00a0€" in notice
    with app.app_context():
        assert str(db.session.get(Application, application_id).granted_amount) == "5000.00"


def test_an_application_after_15_november_is_refused_in_german(app, client, auth, clock):
    # 15.11.2027 is a Monday: the last day to apply for 2028.
    clock.set(datetime(2027, 11, 16, 9, 0, tzinfo=timezone.utc))
    auth.login("kommune.emmendingen")
    application_id = new_application(auth, client, integrationsbeauftragte_application(), PROGRAMME)
    response, summary = _refused_submission(app, auth, client, application_id)
    assert "Anträge für das Förderjahr 2028 waren bis zum 15.11.2027 einzureichen" in summary.get_data(as_text=True)
    assert response.status_code == 409
    assert "Anträge für das Förderjahr 2028 waren bis zum 15.11.2027 einzureichen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, application_id).state == "draft"


def test_a_deadline_on_a_sunday_ends_on_the_monday(app, client, auth, clock):
    # 15.11.2026 was a Sunday (§ 31 Abs. 3 LVwVfG): applying for 2027 on Monday 16.11.2026 is on time.
    clock.set(datetime(2026, 11, 16, 15, 0, tzinfo=timezone.utc))
    auth.login("kommune.emmendingen")
    data = integrationsbeauftragte_application(year="2027", people=ib_person(0, "Selin Arslan", start="01.01.2027"))
    application_id = new_application(auth, client, data, PROGRAMME)
    response, _ = submit(auth, client, application_id)
    assert response.status_code == 302
    clock.set(datetime(2026, 11, 17, 9, 0, tzinfo=timezone.utc))
    auth.login("kommune.emmendingen")  # the session of the day before has timed out
    late = new_application(auth, client, integrationsbeauftragte_application(year="2027"), PROGRAMME)
    assert "bis zum 16.11.2026 einzureichen" in _refused_submission(app, auth, client, late)[0].get_data(as_text=True)


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ({**ib_person(0, "A", fte="0,5"), **ib_person(1, "B", fte="0,5")}, None),
        ({**ib_person(0, "A", fte="0,75"), **ib_person(1, "B", fte="0,25")}, "nur auf zwei Personen mit je 0,50 VZÄ"),
        (ib_person(0, "A", fte="0,4"), "zwischen 0,50 und 1,00 VZÄ"),
    ],
    ids=["two-halves", "unequal-split", "below-half"],
)
def test_a_position_is_one_person_or_two_halves(app, client, auth, people, message):
    auth.login("kommune.emmendingen")
    response = auth.post(
        f"/programme/{PROGRAMME}/antraege/neu",
        {**integrationsbeauftragte_application(people=people), "action": "review"},
    )
    if message is None:
        assert response.status_code == 302 and response.headers["Location"].endswith("/aktionen/submit")
    else:
        assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_a_municipality_under_10000_may_apply_only_jointly(app, client, auth):
    auth.login("kommune.meersburg")  # 6.044 Einwohnerinnen und Einwohner
    application_id = new_application(auth, client, integrationsbeauftragte_application(), PROGRAMME)
    response, summary = _refused_submission(app, auth, client, application_id)
    assert "Kommunen dieser Größe können nur gemeinsam" in summary.get_data(as_text=True)
    assert response.status_code == 409


def test_clerks_choose_the_programme_and_see_its_deadlines(client, auth):
    auth.login("kommune.emmendingen")
    page = client.get("/programme").get_data(as_text=True)
    assert "VwV Integrationsbeauftragte" in page and "VwV Integrationsmanagement" in page
    assert "Förderjahr 2027: bis 16.11.2026 (abgelaufen)" in page and "Förderjahr 2028: bis 15.11.2027" in page
    assert "27.977 Einwohnerinnen und Einwohner" in page


def test_the_programme_reviewer_sees_only_its_programme(app, client, auth):
    auth.login("kommune.tettnang")
    im_case = new_application(auth, client, single_application())
    submit(auth, client, im_case)
    auth.logout()
    auth.login("pruefung.ib")
    assert client.get(f"/antraege/{im_case}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Application.state).where(Application.id == im_case)) == "submitted"

"""A municipality joins a consortium only with its consent: naming it sends a request, its own clerk confirms or
declines, and the lead submits only when all have confirmed or the signed agreement is uploaded."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from application_data import consortium_application, single_application
from conftest import csrf_token_of
from factories import clerk_for, consent_of_every_member, draft, fire, revision, user
from http_steps import submit
from sample_files import PDF
from workflow.db import db
from workflow.operations.membership_requests import answer_request
from workflow.models import Application, MembershipRequest, Notification, Organisation, OutgoingMail, Participation

HAGNAU, DAISENDORF = "Hagnau am Bodensee (08435018)", "08435010"
TWO_MEMBERS = consortium_application(members=[HAGNAU, DAISENDORF], consortium_name="GVV Meersburg")


def _lead_draft(app, data=TWO_MEMBERS) -> int:
    with app.app_context():
        return draft("kommune.meersburg", data, consented=False)


def _request(app, application_id: int, ags: str) -> int:
    with app.app_context():
        return db.session.scalars(
            select(MembershipRequest.id)
            .join(Organisation, Organisation.id == MembershipRequest.organisation_id)
            .where(MembershipRequest.application_id == application_id, Organisation.ags == ags)
        ).one()


def _answer(client, auth, request_id: int, answer: str):
    return auth.post(f"/beitrittsanfragen/{request_id}", {"answer": answer}, page=f"/beitrittsanfragen/{request_id}")


def _daisendorf_clerk(app) -> str:
    with app.app_context():
        return clerk_for(db.session.scalars(select(Organisation).where(Organisation.ags == "08435010")).one())


def test_naming_a_member_sends_its_clerk_a_notification_and_a_mail_with_the_link(app):
    application_id = _lead_draft(app)
    request_id = _request(app, application_id, "08435018")
    with app.app_context():
        hagnau = user("kommune.hagnau")
        notification = db.session.scalars(select(Notification).where(Notification.user_id == hagnau.id)).one()
        mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.user_id == hagnau.id)).one()
        assert notification.membership_request_id == request_id
        assert notification.subject == mail.subject == "Anfrage zum Beitritt: GVV Meersburg"
        assert f"/beitrittsanfragen/{request_id}" in mail.body and "nur Mitglied, wenn Sie zustimmen" in mail.body
        assert db.session.get(MembershipRequest, request_id).status == MembershipRequest.PENDING


def test_submission_waits_for_every_member_and_names_who_is_missing(app, client, auth):
    application_id = _lead_draft(app)
    auth.login("kommune.hagnau")
    assert _answer(client, auth, _request(app, application_id, "08435018"), "decline").status_code == 302
    auth.logout()
    auth.login("kommune.meersburg")
    summary = client.get(f"/antraege/{application_id}/aktionen/submit")
    response = auth.post(
        f"/antraege/{application_id}/aktionen/submit",
        {"confirm": "y", "revision": "1"},
        page=f"/antraege/{application_id}/aktionen/submit",
    )
    assert response.status_code == 409
    for page in (summary, response):  # the summary says so before, the refusal after a forged POST
        text = page.get_data(as_text=True)
        assert "Noch nicht zugestimmt hat: Daisendorf." in text and "Abgelehnt hat: Hagnau am Bodensee." in text
    assert "Antrag verbindlich einreichen</button>" not in summary.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, application_id).state == "draft"
        assert db.session.scalar(select(func.count()).select_from(Participation)) == 0


def test_when_every_member_confirmed_on_its_page_the_lead_submits(app, client, auth):
    application_id = _lead_draft(app)
    auth.login("kommune.hagnau")
    page = client.get(f"/beitrittsanfragen/{_request(app, application_id, '08435018')}").get_data(as_text=True)
    assert "Meersburg" in page and "Beitritt zustimmen" in page and "45.156,61" in page
    assert _answer(client, auth, _request(app, application_id, "08435018"), "confirm").status_code == 302
    auth.logout()
    auth.login(_daisendorf_clerk(app))
    assert _answer(client, auth, _request(app, application_id, "08435010"), "confirm").status_code == 302
    auth.logout()
    with app.app_context():
        told = db.session.scalars(
            select(Notification.subject).where(Notification.user_id == user("kommune.meersburg").id)
        ).all()
        assert "Hagnau am Bodensee stimmt dem Beitritt zu: GVV Meersburg" in told
    auth.login("kommune.meersburg")
    response, _ = submit(auth, client, application_id)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Application, application_id).state == "submitted"


def test_the_signed_agreement_stands_in_for_the_confirmations_and_the_reviewer_sees_it(app, client, auth):
    auth.login("kommune.meersburg")
    response = auth.post(
        "/programme/integrationsmanagement/antraege/neu",
        {
            **TWO_MEMBERS,
            "action": "upload_agreement",
            "agreement": (io.BytesIO(PDF), "Vereinbarung unterschrieben.pdf"),
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#zustimmung")
    application_id = int(re.search(r"/antraege/(\d+)/", response.headers["Location"]).group(1))
    form = client.get(f"/antraege/{application_id}/bearbeiten").get_data(as_text=True)
    assert "Unterzeichnete Vereinbarung: <a" in form and "Hagnau am Bodensee: <strong>offen</strong>" in form
    response, _ = submit(auth, client, application_id)
    assert response.status_code == 302
    auth.logout()
    with app.app_context():
        fire(application_id, "take", "pruefung.sued")
    auth.login("pruefung.sued")
    case = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Unterzeichnete Vereinbarung über den Zusammenschluss: Vereinbarung_unterschrieben.pdf" in case


def test_a_pending_or_declined_request_never_locks_the_member_out_of_its_own_application(app):
    """Tettnang declined one lead's request and has not answered another's: it still applies alone."""
    declined = _lead_draft(app, consortium_application(members=["08435057"], consortium_name="Meersburg und Tettnang"))
    with app.app_context():
        pending = draft(
            "kommune.hagnau",
            consortium_application(members=["08435057"], consortium_name="Hagnau und Tettnang"),
            consented=False,
        )
        answer_request(db.session, _request(app, declined, "08435057"), user("kommune.tettnang"), consent=False)
        assert db.session.get(MembershipRequest, _request(app, pending, "08435057")).status == MembershipRequest.PENDING
        own = draft("kommune.tettnang", single_application())
        fire(own, "submit", "kommune.tettnang", revision=revision(own))
        assert db.session.get(Application, own).state == "submitted"


def test_only_the_named_municipality_answers_and_only_before_submission(app, client, auth):
    application_id = _lead_draft(app)
    request_id = _request(app, application_id, "08435018")
    for stranger in ("kommune.tettnang", "kommune.meersburg", "pruefung.sued"):
        auth.login(stranger)
        assert client.get(f"/beitrittsanfragen/{request_id}").status_code in (403, 404)
        token = csrf_token_of(client.get("/barrierefreiheit").get_data(as_text=True))
        assert client.post(
            f"/beitrittsanfragen/{request_id}", data={"answer": "confirm", "csrf_token": token}
        ).status_code in (403, 404)
        auth.logout()
    auth.login("kommune.hagnau")
    assert _answer(client, auth, request_id, "maybe").status_code == 400
    assert _answer(client, auth, request_id, "confirm").status_code == 302
    with app.app_context():
        consent_of_every_member(application_id)
        fire(application_id, "submit", "kommune.meersburg", revision=revision(application_id))
    refused = _answer(client, auth, request_id, "decline")
    assert refused.status_code == 409 and "bereits eingereicht" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MembershipRequest, request_id).status == MembershipRequest.CONFIRMED


def test_a_member_taken_out_of_the_draft_loses_its_request(app, client, auth):
    application_id = _lead_draft(app)
    auth.login("kommune.meersburg")
    response = auth.post(f"/antraege/{application_id}/bearbeiten", {**TWO_MEMBERS, "remove_member": "0"})
    assert response.status_code == 302
    with app.app_context():
        left = db.session.scalars(
            select(MembershipRequest.organisation_id).where(MembershipRequest.application_id == application_id)
        ).all()
        hagnau = db.session.scalars(select(Organisation.id).where(Organisation.ags == "08435018")).one()
        assert hagnau not in left and len(left) == 1
        # Its notification pointed at the request and went with it.
        assert (
            db.session.scalar(
                select(func.count()).select_from(Notification).where(Notification.user_id == user("kommune.hagnau").id)
            )
            == 0
        )


def test_the_municipality_home_page_lists_open_requests(app, client, auth):
    application_id = _lead_draft(app)
    auth.login("kommune.hagnau")
    home = client.get("/kommune").get_data(as_text=True)
    assert "Anfragen zum Beitritt warten auf Ihre Antwort" in home
    assert f"/beitrittsanfragen/{_request(app, application_id, '08435018')}" in home
    listing = client.get("/beitrittsanfragen").get_data(as_text=True)
    assert "GVV Meersburg" in listing and "offen" in listing


def test_the_consent_page_shows_the_positions_and_the_amount_the_member_commits_to(app, client, auth):
    application_id = _lead_draft(
        app,
        consortium_application(
            members=["Hagnau am Bodensee (08435018)", "08435010", "Stetten (08435054)"],
            **{"positions-0-person_name": "Anna Beispiel"},
        ),
    )
    request_id = _request(app, application_id, "08435018")
    auth.login("kommune.hagnau")
    page = client.get(f"/beitrittsanfragen/{request_id}").get_data(as_text=True)
    # One position of category a (58.000 € per VZÄ and year) with 0,5 VZÄ for 24 months: 0,5 × 58.000 × 2 = 58.000 €,
    # below the pooled Planungsrahmen of 75.160,70 €. Hagnau brings in its 10.549,62 €.
    assert "Der gemeinsame Antrag umfasst 1 Stelle und beantragt <strong>58.000,00\u00a0€</strong>" in page
    assert "ihren Planungsrahmen von <strong>10.549,62\u00a0€</strong>" in page
    assert "in den gemeinsamen Planungsrahmen von 75.160,70\u00a0€ ein" in page
    assert re.search(r'<td data-label="[^"]+">Anna Beispiel</td>', page)
    assert 'data-label="Betrag" class="num">58.000,00\u00a0€</td>' in page
    assert "Ändern" not in page


def test_an_incomplete_draft_says_its_positions_are_not_fixed_yet(app, client, auth):
    application_id = _lead_draft(app, {**TWO_MEMBERS, "positions-0-fte": ""})
    auth.login("kommune.hagnau")
    page = client.get(f"/beitrittsanfragen/{_request(app, application_id, '08435018')}").get_data(as_text=True)
    assert "Der Entwurf ist noch unvollständig: Stellen und Betrag stehen fest, sobald Meersburg" in page


def test_the_case_page_shows_who_consented_when(app, client, auth, clock):
    application_id = _lead_draft(app, {**TWO_MEMBERS})
    clock.advance(hours=2)
    with app.app_context():
        consent_of_every_member(application_id)
        fire(application_id, "submit", "kommune.meersburg", revision=revision(application_id))
        hagnau_clerk = user("kommune.hagnau").full_name
    auth.login("pruefung.sued")
    page = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    # 25.11.2026, 08:00 UTC + 2 hours = 11:00 Uhr in Stuttgart.
    assert f"Beitritt: zugestimmt am 25.11.2026, 11:00 Uhr durch {hagnau_clerk}" in page

"""An uploaded agreement does not replace a member's own word until the reviewer has checked it: the member whose
answer is open stays free to apply itself and may still object, and no decision is proposed before the check."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from application_data import consortium_application
from factories import GRANT_ALL, draft, fire, revision, rulings, user
from http_steps import submit
from sample_files import PDF
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.models import Application, MembershipRequest, Organisation, Participation
from workflow.operations.membership_requests import answer_request

MEERSBURG, HAGNAU, DAISENDORF = "08435036", "08435018", "08435010"
TWO_MEMBERS = consortium_application(
    members=[f"Hagnau am Bodensee ({HAGNAU})", DAISENDORF], consortium_name="GVV Meersburg"
)


def _draft_with_an_agreement(auth) -> int:
    """Meersburg names Hagnau and Daisendorf and uploads any PDF as their agreement; nobody answered."""
    auth.login("kommune.meersburg")
    response = auth.post(
        "/programme/integrationsmanagement/antraege/neu",
        {**TWO_MEMBERS, "action": "upload_agreement", "agreement": (io.BytesIO(PDF), "Vereinbarung.pdf")},
    )
    return int(re.search(r"/antraege/(\d+)/", response.headers["Location"]).group(1))


def _submitted_on_an_agreement(app, client, auth) -> int:
    application_id = _draft_with_an_agreement(auth)
    assert submit(auth, client, application_id)[0].status_code == 302
    auth.logout()
    return application_id


def _bound(app, application_id: int) -> list[str]:
    with app.app_context():
        return sorted(
            db.session.scalars(
                select(Organisation.ags)
                .join(Participation, Participation.organisation_id == Organisation.id)
                .where(Participation.application_id == application_id)
            )
        )


def _request_of(application_id: int, ags: str) -> MembershipRequest:
    return db.session.scalars(
        select(MembershipRequest)
        .join(Organisation, Organisation.id == MembershipRequest.organisation_id)
        .where(MembershipRequest.application_id == application_id, Organisation.ags == ags)
    ).one()


def _request_of_id(app, application_id: int, ags: str) -> int:
    with app.app_context():
        return _request_of(application_id, ags).id


def _propose(application_id: int) -> None:
    fire(
        application_id,
        "propose_decision",
        "pruefung.sued",
        positions=rulings(db.session.get(Application, application_id), GRANT_ALL),
        comment="",
    )


def test_an_agreement_does_not_override_a_member_that_declined(app, client, auth):
    application_id = _draft_with_an_agreement(auth)
    with app.app_context():
        answer_request(db.session, _request_of(application_id, HAGNAU).id, user("kommune.hagnau"), consent=False)
        typed = revision(application_id)
    url = f"/antraege/{application_id}/aktionen/submit"
    refused = auth.post(url, {"confirm": "y", "revision": str(typed)}, page=url)  # a forged POST: no button is offered
    assert refused.status_code == 409 and "Abgelehnt hat: Hagnau am Bodensee." in refused.get_data(as_text=True)
    assert _bound(app, application_id) == []


def test_the_submission_binds_only_the_lead_and_a_named_member_still_objects(app, client, auth):
    application_id = _submitted_on_an_agreement(app, client, auth)
    assert _bound(app, application_id) == [MEERSBURG]  # Meersburg alone
    auth.login("kommune.hagnau")
    request_id = _request_of_id(app, application_id, HAGNAU)
    page = client.get(f"/beitrittsanfragen/{request_id}").get_data(as_text=True)
    assert "noch nicht geprüft" in page and "Beitritt widersprechen" in page
    objected = auth.post(
        f"/beitrittsanfragen/{request_id}", {"answer": "decline"}, page=f"/beitrittsanfragen/{request_id}"
    )
    assert objected.status_code == 302
    with app.app_context():
        fire(application_id, "take", "pruefung.sued")
        for step in (
            lambda: fire(application_id, "check_agreement", "pruefung.sued"),
            lambda: _propose(application_id),
        ):
            with pytest.raises(TransitionRefused, match="Hagnau am Bodensee hat dem Beitritt widersprochen"):
                step()
            db.session.rollback()
        assert db.session.get(Application, application_id).state == "in_review"


def test_a_member_named_on_an_agreement_applies_itself_until_the_reviewer_checked_it(app, client, auth):
    application_id = _submitted_on_an_agreement(app, client, auth)
    with app.app_context():
        # Below the threshold alone, Hagnau leads a consortium of its own with Tettnang, which confirmed.
        own = draft(
            "kommune.hagnau", consortium_application(members=["08435057"], consortium_name="Hagnau und Tettnang")
        )
        fire(own, "submit", "kommune.hagnau", revision=revision(own))
        assert db.session.get(Application, own).state == "submitted"
        fire(application_id, "take", "pruefung.sued")
        with pytest.raises(TransitionRefused, match="Hagnau am Bodensee ist bereits an einem anderen laufenden Antrag"):
            fire(application_id, "check_agreement", "pruefung.sued")


def _consent_on_the_case_page(client, auth, application_id: int) -> str:
    auth.login("pruefung.sued")
    page = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    auth.logout()
    return re.search(r"Hagnau am Bodensee \(08435018\)[^<]*", page).group(0)


def test_the_checked_agreement_binds_the_members_and_only_then_a_decision_is_proposed(app, client, auth):
    application_id = _submitted_on_an_agreement(app, client, auth)
    assert "Beitritt: offen – gebunden erst, wenn die Prüfung die Vereinbarung bestätigt" in _consent_on_the_case_page(
        client, auth, application_id
    )
    with app.app_context():
        fire(application_id, "take", "pruefung.sued")
        with pytest.raises(TransitionRefused, match="liegt nur die hochgeladene Vereinbarung vor"):
            _propose(application_id)
        db.session.rollback()
        fire(application_id, "check_agreement", "pruefung.sued")
        assert _request_of(application_id, HAGNAU).status == MembershipRequest.BY_AGREEMENT
        with pytest.raises(TransitionRefused):
            answer_request(db.session, _request_of(application_id, HAGNAU).id, user("kommune.hagnau"), consent=False)
        _propose(application_id)
        assert db.session.get(Application, application_id).state == "decision_proposed"
    assert _bound(app, application_id) == sorted([MEERSBURG, HAGNAU, DAISENDORF])
    assert "Beitritt: durch die geprüfte Vereinbarung gebunden" in _consent_on_the_case_page(
        client, auth, application_id
    )


def test_a_member_that_confirms_after_the_submission_is_bound_by_its_own_word(app, client, auth):
    application_id = _submitted_on_an_agreement(app, client, auth)
    with app.app_context():
        answer_request(db.session, _request_of(application_id, HAGNAU).id, user("kommune.hagnau"), consent=True)
    assert _bound(app, application_id) == sorted([MEERSBURG, HAGNAU])

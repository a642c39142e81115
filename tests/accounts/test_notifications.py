"""Who is told of a step, and each person's list of notifications."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from application_data import consortium_application
from factories import fire, in_state, submitted, user
from query_counter import QueryCounter
from workflow.db import db
from workflow.models import Notification, OutgoingMail, User


def _told(app, application_id: int, subject_start: str) -> set[str]:
    """Usernames that got a notification starting with ``subject_start``; each also got exactly one mail."""
    with app.app_context():
        notified = (
            db.session.execute(
                select(Notification.user_id).where(
                    Notification.application_id == application_id, Notification.subject.startswith(subject_start)
                )
            )
            .scalars()
            .all()
        )
        mailed = (
            db.session.execute(
                select(OutgoingMail.user_id).where(
                    OutgoingMail.application_id == application_id, OutgoingMail.subject.startswith(subject_start)
                )
            )
            .scalars()
            .all()
        )
        assert sorted(notified) == sorted(mailed) and len(notified) == len(set(notified))
        return set(db.session.scalars(select(User.username).where(User.id.in_(notified))))


# The clerks the factory makes for the members without one, to confirm the membership (Daisendorf, Stetten).
CONFIRMING_CLERKS = ("clerk.08435010", "clerk.08435054")


@pytest.fixture
def consortium_case(app):
    """The GVV Meersburg's joint application, submitted by Meersburg and taken by pruefung.sued."""
    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application())
        fire(application_id, "take", "pruefung.sued")
    return application_id


def test_a_submission_reaches_the_members_and_the_responsible_reviewers_not_the_submitter(app, consortium_case):
    # Every member's clerk, among them those who confirmed the membership (clerk.<AGS>).
    assert _told(app, consortium_case, "Antrag eingereicht") == {
        "kommune.hagnau",
        *CONFIRMING_CLERKS,
        "pruefung.sued",
        "referatsleitung",
    }


def test_an_information_request_reaches_the_lead_only(app, consortium_case):
    with app.app_context():
        fire(consortium_case, "request_information", "pruefung.sued", comment="Bitte Vertrag.", period_days=14)
    assert _told(app, consortium_case, "Unterlagen nachgefordert") == {"kommune.meersburg"}


def test_a_decision_reaches_lead_members_and_the_assigned_reviewer_with_the_letter(app, consortium_case):
    with app.app_context():
        fire(consortium_case, "propose_decision", "pruefung.sued", positions=[{"outcome": "granted"}])
        assert _told(app, consortium_case, "Entscheidungsvorschlag") == {"zeichnung", "referatsleitung"}
        fire(consortium_case, "sign_grant", "zeichnung")
        member_mail = db.session.scalars(
            select(OutgoingMail).where(
                OutgoingMail.user_id == user("kommune.hagnau").id, OutgoingMail.subject.startswith("Zuwendungsbescheid")
            )
        ).one()
        assert [document.kind for document in member_mail.attachments] == ["grant_notice", "conditions_annex"]
    assert _told(app, consortium_case, "Zuwendungsbescheid erlassen") == {
        "kommune.meersburg",
        "kommune.hagnau",
        *CONFIRMING_CLERKS,
        "pruefung.sued",
    }


def test_inactive_people_are_not_told(app, consortium_case):
    with app.app_context():
        user("kommune.meersburg").active = False
        db.session.commit()
        fire(consortium_case, "request_information", "pruefung.sued", comment="Bitte.", period_days=14)
    assert _told(app, consortium_case, "Unterlagen nachgefordert") == set()


def test_the_header_counts_unread_notifications(app, client, auth):
    in_state(app, "submitted")
    in_state(app, "submitted")
    auth.login("pruefung.sued")
    page = client.get("/pruefung").get_data(as_text=True)
    assert 'Benachrichtigungen <span class="badge">2<span class="visually-hidden"> ungelesen</span></span>' in page


def test_the_list_shows_newest_first_and_marks_read(app, client, auth):
    first, _ = in_state(app, "submitted")
    second, _ = in_state(app, "submitted")
    auth.login("pruefung.sued")
    page = client.get("/benachrichtigungen").get_data(as_text=True)
    assert page.index(f"/antraege/{second}") < page.index(f"/antraege/{first}")
    assert page.count(">neu</span>") == 2 and "Antrag eingereicht – Antrag RPS-IM-2026-" in page
    with app.app_context():
        newest = (
            db.session.scalars(
                select(Notification)
                .where(Notification.user_id == user("pruefung.sued").id)
                .order_by(Notification.id.desc())
            )
            .first()
            .id
        )
    response = auth.post(f"/benachrichtigungen/{newest}/gelesen", {"seite": "1"}, page="/benachrichtigungen")
    assert response.status_code == 302 and response.headers["Location"].endswith("/benachrichtigungen?seite=1")
    page = client.get("/benachrichtigungen").get_data(as_text=True)
    assert page.count(">neu</span>") == 1 and 'class="badge">1<' in page
    auth.post("/benachrichtigungen/alle-gelesen", {}, page="/benachrichtigungen")
    page = client.get("/benachrichtigungen").get_data(as_text=True)
    assert ">neu</span>" not in page and 'class="badge"' not in page


def test_nobody_marks_another_persons_notification(app, client, auth):
    in_state(app, "submitted")
    with app.app_context():
        theirs = (
            db.session.scalars(select(Notification).where(Notification.user_id == user("pruefung.sued").id)).one().id
        )
    auth.login("referatsleitung")
    assert auth.post(f"/benachrichtigungen/{theirs}/gelesen", {}, page="/benachrichtigungen").status_code == 404
    with app.app_context():
        assert db.session.get(Notification, theirs).read_at is None


def test_the_list_is_paginated_and_forgives_a_bad_page_number(app, client, auth):
    app.config["PAGE_SIZE"] = 2
    for _ in range(5):
        in_state(app, "submitted")
    auth.login("pruefung.sued")
    assert "Seite 1 von 3" in client.get("/benachrichtigungen").get_data(as_text=True)
    assert "Seite 3 von 3" in client.get("/benachrichtigungen?seite=3").get_data(as_text=True)
    assert client.get("/benachrichtigungen?seite=abc").status_code == 200
    assert "Sie haben noch keine" not in client.get("/benachrichtigungen?seite=-4").get_data(as_text=True)


def test_the_list_costs_the_same_queries_for_few_and_many(app, client, auth):
    auth.login("pruefung.sued")
    in_state(app, "submitted")
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as few:
        assert client.get("/benachrichtigungen").status_code == 200
    for _ in range(6):
        in_state(app, "submitted")
    with QueryCounter(engine) as many:
        assert client.get("/benachrichtigungen").status_code == 200
    assert many.count == few.count


def test_a_person_without_notifications_sees_a_german_hint(client, auth):
    auth.login("ministerium")
    assert "Sie haben noch keine Benachrichtigungen." in client.get("/benachrichtigungen").get_data(as_text=True)


def test_the_procedure_page_says_who_is_told_of_each_step(client, auth):
    auth.login("kommune.tettnang")
    page = client.get("/ablauf").get_data(as_text=True)
    assert '<th scope="col">Benachrichtigt</th>' in page
    assert "Kommune (Antragsteller), Mitglieder des Zusammenschlusses, zuständige Prüfung" in page

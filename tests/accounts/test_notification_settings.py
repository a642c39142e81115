"""Each person chooses per kind how notifications are mailed (sofort, tägliche Zusammenfassung, aus); the daily
digest collects the waiting ones into one mail, once; the kinds with legal weight cannot be switched off."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from factories import in_state, user
from sweeping import at_once, berlin, deliver
from workflow.db import db
from workflow.engine.notice_kinds import DAILY, NOTICE_KINDS, OFF, TASK
from workflow.models import Notification, NotificationDigest, NotificationPreference, OutgoingMail
from workflow.operations.digests import send_digests
from workflow.operations.notification_preferences import save

PAGE = "/konto/benachrichtigungen"
SWITCHABLE = [code for code, kind in NOTICE_KINDS.items() if not kind.fixed]


def _digest(app):
    with app.app_context():
        return send_digests(db.session)


def _stored(app, username: str) -> dict[str, str]:
    with app.app_context():
        rows = db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.choice).where(
                NotificationPreference.user_id == user(username).id
            )
        ).all()
        return dict(rows)


def test_choices_are_saved_and_shown_and_a_forged_post_cannot_switch_off_a_letter(app, client, auth):
    auth.login("pruefung.sued")
    page = client.get(PAGE).get_data(as_text=True)
    assert "<legend>Neue Aufgaben</legend>" in page and "<legend>Bescheide, Anhörungen und Mahnungen</legend>" in page
    assert "Immer sofort." in page and 'name="kind_letter"' not in page and 'name="kind_security"' not in page
    assert page.count('checked id="kind_') == len(SWITCHABLE)

    wanted = {f"kind_{code}": "immediately" for code in SWITCHABLE} | {"kind_task": "daily", "kind_payment": "off"}
    response = auth.post(PAGE, wanted)
    assert response.status_code == 302 and response.location.endswith(PAGE)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Ihre Einstellungen zu Benachrichtigungen sind gespeichert." in page
    assert 'checked id="kind_task-1" name="kind_task" type="radio" value="daily"' in page
    assert 'checked id="kind_payment-2" name="kind_payment" type="radio" value="off"' in page
    assert _stored(app, "pruefung.sued") == {TASK: DAILY, "payment": OFF}

    forged = auth.post(PAGE, {**wanted, "kind_task": "immediately", "kind_letter": "off"})
    assert forged.status_code == 403
    assert "„Bescheide, Anhörungen und Mahnungen“ kommt immer sofort. Mit dieser E-Mail" in forged.get_data(
        as_text=True
    )
    unknown = auth.post(PAGE, {**wanted, "kind_task": "weekly"})
    assert unknown.status_code == 422 and "Diese Auswahl gibt es nicht." in unknown.get_data(as_text=True)
    assert _stored(app, "pruefung.sued") == {TASK: DAILY, "payment": OFF}, "a refused request changes nothing"


def test_off_keeps_the_notification_and_the_digest_collects_two_into_one_mail_sent_once(app, smtp, clock, runner):
    mailbox = smtp.start()
    with app.app_context():
        save(db.session, user("pruefung.sued"), {TASK: DAILY})
        save(db.session, user("referatsleitung"), {TASK: OFF})
    first, _ = in_state(app, "submitted")
    second, _ = in_state(app, "submitted")
    with app.app_context():
        for username in ("pruefung.sued", "referatsleitung"):
            reader = user(username).id
            told = db.session.scalar(select(func.count()).where(Notification.user_id == reader))
            mailed = db.session.scalar(select(func.count()).where(OutgoingMail.user_id == reader))
            assert (told, mailed) == (2, 0), username

    clock.set(berlin(2026, 11, 26, 6, 30))
    assert not _digest(app).anything_happened, "before the digest hour"
    clock.set(berlin(2026, 11, 26, 7, 5))
    assert len(_digest(app).sent_to) == 1
    again = runner.invoke(args=["send-digests"])  # run twice, or after a restart: no second digest
    assert again.exit_code == 0 and again.output == "Tägliche Zusammenfassungen vorgemerkt: 0.\n"
    deliver(app)
    with app.app_context():
        [message] = mailbox.to(user("pruefung.sued").email)
        assert not mailbox.to(user("referatsleitung").email)
    assert message["Subject"] == "Förderweg: Ihre Zusammenfassung vom 26.11.2026 (2 Benachrichtigungen)"
    body = message.get_body(("plain",)).get_content()
    assert body.count("Neue Aufgaben:") == 1 and body.count("Antrag eingereicht – Antrag ") == 2
    assert f"http://127.0.0.1:5000/antraege/{first}" in body and f"http://127.0.0.1:5000/antraege/{second}" in body

    clock.set(berlin(2026, 11, 27, 7, 5))
    assert not _digest(app).anything_happened, "nothing waits: no digest the next day"


@pytest.mark.postgres_only
def test_two_schedulers_at_the_same_moment_make_one_digest(app, clock):
    with app.app_context():
        save(db.session, user("pruefung.sued"), {TASK: DAILY})
    in_state(app, "submitted")
    in_state(app, "submitted")
    clock.set(berlin(2026, 11, 26, 7, 5))
    reports = at_once(app, _digest, count=2)
    assert sum(len(report.sent_to) for report in reports) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NotificationDigest)) == 1

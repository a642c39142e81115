"""Mail goes out over real SMTP (a local aiosmtpd server) or into the outbox folder, once, and is never lost."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from factories import fire, in_state, user
from sweeping import at_once, deliver, outbox_messages
from workflow.cli import configure_demo
from workflow.db import db
from workflow.mail import CLAIM_LEASE, claim_due_mail, retry_delay
from workflow.models import Application, Document, OutgoingMail


def _address(app, username: str) -> str:
    with app.app_context():
        return user(username).email


def _granted_by_mail(app):
    application_id, clerk = in_state(app, "decision_proposed")
    with app.app_context():
        fire(application_id, "sign_grant", "zeichnung")
        document = db.session.scalars(
            select(Document).where(Document.application_id == application_id, Document.kind == "grant_notice")
        ).one()
        return application_id, clerk, document.filename, document.sha256, db.session.get(Application, application_id)


def test_a_decision_is_mailed_in_german_with_the_letter_attached(app, smtp):
    mailbox = smtp.start()
    application_id, clerk, filename, sha256, application = _granted_by_mail(app)
    assert deliver(app).failed == []
    [message] = [m for m in mailbox.to(_address(app, clerk)) if "Zuwendungsbescheid" in m["Subject"]]
    assert message["Subject"] == f"Zuwendungsbescheid erlassen – Antrag {application.file_number}"
    assert message["From"] == "Förderweg <foerderweg@localhost>"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Guten Tag Sachbearbeitung ")
    assert "Status:        Bewilligt" in body
    assert "Klagefrist (Bestandskraft): bis 30.12.2026 (noch 35 Tage)" in body
    assert f"http://127.0.0.1:5000/antraege/{application_id}" in body
    attachment, annex = list(message.iter_attachments())
    assert annex.get_filename().startswith("Anlage_Nebenbestimmungen_")
    assert attachment.get_filename() == filename
    assert attachment.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert hashlib.sha256(attachment.get_content()).hexdigest() == sha256


def test_internal_documents_go_to_the_authority_and_never_to_a_municipality(app, smtp):
    mailbox = smtp.start()
    application_id, clerk = in_state(app, "granted")
    deliver(app)
    [proposal_mail] = [m for m in mailbox.to(_address(app, "zeichnung")) if "Entscheidungsvorschlag" in m["Subject"]]
    assert [a.get_filename() for a in proposal_mail.iter_attachments()][0].startswith("Entscheidungsvorschlag_")
    clerk_attachments = [a.get_filename() for m in mailbox.to(_address(app, clerk)) for a in m.iter_attachments()]
    assert clerk_attachments and not any(name.startswith("Entscheidungsvorschlag") for name in clerk_attachments)


def test_a_step_succeeds_while_the_mail_server_is_down_and_its_mail_follows_once(app, smtp, clock):
    application_id, clerk = in_state(app, "in_review")
    with app.app_context():
        fire(application_id, "request_information", "pruefung.sued", comment="Bitte Vertrag.", period_days=14)
        assert db.session.get(Application, application_id).state == "information_requested"
    report = deliver(app)
    assert report.sent == 0 and report.failed
    with app.app_context():
        waiting = db.session.scalars(select(OutgoingMail).where(OutgoingMail.user_id == user(clerk).id)).one()
        assert waiting.status == OutgoingMail.QUEUED and waiting.attempts == 1
        assert "ConnectionRefusedError" in waiting.last_error
        assert waiting.next_attempt_at == clock.now() + timedelta(minutes=1)
    mailbox = smtp.start()
    assert deliver(app).sent == 0  # not due again yet
    clock.advance(minutes=1)
    assert deliver(app).sent > 0
    assert deliver(app).sent == 0
    assert len(mailbox.to(_address(app, clerk))) == 1
    with app.app_context():
        sent = db.session.scalars(select(OutgoingMail).where(OutgoingMail.user_id == user(clerk).id)).one()
        assert sent.status == OutgoingMail.SENT and sent.attempts == 2 and sent.last_error is None


def test_retries_wait_longer_each_time_up_to_an_hour(app):
    with app.app_context():
        delays = [retry_delay(attempt) for attempt in range(1, 10)]
    assert [delay.total_seconds() / 60 for delay in delays] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_a_refused_recipient_waits_without_holding_back_the_others(app, smtp):
    mailbox = smtp.start()
    mailbox.refused.add(_address(app, "pruefung.sued"))
    in_state(app, "submitted")
    report = deliver(app)
    assert report.sent >= 1 and len(report.failed) == 1 and "SMTPRecipientsRefused" in report.failed[0]
    assert mailbox.to(_address(app, "referatsleitung")) and not mailbox.to(_address(app, "pruefung.sued"))
    with app.app_context():
        refused = db.session.scalars(select(OutgoingMail).where(OutgoingMail.user_id == user("pruefung.sued").id)).one()
    assert refused.status == OutgoingMail.QUEUED and refused.attempts == 1


def test_a_claimed_mail_is_left_alone_until_the_claim_runs_out(app, smtp, clock):
    """A sender that died after claiming: its mail is sent by the next run after the lease, once."""
    mailbox = smtp.start()
    in_state(app, "submitted")
    with app.app_context():
        claimed = claim_due_mail(db.session, "died-while-sending", clock.now())
    assert claimed
    assert deliver(app).sent == 0
    clock.advance(seconds=CLAIM_LEASE.total_seconds() + 1)
    assert deliver(app).sent == len(claimed)
    assert len(mailbox.messages) == len(claimed)


def test_delivering_twice_sends_each_mail_once(app, smtp):
    mailbox = smtp.start()
    in_state(app, "granted")
    first, second = deliver(app), deliver(app)
    assert first.sent == len(mailbox.messages) > 0 and second.sent == 0
    ids = [message["Message-ID"] for message in mailbox.messages]
    assert len(ids) == len(set(ids))


@pytest.mark.postgres_only
def test_deliveries_at_the_same_moment_send_each_mail_once(app, smtp):
    mailbox = smtp.start()
    for _ in range(3):
        in_state(app, "granted")
    with app.app_context():
        queued = len(db.session.scalars(select(OutgoingMail.id)).all())
    reports = at_once(app, deliver, count=3)
    assert sum(report.sent for report in reports) == queued == len(mailbox.messages)
    assert len({message["Message-ID"] for message in mailbox.messages}) == queued


def test_the_outbox_folder_holds_each_mail_as_a_file_a_person_can_open(app):
    application_id, clerk = in_state(app, "granted")
    first = deliver(app)
    assert first.sent > 0 and deliver(app).sent == 0
    messages = outbox_messages(app)
    assert len(messages) == first.sent
    [grant] = [m for m in messages if _address(app, clerk) in m["To"] and "Zuwendungsbescheid" in m["Subject"]]
    assert "Guten Tag" in grant.get_body(("plain",)).get_content()
    assert [a.get_filename() for a in grant.iter_attachments()][0].startswith("Zuwendungsbescheid_RPS-IM-2026-")


def test_the_demo_writes_its_mail_into_the_instance_outbox(app, tmp_path):
    app.config["MAIL_OUTBOX_DIR"] = None
    app.instance_path = str(tmp_path / "instance")
    configure_demo(app, "127.0.0.1", 5013)
    assert app.config["MAIL_OUTBOX_DIR"] == str(tmp_path / "instance" / "outbox")
    application_id, _ = in_state(app, "submitted")
    assert deliver(app).sent > 0
    [first, *_] = outbox_messages(app)
    assert f"http://127.0.0.1:5013/antraege/{application_id}" in first.get_body(("plain",)).get_content()


def test_the_send_mail_command_reports_in_german(app, runner):
    in_state(app, "submitted")
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "E-Mails versandt: 2." in result.output
    assert "E-Mails versandt: 0." in runner.invoke(args=["send-mail"]).output

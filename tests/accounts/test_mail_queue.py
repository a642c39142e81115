"""The mail queue for administrators: waiting, sent, failed with the error; „Jetzt erneut senden“ over real SMTP."""

from __future__ import annotations

from sqlalchemy import select

from account_steps import create_user
from sweeping import deliver
from workflow.db import db
from workflow.models import AdminAuditEntry, OutgoingMail

PAGE = "/verwaltung/e-mails"


def test_a_failed_mail_shows_its_error_and_is_sent_again_on_request(app, client, auth, smtp):
    auth.login("admin")
    create_user(auth)
    report = deliver(app)  # the SMTP server is not running yet
    assert report.sent == 0 and len(report.failed) == 1
    page = client.get(PAGE + "?status=fehlgeschlagen").get_data(as_text=True)
    assert "fehlgeschlagen" in page and "ConnectionRefusedError" in page and "anna.berger@meersburg.example" in page
    assert "Einladung zu Förderweg" in page and "/passwort-setzen/" not in page  # never the one-time link
    with app.app_context():
        mail_id = db.session.scalar(select(OutgoingMail.id))
    mailbox = smtp.start()
    response = auth.post(f"{PAGE}/{mail_id}/erneut", {}, page=PAGE)
    assert response.status_code == 302
    assert len(mailbox.to("anna.berger@meersburg.example")) == 1
    assert "versandt" in client.get(PAGE + "?status=versandt").get_data(as_text=True)
    again = auth.post(f"{PAGE}/{mail_id}/erneut", {}, page=PAGE)
    assert again.status_code == 409 and "bereits versandt" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AdminAuditEntry.summary).where(AdminAuditEntry.action == "mail_retried"))

"""The administration's hand on the mail queue: send a waiting or failed mail now."""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow import clock
from workflow.mail import DeliveryReport, deliver_queued_mail
from workflow.models import OutgoingMail, User
from workflow.operations import admin_audit


class RetryRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def retry_now(session: Session, actor: User, mail: OutgoingMail) -> DeliveryReport:
    """Make the mail due now and run a delivery (which sends whatever else is due as well)."""
    if mail.status != OutgoingMail.QUEUED:
        raise RetryRefused("Diese E-Mail ist bereits versandt.")
    if mail.claimed_until is not None and mail.claimed_until > clock.now():
        raise RetryRefused("Diese E-Mail wird gerade versandt. Bitte laden Sie die Seite gleich neu.")
    mail.next_attempt_at = clock.now()
    admin_audit.record(
        session,
        actor,
        "mail_retried",
        f"E-Mail Nr. {mail.id} an {mail.to_address} erneut eingereiht",
        subject=mail.user,
        before={"Letzter Fehler": mail.last_error or ""},
    )
    session.commit()
    return deliver_queued_mail(session)

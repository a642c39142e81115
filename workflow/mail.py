"""Sending the queued mail: over SMTP, or as .eml files into an outbox folder (demo).

A delivery run first claims due rows (``claim_token``, ``claimed_until``) in
one committed statement; on PostgreSQL the candidates are picked with
``FOR UPDATE SKIP LOCKED`` so that concurrent runs take disjoint rows, and on
SQLite the statement holds the database's write lock. Then it sends each
claimed mail and marks it sent, or records the error and the time of the next
attempt (doubling delays up to ``MAIL_RETRY_MAX``). A mail is never dropped,
and none goes out twice unless a sender dies between sending and marking.
"""

from __future__ import annotations

import os
import secrets
import smtplib
import ssl
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload, undefer

from workflow import clock
from workflow.letters.documents import safe_filename
from workflow.models import Document, OutgoingMail
from workflow.models.document import DOCX_MIMETYPE

# Longer than any delivery run takes; a sender that died leaves its claims to the next run after this.
CLAIM_LEASE = timedelta(minutes=15)
BATCH_SIZE = 50
# A single mail the server refuses; the connection stays usable for the next one.
REFUSED_MAIL_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


@dataclass(frozen=True)
class PreparedMail:
    """A claimed mail, ready to go: nothing needs the database while it is sent."""

    id: int
    to_address: str
    subject: str
    attempts: int
    message: EmailMessage


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def anything_happened(self) -> bool:
        return bool(self.sent or self.failed)

    def summary(self) -> str:
        lines = [f"E-Mails versandt: {self.sent}."]
        if self.failed:
            lines.append(f"Nicht versandt, neuer Versuch folgt: {len(self.failed)}.")
            lines.extend(f"- {reason}" for reason in self.failed)
        return "\n".join(lines)


def retry_delay(attempts: int) -> timedelta:
    config = current_app.config
    return min(config["MAIL_RETRY_MAX"], config["MAIL_RETRY_FIRST"] * 2 ** max(0, attempts - 1))


def claim_due_mail(session: Session, token: str, now: datetime) -> list[OutgoingMail]:
    due = (
        select(OutgoingMail.id)
        .where(
            OutgoingMail.status == OutgoingMail.QUEUED,
            OutgoingMail.next_attempt_at <= now,
            or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until < now),
        )
        .order_by(OutgoingMail.id)
        .limit(BATCH_SIZE)
        .with_for_update(skip_locked=True)
    )
    session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id.in_(due.scalar_subquery()))
        .values(claim_token=token, claimed_until=now + CLAIM_LEASE, attempts=OutgoingMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return list(
        session.scalars(
            select(OutgoingMail)
            .where(OutgoingMail.claim_token == token, OutgoingMail.status == OutgoingMail.QUEUED)
            .options(
                selectinload(OutgoingMail.attachments).options(undefer(Document.content)),
                selectinload(OutgoingMail.user),
            )
            .order_by(OutgoingMail.id)
        )
    )


def prepare(mail: OutgoingMail) -> PreparedMail:
    return PreparedMail(mail.id, mail.to_address, mail.subject, mail.attempts, build_message(mail))


def build_message(mail: OutgoingMail) -> EmailMessage:
    sender = current_app.config["MAIL_SENDER"]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "foerderweg.invalid"
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = formataddr((mail.user.full_name, mail.to_address))
    message["Date"] = format_datetime(mail.created_at)
    # The same for every attempt, so that a receiving system can tell a repeated delivery.
    message["Message-ID"] = f"<foerderweg-{mail.id}-{mail.created_at:%Y%m%d%H%M%S}@{domain}>"
    # A one-time link goes into the message only here; the stored body keeps the placeholder.
    message.set_content(
        mail.body.replace(OutgoingMail.LINK_PLACEHOLDER, mail.sealed_link) if mail.sealed_link else mail.body
    )
    maintype, subtype = DOCX_MIMETYPE.split("/")
    for document in mail.attachments:
        message.add_attachment(document.content, maintype=maintype, subtype=subtype, filename=document.filename)
    return message


class SmtpTransport:
    def __init__(self, config):
        self.config = config
        self.connection = None

    def __enter__(self) -> "SmtpTransport":
        config = self.config
        factory = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        self.connection = factory(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
        try:
            if config["MAIL_USE_TLS"]:
                self.connection.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                self.connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        except BaseException:
            self.connection.close()
            raise
        return self

    def send(self, mail: PreparedMail) -> None:
        self.connection.send_message(mail.message)

    def __exit__(self, *exc) -> None:
        with suppress(OSError, smtplib.SMTPException):
            self.connection.quit()


class OutboxTransport:
    """Writes each mail as an .eml file a person can open; the mail's number names the file."""

    def __init__(self, folder: str):
        self.folder = Path(folder)

    def __enter__(self) -> "OutboxTransport":
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def send(self, mail: PreparedMail) -> None:
        target = self.folder / f"{mail.id:06d}_{safe_filename(mail.subject)[:80]}.eml"
        partial = target.with_suffix(".part")
        partial.write_bytes(mail.message.as_bytes())
        os.replace(partial, target)  # a reader never sees half a mail

    def __exit__(self, *exc) -> None:
        return None


def transport():
    config = current_app.config
    if config.get("MAIL_OUTBOX_DIR"):
        return OutboxTransport(config["MAIL_OUTBOX_DIR"])
    return SmtpTransport(config)


def deliver_queued_mail(session: Session) -> DeliveryReport:
    """Send every mail that is due; what cannot be sent now waits for its next attempt."""
    report = DeliveryReport()
    token = secrets.token_hex(16)
    claimed = [prepare(mail) for mail in claim_due_mail(session, token, clock.now())]
    if not claimed:
        return report
    handled = 0
    try:
        with transport() as sender:
            for mail in claimed:
                try:
                    sender.send(mail)
                except REFUSED_MAIL_ERRORS as error:
                    _record_failure(session, mail, token, error, report)
                else:
                    _record_sent(session, mail, token)
                    report.sent += 1
                handled += 1
    except (OSError, smtplib.SMTPException) as error:  # no server, or the connection broke: all the rest waits
        for mail in claimed[handled:]:
            _record_failure(session, mail, token, error, report)
    return report


def _record_sent(session: Session, mail: PreparedMail, token: str) -> None:
    session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail.id, OutgoingMail.claim_token == token)
        .values(status=OutgoingMail.SENT, sent_at=clock.now(), claimed_until=None, last_error=None, sealed_link=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _record_failure(session: Session, mail: PreparedMail, token: str, error: Exception, report: DeliveryReport) -> None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail.id, OutgoingMail.claim_token == token)
        .values(next_attempt_at=clock.now() + retry_delay(mail.attempts), claimed_until=None, last_error=reason)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    report.failed.append(f"an {mail.to_address} ({mail.subject}): {reason}")

"""The daily digest: one mail per person with the notifications whose mail waited for it, grouped by kind.

A scheduler job (``workflow.scheduler``) runs it every few minutes; from ``DIGEST_HOUR`` (Europe/Berlin) on, each
person with waiting notifications gets the day's digest. Sent once, also when two schedulers run or one runs
again after a restart: the digest is a row unique per person and day, inserted in the same transaction that takes
the notifications (only those still waiting) and queues the mail. Whoever comes second fails on that row, or finds
a notification taken already, and leaves everything as it was. The mail itself goes out with the mail queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app, render_template
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from workflow import clock
from workflow.clock import BERLIN
from workflow.engine.notice_kinds import NOTICE_KINDS
from workflow.formatting import date_de
from workflow.models import Notification, NotificationDigest, OutgoingMail, User
from workflow.operations.notifications import page_url

OTHER = "Weitere Benachrichtigungen"


@dataclass
class DigestReport:
    sent_to: list[str] = field(default_factory=list)

    @property
    def anything_happened(self) -> bool:
        return bool(self.sent_to)

    def summary(self) -> str:
        return f"Tägliche Zusammenfassungen vorgemerkt: {len(self.sent_to)}."


def send_digests(session: Session) -> DigestReport:
    """Queue today's digest for everyone who has notifications waiting and got none today, once the hour came."""
    report = DigestReport()
    now = clock.now()
    local = now.astimezone(BERLIN)
    if local.hour < current_app.config["DIGEST_HOUR"]:
        return report
    waiting = select(Notification.user_id).where(Notification.awaits_digest.is_(True))
    done_today = select(NotificationDigest.user_id).where(NotificationDigest.day == local.date())
    people = session.scalars(
        select(User).where(User.active.is_(True), User.id.in_(waiting), User.id.not_in(done_today)).order_by(User.id)
    ).all()
    for user in people:
        if _queue_digest(session, user, local.date(), now):
            report.sent_to.append(user.email)
    return report


def _queue_digest(session: Session, user: User, day: date, now: datetime) -> bool:
    notifications = session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id, Notification.awaits_digest.is_(True))
        .options(selectinload(Notification.application))
        .order_by(Notification.id)
    ).all()
    if not notifications:
        return False
    digest = NotificationDigest(user_id=user.id, day=day, created_at=now)
    session.add(digest)
    try:
        session.flush()
    except IntegrityError:  # another run made today's digest first
        session.rollback()
        return False
    ids = [notification.id for notification in notifications]
    taken = session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.awaits_digest.is_(True))
        .values(awaits_digest=False, digest_id=digest.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != len(ids):  # another run, of yesterday, took some meanwhile: the next run tries again
        session.rollback()
        return False
    mail = OutgoingMail(
        user_id=user.id,
        application_id=None,
        to_address=user.email,
        subject=f"Förderweg: Ihre Zusammenfassung vom {date_de(day)} "
        f"({len(ids)} {'Benachrichtigung' if len(ids) == 1 else 'Benachrichtigungen'})",
        body=render_template(
            "mail/digest.txt",
            recipient=user,
            groups=_grouped(notifications, user),
            link=page_url("notifications.index"),
            settings_link=page_url("account.notification_settings"),
        ),
        status=OutgoingMail.QUEUED,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(mail)
    session.flush()
    digest.mail_id = mail.id
    session.commit()
    return True


def _grouped(notifications: list[Notification], user: User) -> list[tuple[str, list[tuple[Notification, str]]]]:
    """The notifications by kind, in the order of the kinds, each with the page it leads to."""
    groups: dict[str, list[tuple[Notification, str]]] = {}
    for notification in notifications:
        groups.setdefault(notification.kind or "", []).append((notification, _target(notification, user)))
    order = list(NOTICE_KINDS)
    return [
        (NOTICE_KINDS[kind].label if kind in NOTICE_KINDS else OTHER, items)
        for kind, items in sorted(groups.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99)
    ]


def _target(notification: Notification, user: User) -> str:
    """Where the notification leads, as the list of notifications links it."""
    application = notification.application
    if notification.membership_request_id is None:
        return page_url("cases.show", application_id=application.id)
    if application.applicant_id != user.organisation_id:
        return page_url("membership.show", request_id=notification.membership_request_id)
    return page_url("applications.edit", application_id=application.id) + "#zustimmung"

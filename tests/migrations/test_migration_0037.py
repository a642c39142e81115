"""Migration 0037 (notification preferences and the daily digest) on real data: the way down is refused while a
notification waits for a digest; once sent, down and up again keeps every notification, with no digest waiting."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from factories import in_state, user
from migration_steps import downgrade, upgrade
from sweeping import berlin
from workflow import schema
from workflow.db import db
from workflow.engine.notice_kinds import DAILY, TASK
from workflow.models import Notification, NotificationPreference
from workflow.operations.digests import send_digests
from workflow.operations.notification_preferences import save


def test_down_waits_for_the_digest_and_up_again_keeps_every_notification(app, clock, database_url):
    with app.app_context():
        save(db.session, user("pruefung.sued"), {TASK: DAILY})
    in_state(app, "submitted")
    with app.app_context():
        before = db.session.scalars(select(Notification.subject).order_by(Notification.id)).all()
        assert db.session.scalar(select(func.count()).where(Notification.awaits_digest)) == 1
        db.session.close()
    # The later migrations go down first, on their own: SQLite's driver commits DDL as it goes (no transactional DDL).
    downgrade(database_url, "0037")
    with pytest.raises(RuntimeError, match="1 Benachrichtigungen warten auf die tägliche Zusammenfassung"):
        downgrade(database_url, "0036")
    upgrade(database_url)

    clock.set(berlin(2026, 11, 26, 7, 5))
    with app.app_context():
        assert send_digests(db.session).sent_to
        db.session.close()
    downgrade(database_url, "0036")
    upgrade(database_url)
    with app.app_context():
        assert schema.current_revision(db.engine) == schema.head_revision()
        assert db.session.scalars(select(Notification.subject).order_by(Notification.id)).all() == before
        assert db.session.execute(select(Notification.kind, Notification.awaits_digest).distinct()).all() == [
            (None, False)
        ]
        assert db.session.scalar(select(func.count()).select_from(NotificationPreference)) == 0

"""A list counts its rows only up to a limit: beyond it the page says „mehr als …“ and still pages to the end."""

from __future__ import annotations

from sqlalchemy import insert, select

from factories import in_state, user
from workflow import clock
from workflow.db import db
from workflow.models import Application, Notification
from workflow.views.pagination import COUNT_LIMIT


def test_a_person_with_more_notifications_than_the_limit_sees_a_bound_and_reaches_the_last_page(app, client, auth):
    in_state(app, "submitted")
    with app.app_context():
        reviewer = user("pruefung.sued")
        application_id = db.session.scalar(select(Application.id).limit(1))
        already = db.session.query(Notification).filter_by(user_id=reviewer.id).count()
        extra = COUNT_LIMIT + 5 - already
        db.session.execute(
            insert(Notification),
            [
                {
                    "user_id": reviewer.id,
                    "application_id": application_id,
                    "subject": f"Nachricht {number}",
                    "created_at": clock.now(),
                }
                for number in range(extra)
            ],
        )
        db.session.commit()
    auth.login("pruefung.sued")
    first = client.get("/benachrichtigungen").get_data(as_text=True)
    assert "mehr als 10.000 insgesamt" in first and "Seite 1 von mehr als 500" in first
    last_page = COUNT_LIMIT // app.config["PAGE_SIZE"] + 1
    last = client.get(f"/benachrichtigungen?seite={last_page}").get_data(as_text=True)
    assert last.count('<li class="notification') == 5 and 'rel="next"' not in last
    assert 'rel="next"' in client.get(f"/benachrichtigungen?seite={last_page - 1}").get_data(as_text=True)

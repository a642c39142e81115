"""An ordered payment is handed to the cash office within the programme's working days, or the people who make the
cash files are reminded, once, and the list of payments waiting shows it overdue.

The programme's setting: 5 Arbeitstage (without weekends and the public holidays of Baden-Württemberg). Ordered on
Thursday 25.03.2027: Good Friday 26.03. and Easter Monday 29.03.2027 are holidays, so the working days after are
Tuesday 30.03., Wednesday 31.03., Thursday 01.04., Friday 02.04. and Monday 05.04.2027: the last day to hand over.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select

from factories import programme, user
from post_award_steps import final_case, on, ordered
from sweeping import deliver, sweep
from workflow.db import db
from workflow.deadlines import working_days_after
from workflow.models import Deadline
from workflow.operations.cash_exports import create_export

SUBJECT = "Auszahlung noch nicht an die Kasse übergeben"


def test_five_working_days_after_an_order_skip_weekends_and_easter():
    assert working_days_after(date(2027, 3, 25), 5) == date(2027, 4, 5)
    # Monday 01.03.2027: Tuesday to Friday and Monday 08.03.
    assert working_days_after(date(2027, 3, 1), 5) == date(2027, 3, 8)


def _cash_page(client, auth) -> str:
    auth.login("referatsleitung")
    return client.get("/kasse/?programm=integrationsmanagement").get_data(as_text=True)


def test_a_payment_not_handed_over_in_five_working_days_is_reminded_once_and_shown_overdue(
    app, smtp, clock, client, auth
):
    mailbox = smtp.start()
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-25")
        ordered(application_id, clerk)
        cash_office = {user("zeichnung").email, user("referatsleitung").email}
    deliver(app)
    before = len(mailbox.messages)
    on(clock, "2027-04-05")
    assert not sweep(app).done
    page = _cash_page(client, auth)
    assert "05.04.2027" in page and "(überfällig)" not in page
    on(clock, "2027-04-06")
    assert [action.transition for action in sweep(app).done] == ["remind_handover"]
    assert not sweep(app).done  # once per payment: the next sweep leaves it alone
    on(clock, "2027-04-07")
    assert not sweep(app).done
    deliver(app)
    reminders = [message for message in mailbox.messages[before:] if SUBJECT in message["Subject"]]
    assert {message["To"].addresses[0].addr_spec for message in reminders} == cash_office
    assert "Übergabe an die Kasse" in reminders[0].get_content()
    page = _cash_page(client, auth)
    assert 'class="overdue-row"' in page and "05.04.2027 <strong>(überfällig)</strong>" in page


def test_handing_a_payment_over_ends_its_period_and_nobody_is_reminded(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-25")
        ordered(application_id, clerk)
        on(clock, "2027-04-01")
        export = create_export(db.session, programme(), user("referatsleitung"))
        period = db.session.scalars(select(Deadline).where(Deadline.kind == "cash_handover")).one()
        assert period.status == Deadline.CLOSED and period.closed_at == export.created_at
    on(clock, "2027-04-06")
    assert not sweep(app).done


def test_the_reminder_is_not_repeated_when_the_sweep_ran_late(app, clock):
    """No sweep ran for weeks: the one that runs reminds once, and the period stays open until the handover."""
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-25")
        ordered(application_id, clerk)
    clock.set(datetime(2027, 5, 3, 9, tzinfo=timezone.utc))
    assert len(sweep(app).done) == 1
    assert not sweep(app).done
    with app.app_context():
        period = db.session.scalars(select(Deadline).where(Deadline.kind == "cash_handover")).one()
        assert period.status == Deadline.OPEN and period.expired_at is not None

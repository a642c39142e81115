"""The sweep acts on due deadlines through the system transitions: once, also when run twice or at once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from factories import fire, in_state, user, waive
from sweeping import at_once, berlin, sweep
from workflow import seed
from workflow.db import db
from workflow.models import Application, AuditEntry, Deadline, Document, Notification, OutgoingMail
from workflow.engine.context import TransitionRefused
from workflow.operations.sweep import due_actions
from workflow.engine.transitions import perform_transition


def _state(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).state


def _entries(app, application_id: int, transition: str) -> list[AuditEntry]:
    with app.app_context():
        return db.session.scalars(
            select(AuditEntry).where(AuditEntry.application_id == application_id, AuditEntry.transition == transition)
        ).all()


def _deadline(app, application_id: int, kind: str) -> Deadline:
    with app.app_context():
        return db.session.scalars(
            select(Deadline)
            .where(Deadline.application_id == application_id, Deadline.kind == kind)
            .order_by(Deadline.id.desc())
        ).first()


def _mails_to(app, username: str, subject_start: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(OutgoingMail)
            .where(OutgoingMail.user_id == user(username).id, OutgoingMail.subject.startswith(subject_start))
        )


def _states_around_the_end_of(app, clock, application_id: int, last_day: date) -> tuple[str, str]:
    """The case's state after a sweep in the last minute of ``last_day``, and after two in the first minute after it."""
    clock.set(berlin(last_day.year, last_day.month, last_day.day, 23, 59))
    sweep(app)
    before = _state(app, application_id)
    clock.advance(minutes=2)
    sweep(app)
    sweep(app)
    return before, _state(app, application_id)


def test_the_response_period_is_due_on_the_next_working_day_after_christmas(app, clock):
    application_id, _ = in_state(app, "in_review")
    clock.set(berlin(2026, 12, 11, 10))
    with app.app_context():
        fire(application_id, "request_information", "pruefung.sued", comment="Bitte Vertrag.", period_days=14)
    assert _deadline(app, application_id, "response").due_on == date(2026, 12, 28)


def test_nothing_is_due_while_a_period_runs(app, clock):
    application_id, _ = in_state(app, "information_requested")  # due 09.12.2026, reminder from 06.12.
    clock.set(berlin(2026, 12, 5, 23, 59))
    report = sweep(app)
    assert report.done == [] and report.refused == []
    assert "Keine fälligen Fristen." in report.summary()
    assert _state(app, application_id) == "information_requested"


def test_the_applicant_is_reminded_once_before_the_period_ends(app, clock):
    application_id, clerk = in_state(app, "information_requested")
    clock.set(berlin(2026, 12, 6, 7))
    first, second = sweep(app), sweep(app)
    assert [action.transition for action in first.done] == ["remind_response"]
    assert second.done == [] and second.refused == []
    entries = _entries(app, application_id, "remind_response")
    assert len(entries) == 1 and entries[0].actor.username == "system"
    assert _deadline(app, application_id, "response").reminded_at is not None
    assert _mails_to(app, clerk, "Erinnerung") == 1
    assert _state(app, application_id) == "information_requested"


def test_the_period_expires_only_after_its_last_day_and_then_once(app, clock):
    application_id, clerk = in_state(app, "information_requested")
    states = _states_around_the_end_of(app, clock, application_id, date(2026, 12, 9))
    assert states == ("information_requested", "response_overdue")
    assert len(_entries(app, application_id, "expire_response")) == 1
    assert _mails_to(app, clerk, "Frist der Nachforderung abgelaufen") == 1
    assert _mails_to(app, "pruefung.sued", "Frist der Nachforderung abgelaufen") == 1
    deadline = _deadline(app, application_id, "response")
    # The period stays open, and overdue, until a person acts on the case.
    assert deadline.status == Deadline.OPEN and deadline.expired_at is not None


def test_an_answer_after_expiry_closes_the_overdue_period(app, clock):
    application_id, clerk = in_state(app, "information_requested")
    clock.set(berlin(2026, 12, 10, 8))
    sweep(app)
    with app.app_context():
        fire(application_id, "answer", clerk, comment="Entschuldigung, anbei.")
    assert _deadline(app, application_id, "response").status == Deadline.CLOSED
    assert sweep(app).done == []


def test_a_new_request_replaces_the_expired_period(app, clock):
    application_id, _ = in_state(app, "information_requested")
    clock.set(berlin(2026, 12, 10, 8))
    sweep(app)
    with app.app_context():
        fire(application_id, "request_information", "pruefung.sued", comment="Zweite Bitte.", period_days=7)
        periods = db.session.scalars(
            select(Deadline.status).where(Deadline.application_id == application_id).order_by(Deadline.id)
        ).all()
    assert periods == [Deadline.CLOSED, Deadline.OPEN]
    assert _deadline(app, application_id, "response").due_on == date(2026, 12, 17)


def test_an_answer_before_the_reminder_means_no_reminder(app, clock):
    application_id, clerk = in_state(app, "answered")
    clock.set(berlin(2026, 12, 8, 8))
    assert sweep(app).done == []
    assert _mails_to(app, clerk, "Erinnerung") == 0


def test_a_decision_becomes_final_after_the_remedy_period_by_itself(app, clock):
    # Signed Wednesday 25.11.2026: notified Monday 30.11. (fiction of 3 days, Saturday moves on),
    # the one-month remedy period ends Wednesday 30.12.2026.
    application_id, clerk = in_state(app, "granted")
    assert _deadline(app, application_id, "remedy").due_on == date(2026, 12, 30)
    assert _states_around_the_end_of(app, clock, application_id, date(2026, 12, 30)) == ("granted", "final")
    [entry] = _entries(app, application_id, "become_final")
    assert entry.actor.full_name == "Förderweg (automatisch)"
    assert entry.details["due_on"] == "2026-12-30"
    remedy = _deadline(app, application_id, "remedy")
    assert remedy.status == Deadline.CLOSED and remedy.closed_by_entry_id == entry.id
    assert _mails_to(app, clerk, "Bescheid bestandskräftig") == 1


def test_a_remedy_waiver_makes_the_decision_final_at_once_with_a_confirmation(app, clock):
    application_id, clerk = in_state(app, "granted")
    with app.app_context():
        waive(application_id, clerk)
        kinds = db.session.scalars(select(Document.kind).where(Document.application_id == application_id)).all()
    assert _state(app, application_id) == "final"
    assert "waiver_confirmation" in kinds
    clock.set(berlin(2027, 1, 15, 8))
    assert sweep(app).done == []
    assert _entries(app, application_id, "become_final") == []


def test_a_late_sweep_catches_up_on_everything_exactly_once(app, clock):
    """Three months without a sweep: every expiry, finality and running reminder happens once."""
    expired, expired_clerk = in_state(app, "information_requested")  # due 09.12.2026
    decided, decided_clerk = in_state(app, "granted")  # final after 30.12.2026
    long_period, long_clerk = in_state(app, "in_review")
    with app.app_context():
        # The longest period the form allows, 90 days: due Tuesday 23.02.2027.
        fire(long_period, "request_information", "pruefung.sued", comment="Bitte Vertrag.", period_days=90)
    clock.set(berlin(2027, 2, 21, 6))
    first = sweep(app)
    assert sorted(action.transition for action in first.done) == ["become_final", "expire_response", "remind_response"]
    again = sweep(app)
    assert again.done == [] and again.refused == []
    assert _state(app, expired) == "response_overdue"
    assert _state(app, decided) == "final"
    assert _state(app, long_period) == "information_requested"
    # A reminder for a period that had already ended would come too late; the expiry tells the clerk.
    assert _mails_to(app, expired_clerk, "Erinnerung") == 0
    assert _mails_to(app, expired_clerk, "Frist der Nachforderung abgelaufen") == 1
    assert _mails_to(app, decided_clerk, "Bescheid bestandskräftig") == 1
    assert _mails_to(app, long_clerk, "Erinnerung") == 1


@pytest.mark.parametrize(
    "moment,transition,refusal",
    [
        (berlin(2026, 12, 7, 8), "remind_response", "An diese Frist wurde bereits erinnert."),
        (
            berlin(2026, 12, 10, 8),
            "expire_response",
            "„Frist der Nachforderung abgelaufen“ ist im Status „Frist abgelaufen“ nicht möglich.",
        ),
    ],
)
def test_a_sweep_that_comes_second_is_refused_and_changes_nothing(app, clock, moment, transition, refusal):
    application_id, _ = in_state(app, "information_requested")
    clock.set(moment)
    with app.app_context():
        # What a second sweep saw before the first one acted.
        [stale] = due_actions(db.session, moment.date())
    sweep(app)
    with app.app_context(), pytest.raises(TransitionRefused) as refused:
        perform_transition(
            db.session,
            application_id,
            stale.transition,
            seed.system_user(db.session),
            {"deadline_id": stale.deadline_id},
        )
    assert stale.transition == transition and refused.value.message == refusal
    assert len(_entries(app, application_id, transition)) == 1


@pytest.mark.postgres_only
def test_two_sweeps_at_the_same_moment_act_once(app, clock):
    cases = [in_state(app, "information_requested") for _ in range(3)] + [in_state(app, "granted") for _ in range(2)]
    reminded = in_state(app, "in_review")
    with app.app_context():
        fire(reminded[0], "request_information", "pruefung.sued", comment="Bitte.", period_days=40)  # due 04.01.2027
    clock.set(berlin(2027, 1, 2, 6))
    reports = at_once(app, sweep, count=3)
    assert sum(len(report.done) for report in reports) == 6
    for application_id, _ in cases:
        assert _state(app, application_id) in ("response_overdue", "final")
        assert (
            len(_entries(app, application_id, "expire_response") + _entries(app, application_id, "become_final")) == 1
        )
    assert len(_entries(app, reminded[0], "remind_response")) == 1
    with app.app_context():
        notified = db.session.execute(
            select(Notification.user_id, Notification.audit_entry_id, func.count()).group_by(
                Notification.user_id, Notification.audit_entry_id
            )
        ).all()
    assert all(count == 1 for *_, count in notified)


def test_sweeping_twice_in_a_row_changes_nothing_the_second_time(app, clock):
    in_state(app, "information_requested")
    in_state(app, "granted")
    clock.set(berlin(2027, 1, 2, 6))
    assert len(sweep(app).done) == 2
    with app.app_context():
        before = (
            db.session.scalar(select(func.count()).select_from(AuditEntry)),
            db.session.scalar(select(func.count()).select_from(OutgoingMail)),
        )
    assert sweep(app).done == []
    with app.app_context():
        after = (
            db.session.scalar(select(func.count()).select_from(AuditEntry)),
            db.session.scalar(select(func.count()).select_from(OutgoingMail)),
        )
    assert after == before


def test_the_sweep_command_reports_in_german(app, runner, clock):
    in_state(app, "granted")
    clock.set(berlin(2026, 12, 31, 8))
    result = runner.invoke(args=["sweep"])
    assert result.exit_code == 0, result.output
    assert "Fristenlauf für den 31.12.2026:" in result.output
    assert (
        "erledigt: RPS-IM-2026-" in result.output
        and "Bestandskraft eingetreten (Frist bis 30.12.2026)" in result.output
    )
    assert "Keine fälligen Fristen." in runner.invoke(args=["sweep"]).output


def test_only_due_deadlines_leave_the_database(app, clock):
    """Many open periods far from their end: the sweep's query returns the due rows and no others."""
    from datetime import timedelta

    from workflow.operations.sweep import due_query

    application_id, _ = in_state(app, "information_requested")  # due 09.12.2026, reminder from 06.12.
    in_state(app, "granted")  # remedy period: final after 30.12.2026
    with app.app_context():
        model = _deadline(app, application_id, "response")
        for offset in range(1, 41):  # open, not reminded, due in months or years
            db.session.add(
                Deadline(
                    application_id=application_id,
                    kind="response",
                    due_on=date(2027, 3, 1) + timedelta(days=offset * 30),
                    status=Deadline.OPEN,
                    opened_by_entry_id=model.opened_by_entry_id,
                    opened_at=model.opened_at,
                )
            )
        db.session.commit()

    def rows(day: date) -> list:
        with app.app_context():
            query = due_query(db.session, day)
            return [] if query is None else db.session.execute(query).all()

    assert rows(date(2026, 12, 5)) == []  # nothing due: nothing loaded
    assert [(row.kind, row.due_on) for row in rows(date(2026, 12, 6))] == [("response", date(2026, 12, 9))]
    assert sorted(row.kind for row in rows(date(2026, 12, 31))) == ["remedy", "response"]
    with app.app_context():
        # Every row the query returns is an action: the Python check drops nothing.
        for day in (date(2026, 12, 6), date(2026, 12, 10), date(2026, 12, 31)):
            assert len(rows(day)) == len(due_actions(db.session, day))

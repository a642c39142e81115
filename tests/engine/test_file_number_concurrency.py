"""File numbers (Aktenzeichen) stay gapless and unique when many municipalities submit at the same moment."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from concurrency import Step, fire_at_once
from factories import in_state
from workflow.db import db
from workflow.models import Application
from workflow.engine import services
from workflow.engine.context import TransitionRefused

SUBMISSIONS = 8


def _numbers(app, application_ids):
    with app.app_context():
        return sorted(db.session.scalars(select(Application.file_number).where(Application.id.in_(application_ids))))


def test_simultaneous_submissions_are_numbered_without_gap_or_twin(app):
    drafts = [in_state(app, "draft") for _ in range(SUBMISSIONS)]
    outcomes = fire_at_once(
        app, [Step(application_id, "submit", clerk, {"revision": 1}) for application_id, clerk in drafts]
    )
    assert all(outcome.succeeded for outcome in outcomes), [o.refusal for o in outcomes]
    assert _numbers(app, [application_id for application_id, _ in drafts]) == [
        f"RPS-IM-2026-{number:04d}" for number in range(1, SUBMISSIONS + 1)
    ]


def test_a_submission_that_fails_after_drawing_its_number_gives_it_back(app, monkeypatch):
    """One submission fails after its number was drawn (its letter cannot be rendered): no gap remains."""
    drafts = [in_state(app, "draft") for _ in range(SUBMISSIONS)]
    failing = drafts[SUBMISSIONS // 2][0]
    render = services.current().render_letters

    def render_or_fail(session, application, transition, ctx, due_dates):
        if application.id == failing:
            assert application.file_number, "the number is drawn before the letters are rendered"
            raise TransitionRefused("Die Eingangsbestätigung konnte nicht erstellt werden.")
        return render(session, application, transition, ctx, due_dates)

    monkeypatch.setattr(services, "_provided", replace(services.current(), render_letters=render_or_fail))
    outcomes = fire_at_once(
        app, [Step(application_id, "submit", clerk, {"revision": 1}) for application_id, clerk in drafts]
    )
    assert [o.step.application_id for o in outcomes if not o.succeeded] == [failing]
    numbered = [application_id for application_id, _ in drafts if application_id != failing]
    assert _numbers(app, numbered) == [f"RPS-IM-2026-{number:04d}" for number in range(1, SUBMISSIONS)]
    assert _numbers(app, [failing]) == [None]

"""An organisation is bound by one application per programme, also when two are submitted at the same moment."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from application_data import MEERSBURG_MEMBERS, consortium_application, single_application
from concurrency import Step, all_wait_after, fire_at_once
from factories import draft
from workflow.db import db
from workflow.models import Application, Organisation, Participation
from workflow.engine import effects

CONSTRAINT = "uq_participation_programme_id_organisation_id"
HAGNAU = "08435018"
TETTNANG = "08435057"

RACES = {
    # Tettnang leads a consortium with Hagnau while Meersburg's consortium claims Hagnau too.
    "two consortia claim the same member": (
        ("kommune.meersburg", consortium_application()),
        ("kommune.tettnang", consortium_application(members=[HAGNAU], consortium_name="Integrationsmanagement Tettnang-Hagnau")),
        HAGNAU,
        "Hagnau am Bodensee ist bereits an einem anderen laufenden Antrag",
    ),
    # Tettnang applies alone while Meersburg's consortium claims it as a member.
    "alone and in a consortium": (
        ("kommune.tettnang", single_application()),
        ("kommune.meersburg", consortium_application(members=[*MEERSBURG_MEMBERS, TETTNANG])),
        TETTNANG,
        "Tettnang ist bereits an einem anderen laufenden Antrag",
    ),
}


@pytest.mark.parametrize("race", sorted(RACES))
def test_of_two_simultaneous_claims_on_one_organisation_exactly_one_wins(app, race):
    first, second, contested_ags, refusal = RACES[race]
    with app.app_context():
        drafts = [draft(clerk, data) for clerk, data in (first, second)]
    outcomes = fire_at_once(
        app, [Step(application_id, "submit", clerk, {"revision": 1}) for application_id, (clerk, _) in zip(drafts, (first, second))]
    )
    winners = [o for o in outcomes if o.succeeded]
    losers = [o for o in outcomes if not o.succeeded]
    assert len(winners) == 1 and len(losers) == 1, [o.refusal for o in outcomes]
    assert refusal in losers[0].refusal, losers[0].refusal
    with app.app_context():
        session = db.session
        contested = session.scalars(select(Organisation).where(Organisation.ags == contested_ags)).one()
        bound_to = session.scalars(select(Participation.application_id).where(Participation.organisation_id == contested.id)).all()
        assert bound_to == [winners[0].step.application_id]
        loser = session.get(Application, losers[0].step.application_id)
        assert loser.state == "draft" and loser.file_number is None
        assert session.get(Application, winners[0].step.application_id).file_number == "RPS-IM-2026-0001"
        assert session.scalar(select(func.count()).select_from(Participation).where(Participation.application_id == loser.id)) == 0


@pytest.fixture
def without_participation_constraint(app):
    """The participation table without its unique constraint, restored afterwards (PostgreSQL only)."""
    with app.app_context():
        engine = db.engine
    with engine.begin() as connection:
        connection.execute(text(f"ALTER TABLE participation DROP CONSTRAINT {CONSTRAINT}"))
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM participation"))
            connection.execute(text(f"ALTER TABLE participation ADD CONSTRAINT {CONSTRAINT} UNIQUE (programme_id, organisation_id)"))


@pytest.mark.postgres_only
def test_negative_control_without_the_constraint_both_claims_win(app, monkeypatch, without_participation_constraint):
    """With the constraint dropped and every check passed at once, the race binds Hagnau twice:
    the positive test above would fail, so it tests what it claims to."""
    monkeypatch.setattr(effects, "_bound_elsewhere", all_wait_after(effects._bound_elsewhere, 2))
    first, second, contested_ags, _ = RACES["two consortia claim the same member"]
    with app.app_context():
        drafts = [draft(clerk, data) for clerk, data in (first, second)]
    outcomes = fire_at_once(
        app, [Step(application_id, "submit", clerk, {"revision": 1}) for application_id, (clerk, _) in zip(drafts, (first, second))]
    )
    assert all(outcome.succeeded for outcome in outcomes)
    with app.app_context():
        contested = db.session.scalars(select(Organisation).where(Organisation.ags == contested_ags)).one()
        assert db.session.scalar(
            select(func.count()).select_from(Participation).where(Participation.organisation_id == contested.id)
        ) == 2

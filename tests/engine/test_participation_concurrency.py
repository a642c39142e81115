"""An organisation is bound by one application per programme, also when two are submitted at the same moment."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from application_data import MEERSBURG_MEMBERS, consortium_application, single_application
from concurrency import Step, all_wait_after, fire_at_once, run_at_once
from factories import draft
from workflow.db import db
from workflow.engine.transitions import perform_transition
from workflow.models import Application, MembershipRequest, Organisation, Participation
from workflow.operations.membership_requests import answer_request
from workflow.workflows.standard import membership

CONSTRAINT = "uq_participation_programme_id_organisation_id"
HAGNAU = "08435018"
TETTNANG = "08435057"

RACES = {
    # Tettnang leads a consortium with Hagnau while Meersburg's consortium claims Hagnau too.
    "two consortia claim the same member": (
        ("kommune.meersburg", consortium_application()),
        (
            "kommune.tettnang",
            consortium_application(members=[HAGNAU], consortium_name="Integrationsmanagement Tettnang-Hagnau"),
        ),
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
        app,
        [
            Step(application_id, "submit", clerk, {"revision": 1})
            for application_id, (clerk, _) in zip(drafts, (first, second))
        ],
    )
    winners = [o for o in outcomes if o.succeeded]
    losers = [o for o in outcomes if not o.succeeded]
    assert len(winners) == 1 and len(losers) == 1, [o.refusal for o in outcomes]
    assert refusal in losers[0].refusal, losers[0].refusal
    with app.app_context():
        session = db.session
        contested = session.scalars(select(Organisation).where(Organisation.ags == contested_ags)).one()
        bound_to = session.scalars(
            select(Participation.application_id).where(Participation.organisation_id == contested.id)
        ).all()
        assert bound_to == [winners[0].step.application_id]
        loser = session.get(Application, losers[0].step.application_id)
        assert loser.state == "draft" and loser.file_number is None
        assert session.get(Application, winners[0].step.application_id).file_number == "RPS-IM-2026-0001"
        assert (
            session.scalar(
                select(func.count()).select_from(Participation).where(Participation.application_id == loser.id)
            )
            == 0
        )


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
            connection.execute(
                text(f"ALTER TABLE participation ADD CONSTRAINT {CONSTRAINT} UNIQUE (programme_id, organisation_id)")
            )


@pytest.mark.postgres_only
def test_negative_control_without_the_constraint_both_claims_win(app, monkeypatch, without_participation_constraint):
    """With the constraint dropped and every check passed at once, the race binds Hagnau twice:
    the positive test above would fail, so it tests what it claims to."""
    monkeypatch.setattr(membership, "_bound_elsewhere", all_wait_after(membership._bound_elsewhere, 2))
    first, second, contested_ags, _ = RACES["two consortia claim the same member"]
    with app.app_context():
        drafts = [draft(clerk, data) for clerk, data in (first, second)]
    outcomes = fire_at_once(
        app,
        [
            Step(application_id, "submit", clerk, {"revision": 1})
            for application_id, (clerk, _) in zip(drafts, (first, second))
        ],
    )
    assert all(outcome.succeeded for outcome in outcomes)
    with app.app_context():
        contested = db.session.scalars(select(Organisation).where(Organisation.ags == contested_ags)).one()
        assert (
            db.session.scalar(
                select(func.count()).select_from(Participation).where(Participation.organisation_id == contested.id)
            )
            == 2
        )


def test_a_member_that_declines_while_the_lead_submits_is_either_bound_with_consent_or_not_at_all(app):
    """The answer takes the lock of the lead's application, like the submission: whichever comes second
    sees the first. Either the submission won (the member's consent stands, its late 'no' is refused) or
    the 'no' won (the submission is refused and binds nobody)."""
    with app.app_context():
        application_id = draft("kommune.meersburg", consortium_application(members=[HAGNAU]))
        request_id = db.session.scalars(
            select(MembershipRequest.id).where(MembershipRequest.application_id == application_id)
        ).one()
    refusals = run_at_once(
        app,
        [
            (
                "kommune.meersburg",
                lambda session, actor: perform_transition(session, application_id, "submit", actor, {"revision": 1}),
            ),
            ("kommune.hagnau", lambda session, actor: answer_request(session, request_id, actor, consent=False)),
        ],
    )
    assert sum(refusal is None for refusal in refusals) == 1, refusals
    with app.app_context():
        application = db.session.get(Application, application_id)
        request = db.session.get(MembershipRequest, request_id)
        bound = db.session.scalar(
            select(func.count()).select_from(Participation).where(Participation.application_id == application_id)
        )
        if refusals[0] is None:
            assert application.state == "submitted" and request.status == MembershipRequest.CONFIRMED and bound == 2
            assert "bereits eingereicht" in refusals[1]
        else:
            assert application.state == "draft" and request.status == MembershipRequest.DECLINED and bound == 0
            assert "Abgelehnt hat: Hagnau am Bodensee." in refusals[0]

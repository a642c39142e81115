"""A pooled allocation is granted at most once, and never above the Planungsrahmen in force at signing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from application_data import MEERSBURG_MEMBERS, consortium_application
from factories import fire, programme, submitted, user
from workflow.money import ledger
from workflow.db import db
from workflow.models import Application, Organisation
from workflow.operations.allocation_import import import_allocations
from workflow.engine.context import TransitionRefused

TETTNANG = "08435057"
REVIEWER = "pruefung.sued"


def organisation(ags: str) -> Organisation:
    return db.session.scalars(select(Organisation).where(Organisation.ags == ags)).one()


def propose(application_id: int, outcome: str = "granted") -> None:
    """Take the case and propose to grant (or refuse) its one position."""
    fire(application_id, "take", REVIEWER)
    fire(
        application_id,
        "propose_decision",
        REVIEWER,
        positions=[{"outcome": outcome, "reason": "Begründung"}],
        comment="Begründung",
    )


def already_granted(application_id: int, *pooled) -> Decimal:
    """What other applications pooling any of these organisations were granted, as the signature guard reads it."""
    organisation_ids = {organisation.id for organisation in pooled}
    return ledger.pooled_limits(db.session, programme(), {application_id: organisation_ids})[
        application_id
    ].already_granted


def granted(application_id: int) -> Decimal:
    return db.session.get(Application, application_id).granted_amount


@pytest.mark.parametrize("ending", ["rejection", "withdrawal"])
def test_after_a_rejection_or_withdrawal_the_allocation_can_be_granted_in_full(app, ending):
    with app.app_context():
        first = submitted("kommune.tettnang")
        if ending == "rejection":
            propose(first, "refused")
            fire(first, "sign_rejection", "zeichnung")
        else:
            fire(first, "withdraw", "kommune.tettnang", comment="")
        tettnang = organisation(TETTNANG)
        assert already_granted(0, tettnang) == 0
        second = submitted("kommune.tettnang")
        propose(second)
        fire(second, "sign_grant", "zeichnung")
        assert granted(second) == Decimal("58000.00")


def test_a_granted_organisation_cannot_be_pooled_or_apply_again(app):
    with app.app_context():
        first = submitted("kommune.tettnang")
        propose(first)
        fire(first, "sign_grant", "zeichnung")
        with pytest.raises(TransitionRefused) as alone:
            submitted("kommune.tettnang")
        assert "Tettnang ist bereits an einem anderen laufenden Antrag" in alone.value.message
        with pytest.raises(TransitionRefused) as pooled:
            submitted("kommune.meersburg", consortium_application(members=[*MEERSBURG_MEMBERS, TETTNANG]))
        assert "Tettnang ist bereits an einem anderen laufenden Antrag" in pooled.value.message


def test_grants_already_made_to_an_organisation_count_against_any_other_application_pooling_it(app):
    with app.app_context():
        first = submitted("kommune.tettnang")
        propose(first)
        fire(first, "sign_grant", "zeichnung")
        tettnang = organisation(TETTNANG)
        assert already_granted(first, tettnang) == 0
        assert already_granted(first + 1000, tettnang) == Decimal("58000.00")


def test_a_consortium_s_limit_pools_its_members_and_counts_a_grant_to_several_of_them_once(app):
    with app.app_context():
        joint = submitted("kommune.meersburg", consortium_application())
        pooled = db.session.get(Application, joint).pooled_allocation
        propose(joint)
        fire(joint, "sign_grant", "zeichnung")
        meersburg, hagnau = organisation("08435036"), organisation("08435018")
        limits = ledger.pooled_limits(
            db.session,
            programme(),
            {
                joint: {meersburg.id, hagnau.id, organisation("08435010").id, organisation("08435054").id},
                joint + 1000: {meersburg.id, hagnau.id},
            },
        )
        assert limits[joint] == ledger.PooledLimit(pooled, Decimal("0.00"))
        assert limits[joint + 1000].already_granted == granted(joint)  # once, though both organisations took part


def test_a_grant_above_a_lowered_planungsrahmen_is_refused_at_signing(app):
    with app.app_context():
        application_id = submitted("kommune.tettnang")
        propose(application_id)
        lowered = b"AGS;Gemeinde;Planungsrahmen\r\n08435057;Tettnang;50.000,00\r\n"
        import_allocations(db.session, programme().id, user("admin"), "gesenkt.csv", lowered, confirm_total=True)
        with pytest.raises(TransitionRefused) as refusal:
            fire(application_id, "sign_grant", "zeichnung")
        assert refusal.value.message == (
            "Die Bewilligung von 58.000,00\u00a0€ überschreitet den Planungsrahmen von 50.000,00\u00a0€."
        )
        assert db.session.get(Application, application_id).state == "decision_proposed"

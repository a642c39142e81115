"""A pooled allocation is granted at most once, and never above the Planungsrahmen in force at signing."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from application_data import MEERSBURG_MEMBERS, consortium_application
from factories import fire, programme, submitted, user
from workflow import ledger
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
    fire(application_id, "propose_decision", REVIEWER, positions=[{"outcome": outcome, "reason": "Begründung"}],
         comment="Begründung")


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
        assert ledger.granted_to_organisations(db.session, programme(), {tettnang.id}, excluding_application_id=0) == 0
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
        assert ledger.granted_to_organisations(db.session, programme(), {tettnang.id}, first) == 0
        assert ledger.granted_to_organisations(db.session, programme(), {tettnang.id}, first + 1000) == Decimal("58000.00")


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

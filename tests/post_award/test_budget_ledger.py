"""The budget ledger adds up: per applicant and for the programme, allocated, requested, granted, paid, recovered."""

from __future__ import annotations

from decimal import Decimal

from application_data import consortium_application
from factories import fire, in_state, programme, submitted
from workflow.money import budget
from workflow.db import db
from workflow.money.ledger import ZERO
from workflow.models import Application


def all_lines():
    ledger_page = budget.ledger_page(db.session, programme(), 1, 10_000)
    return ledger_page.items


def test_every_allocation_is_on_exactly_one_line_and_the_lines_add_up_to_the_programme(app):
    in_state(app, "granted")
    in_state(app, "decision_proposed")
    in_state(app, "information_requested")
    with app.app_context():
        meersburg = submitted("kommune.meersburg", consortium_application())
        lines = all_lines()
        totals = budget.programme_ledger(db.session, programme())
        organisations = [org.id for line in lines for org in line.organisations]
        assert len(organisations) == len(set(organisations))
        for field in ("allocated", "requested", "granted", "paid", "recovered"):
            assert sum((getattr(line.figures, field) for line in lines), ZERO) == getattr(totals.figures, field), field
        assert totals.figures.granted == Decimal("58000.00")
        assert totals.figures.requested == Decimal("58000.00") * 3
        assert totals.available == programme().budget - Decimal("58000.00")
        joint = next(line for line in lines if line.application is not None and line.application.id == meersburg)
        assert [org.ags for org in joint.organisations] == ["08435010", "08435018", "08435036", "08435054"]
        assert joint.figures.allocated == Decimal("75160.70") and joint.name == "Integrationsmanagement GVV Meersburg"


def test_a_rejected_application_frees_its_allocation_in_the_ledger(app):
    application_id, _ = in_state(app, "in_review")
    with app.app_context():
        applicant_id = db.session.get(Application, application_id).applicant_id
        fire(
            application_id,
            "propose_decision",
            "pruefung.sued",
            positions=[{"outcome": "refused", "reason": "Begründung"}],
        )
        fire(application_id, "sign_rejection", "zeichnung")
        line = next(line for line in all_lines() if applicant_id in [org.id for org in line.organisations])
        assert line.application is None and line.figures.requested == line.figures.granted == ZERO

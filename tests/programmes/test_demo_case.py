"""The decided case ``foerderweg demo`` loads: walked through the real workflow, it leaves work for each role."""

from __future__ import annotations

from sqlalchemy import select

from workflow import clock
from workflow.db import db
from workflow.demo.demo_cases import load_demo_cases
from workflow.models import Application, Procedure
from workflow.workflows.post_award.payments import requestable_on


def test_the_demo_case_is_final_and_leaves_a_checked_payment_for_the_approvers_round(app, client, auth):
    with app.app_context():
        made = load_demo_cases(db.session)
        application = db.session.scalar(select(Application))
        payment = db.session.scalar(select(Procedure).where(Procedure.kind == "payment"))
        assert application.state == "final"
        assert payment.state == "checked" and payment.amount > 0
        assert requestable_on(db.session, application, clock.today()) == 0  # all that falls due soon was requested
        payment_id = payment.id
    assert "bewilligt und bestandskräftig" in made[0] and "wartet auf die Anordnung" in made[1]
    auth.login("zeichnung")
    assert f'value="vorgang-{payment_id}"' in client.get("/sammelzeichnung/").get_data(as_text=True)

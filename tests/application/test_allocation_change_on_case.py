"""After a new Planungsrahmen table the case page shows the figure at submission and today's, which limits the grant."""

from __future__ import annotations

from decimal import Decimal

from allocation_files import example_amount, with_amounts_replaced
from factories import programme, submitted, user
from workflow.db import db
from workflow.formatting import euro
from workflow.operations.allocation_import import import_allocations

TETTNANG = "08435057"


def test_the_case_page_shows_the_planungsrahmen_at_submission_and_today_when_they_differ(app, client, auth):
    with app.app_context():
        application_id = submitted("kommune.tettnang")
    auth.login("pruefung.sued")
    before = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Planungsrahmen bei Einreichung" in before and "Planungsrahmen heute" not in before
    today = example_amount(TETTNANG) + Decimal("1234.56")
    with app.app_context():
        import_allocations(
            db.session,
            programme().id,
            user("admin"),
            "neu.csv",
            with_amounts_replaced({TETTNANG: today}),
            confirm_total=True,
        )
    after = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Planungsrahmen heute" in after and euro(today) in after
    assert "seit der Einreichung" in after and "die Bewilligung richtet sich nach diesem Betrag" in after

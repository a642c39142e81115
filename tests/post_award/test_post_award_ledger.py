"""The ledger after the decision: paid and repaid agree on the case, the programme, the regions, the years and the export."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import openpyxl

from factories import programme, user
from post_award_steps import case, claim_of, enter_sample_base_rates, final_case, on, paid, proposed_revocation, step
from workflow.money import budget, budget_years
from workflow.exports import export
from workflow.reference import regions
from workflow.db import db

D = Decimal


def _paid_and_repaid(app, clock) -> int:
    """5.000 paid in 2027; 54.000 revoked in January 2028, so 1.000 repaid (received 14.02.2028)."""
    application_id, clerk = final_case(app)
    with app.app_context():
        enter_sample_base_rates()
        on(clock, "2027-03-01")
        paid(application_id, clerk)
        on(clock, "2028-01-15")
        revocation = proposed_revocation(
            application_id, revoked="54000.00", effective_from="01.03.2027", comment="Nicht besetzt."
        )
        step(application_id, revocation, "sign_revocation", "zeichnung")
        on(clock, "2028-02-20")
        step(
            application_id,
            claim_of(application_id),
            "book_receipt",
            "pruefung.sued",
            received_on="14.02.2028",
            amount="1063.51",
        )
    return application_id


def test_paid_and_repaid_agree_on_every_view(app, clock):
    application_id = _paid_and_repaid(app, clock)
    with app.app_context():
        im = programme()
        figures = budget.programme_ledger(db.session, im).figures
        assert (figures.granted, figures.paid, figures.recovered, figures.repaid, figures.outstanding) == (
            D("4000.00"),
            D("5000.00"),
            D("1000.00"),
            D("1000.00"),
            D("0.00"),
        )
        bezirke, _ = regions.figures_by_regions(db.session, im)
        assert sum((row.figures.paid for row in bezirke), D(0)) == D("5000.00")
        assert sum((row.figures.repaid for row in bezirke), D(0)) == D("1000.00")
        lines = [line for line in budget.ledger_page(db.session, im, 1, 2000).items if line.application is not None]
        assert [(line.figures.paid, line.figures.repaid) for line in lines] == [(D("5000.00"), D("1000.00"))]
        years = {row.year: row for row in budget_years.figures_by_year(db.session, im)}
        assert (years[2027].paid, years[2027].repaid, years[2028].repaid) == (D("5000.00"), D("0.00"), D("1000.00"))
        quarters = budget_years.granted_and_paid_over_time(db.session, im)
        assert (quarters[-1].granted, quarters[-1].paid) == (D("4000.00"), D("5000.00"))
        sheet = openpyxl.load_workbook(BytesIO(export.cases_workbook(db.session, user("ministerium"), im))).active
        header = [cell.value for cell in sheet[1]]
        row = [cell.value for cell in sheet[2]]
        assert row[header.index("Ausgezahlt")] == 5000 and row[header.index("Erstattet")] == 1000
        assert case(application_id).granted_amount == D("4000.00")


def test_the_years_page_shows_the_annual_budget_and_payments(app, clock, client, auth):
    _paid_and_repaid(app, clock)
    auth.login("ministerium")
    page = client.get("/uebersicht/haushaltsjahre").get_data(as_text=True)
    assert "58.000.000,00" in page and "5.000,00" in page and "1. Quartal 2027" in page

"""Amounts typed the German way are read as a German reads them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from factories import in_state
from workflow.db import db
from workflow.models import Proposal
from workflow.money import NotAnAmount, parse_euro_text


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("200.000", "200000"),
        ("61.250,5", "61250.5"),
        ("1.234,56 €", "1234.56"),
        ("1.234,56\u00a0EUR", "1234.56"),
        ("87000", "87000"),
        ("87000,00", "87000.00"),
        ("51000.00", "51000.00"),
        ("-5", "-5"),
    ],
)
def test_german_amount_text_is_read_with_thousands_dots(text, amount):
    assert parse_euro_text(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "12,34,5", "1.23.4", "2OO", "1.2345", "€"])
def test_text_that_is_no_amount_is_refused_in_german(text):
    with pytest.raises(NotAnAmount, match="kein Betrag im deutschen Zahlenformat"):
        parse_euro_text(text)


def test_a_reduced_share_typed_with_a_comma_is_read_the_german_way(app, client, auth):
    application_id, _ = in_state(app, "in_review")
    auth.login("pruefung.sued")
    response = auth.post(
        f"/antraege/{application_id}/aktionen/propose_decision",
        {
            "rulings-0-outcome": "reduced",
            "rulings-0-fte": "0,25",
            "rulings-0-reason": "Nur ein Teil der Stelle ist besetzt.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        proposal = db.session.scalars(select(Proposal).where(Proposal.application_id == application_id)).one()
        assert proposal.rulings[0].fte == Decimal("0.25") and proposal.amount == Decimal("29000.00")

"""The administration enters the next Basiszinssatz on a page, with the checks of the command line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from post_award_steps import on
from workflow.db import db
from workflow.models import AdminAuditEntry, BaseRate
from workflow.operations.base_rates import shipped_rates

PAGE = "/verwaltung/basiszinssatz"
SOURCE = "Deutsche Bundesbank, Pressenotiz vom 22.12.2026"


def test_an_administrator_enters_the_next_rate_and_the_log_names_them(app, client, auth):
    auth.login("admin")
    page = client.get(PAGE).get_data(as_text=True)
    assert 'value="01.01.2027"' in page, "the next half-year is offered"
    assert "01.07.2026" in page and "Stammdaten" in page
    response = auth.post(PAGE, {"valid_from": "01.01.2027", "rate": "-0,13", "source": SOURCE})
    assert response.status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert (
        "Basiszinssatz ab 01.01.2027: -0,13\u00a0% eingetragen. Erstattungszinsen ab diesem Tag: 4,87\u00a0%." in page
    )
    assert 'value="01.07.2027"' in page
    with app.app_context():
        row = db.session.scalars(select(BaseRate).where(BaseRate.valid_from == date(2027, 1, 1))).one()
        assert (row.rate, row.source, row.imported_by) == (Decimal("-0.13"), SOURCE, "Stefan Berger")
        entry = db.session.scalars(select(AdminAuditEntry).where(AdminAuditEntry.action == "base_rate_added")).one()
        assert entry.actor.username == "admin" and "ab 01.01.2027: -0,13\u00a0%" in entry.summary


@pytest.mark.parametrize(
    "valid_from, rate, source, message",
    [
        ("", "1,52", SOURCE, "Bitte füllen Sie das Feld „Gültig ab“ aus."),
        ("31.02.2027", "1,52", SOURCE, "„31.02.2027“ ist kein Datum"),
        ("01.01.2027", "eins", SOURCE, "„eins“ ist kein Zinssatz"),
        ("01.01.2027", "1,52", "  ", "Bitte geben Sie die Quelle an"),
        ("15.03.2027", "1,52", SOURCE, "nur zum 1. Januar und zum 1. Juli (§ 247 Abs. 1 BGB)"),
        ("01.07.2026", "1,52", SOURCE, "Für den 01.07.2026 ist bereits ein Basiszinssatz eingetragen"),
        ("01.07.2027", "1,52", SOURCE, "Zuerst den Basiszinssatz ab 01.01.2027 eintragen"),
        ("01.01.2027", "25", SOURCE, "25,00\u00a0% ist als Basiszinssatz nicht plausibel"),
    ],
)
def test_a_refused_entry_keeps_what_was_typed_and_says_why(app, client, auth, valid_from, rate, source, message):
    auth.login("admin")
    response = auth.post(PAGE, {"valid_from": valid_from, "rate": rate, "source": source})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert "Bitte prüfen Sie Ihre Eingaben" in page
    assert f'value="{rate}"' in page and (not valid_from or f'value="{valid_from}"' in page)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BaseRate)) == len(shipped_rates())


def test_the_page_warns_when_a_half_year_has_begun_without_its_rate(app, clock, client, auth):
    on(clock, "2027-01-04")
    auth.login("admin")
    assert "Der Basiszinssatz ab 01.01.2027 ist noch nicht eingetragen." in client.get(PAGE).get_data(as_text=True)


@pytest.mark.parametrize("username", ["pruefung.sued", "zeichnung", "ministerium", "kommune.tettnang"])
def test_only_the_administration_reaches_the_page(client, auth, username):
    auth.login(username)
    assert client.get(PAGE).status_code == 403
    assert (
        auth.post(
            PAGE, {"valid_from": "01.01.2027", "rate": "1,52", "source": SOURCE}, page="/barrierefreiheit"
        ).status_code
        == 403
    )

"""Every list issues a constant number of queries, however many rows there are."""

from __future__ import annotations

import pytest

from factories import in_state
from query_counter import QueryCounter
from workflow.db import db

LISTS = {
    "pruefung.sued": (
        "/pruefung?status=alle",
        "/pruefung?status=alle&suche=RPS-IM&sortierung=beantragt",
        "/pruefung?status=alle&zustaendig=mir",
    ),
    "zeichnung": ("/zeichnung", "/zusammenschluesse"),
    "ministerium": (
        "/uebersicht",
        "/uebersicht?sortierung=gebunden",
        "/uebersicht/antraege",
        "/uebersicht/antraege?status=decision_proposed&programm=integrationsmanagement",
        "/uebersicht/haushalt",
        "/uebersicht/haushalt?bezirk=084&kreis=08435",
        "/uebersicht/ohne-antrag",
        "/uebersicht/unter-mindestgrenze",
        "/uebersicht/export.xlsx",
    ),
    "admin": ("/verwaltung/planungsrahmen",),
}


def _queries(app, client, url):
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("username", sorted(LISTS))
def test_lists_cost_the_same_queries_for_two_and_for_many_cases(app, client, auth, username):
    auth.login(username)
    for state in ("decision_proposed", "decision_proposed"):
        in_state(app, state)
    few = {url: _queries(app, client, url) for url in LISTS[username]}
    for state in ("decision_proposed", "information_requested", "granted", "answered", "decision_proposed"):
        in_state(app, state)
    many = {url: _queries(app, client, url) for url in LISTS[username]}
    assert many == few, f"queries for 2 cases: {few}; for 7: {many}"


def test_the_municipality_list_costs_the_same_for_one_and_many_cases(app, client, auth):
    auth.login("kommune.tettnang")
    # Tettnang may only have one live application; withdrawn ones free it for the next. A draft is work of
    # „Meine Aufgaben“ from the start: the page's summary of it costs the same for one item and for more.
    in_state(app, "draft", clerk="kommune.tettnang")
    in_state(app, "withdrawn", clerk="kommune.tettnang")
    few = _queries(app, client, "/kommune")
    for _ in range(6):
        in_state(app, "withdrawn", clerk="kommune.tettnang")
    in_state(app, "information_requested", clerk="kommune.tettnang")
    many = _queries(app, client, "/kommune")
    assert many == few


def test_lists_are_paginated(app, client, auth):
    app.config["PAGE_SIZE"] = 3
    for _ in range(7):
        in_state(app, "submitted")
    auth.login("pruefung.sued")
    first = client.get("/pruefung").get_data(as_text=True)
    assert "Seite 1 von 3" in first and "(7 insgesamt)" in first
    third = client.get("/pruefung?seite=3").get_data(as_text=True)
    assert third.count("RPS-IM-2026-") == 1

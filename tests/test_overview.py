"""The overview of the ministry and the Regierungspräsidium: budget use per Bezirk and Kreis, who has not applied."""
from __future__ import annotations

import re

import pytest

from application_data import consortium_application
from factories import fire, in_state, submitted

BEZIRKE = ("Regierungsbezirk Stuttgart", "Regierungsbezirk Karlsruhe", "Regierungsbezirk Freiburg", "Regierungsbezirk Tübingen")


def table(page: str, table_id: str) -> str:
    return re.search(rf'<table class="list" id="{table_id}">.*?</table>', page, re.S).group(0)


def row(html: str, label: str) -> list[str]:
    """The cells of the table row headed ``label``."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert match, label
    return re.findall(r'<td class="num">([^<]*)</td>', match.group(1))


def test_the_overview_shows_budget_use_per_bezirk_and_kreis_as_chart_and_table(app, client, auth):
    granted, _ = in_state(app, "granted")
    in_state(app, "decision_proposed")
    auth.login("ministerium")
    page = client.get("/uebersicht").get_data(as_text=True)
    bezirke, kreise = table(page, "tabelle-bezirke"), table(page, "tabelle-kreise")
    assert [label for label in re.findall(r'<th scope="row">([^<]+)</th>', bezirke)] == [*BEZIRKE, "Insgesamt"]
    assert len(re.findall(r'<th scope="row">', kreise)) == 44 + 1
    total = row(bezirke, "Insgesamt")
    assert total[1:3] == ["58.000,00\u00a0€", "58.000,00\u00a0€"], "requested (open) and granted"
    assert total[4:] == ["0,00\u00a0€"] * 3, "nothing paid, recovered or repaid yet"
    freiburg_or_tuebingen = [row(bezirke, name)[2] for name in BEZIRKE[2:]]
    assert "58.000,00\u00a0€" in freiburg_or_tuebingen
    assert row(bezirke, "Regierungsbezirk Stuttgart")[1:4] == ["0,00\u00a0€", "0,00\u00a0€", "0,0\u00a0%"]
    charts = re.findall(r'<svg class="bar-chart".*?</svg>', page, re.S)
    assert len(charts) == 2
    assert charts[0].count('<rect class="bar-track"') == 4 and charts[1].count('<rect class="bar-track"') == 44
    assert 'role="img"' in charts[0] and "<title" in charts[0] and charts[0].count('<rect class="bar-granted"') == 1
    assert 'href="#tabelle-bezirke"' in page
    assert "style=" not in page and "<script>" not in page


def test_the_ledger_page_lists_every_applicant_with_its_application(app, client, auth):
    with app.app_context():
        submitted("kommune.meersburg", consortium_application())
    app.config["PAGE_SIZE"] = 200
    auth.login("zeichnung")
    page = client.get("/uebersicht/haushalt").get_data(as_text=True)
    assert "Integrationsmanagement GVV Meersburg" in page and "RPS-IM-2026-0001" in page
    for member in ("Meersburg (08435036)", "Hagnau am Bodensee (08435018)", "Daisendorf (08435010)", "Stetten (08435054)"):
        assert f"<li>{member}</li>" in page
    assert ">75.160,70\u00a0€<" in page


def test_lists_of_municipalities_without_application_and_below_the_threshold(app, client, auth):
    app.config["PAGE_SIZE"] = 200
    with app.app_context():
        joint = submitted("kommune.meersburg", consortium_application())
    auth.login("ministerium")
    without = client.get("/uebersicht/ohne-antrag").get_data(as_text=True)
    below = client.get("/uebersicht/unter-mindestgrenze").get_data(as_text=True)
    label = '<td data-label="Gemeindeschlüssel">'
    assert f"{label}08435042</td>" in without and f"{label}08435042</td>" in below, "Neukirch: small, alone, no application"
    assert f"{label}08435057</td>" in without and f"{label}08435057</td>" not in below, "Tettnang: above the threshold"
    for bound in ("08435036", "08435018", "08435010", "08435054"):
        assert f"{label}{bound}</td>" not in without and f"{label}{bound}</td>" not in below
    with app.app_context():
        fire(joint, "withdraw", "kommune.meersburg", comment="")
    assert f"{label}08435018</td>" in client.get("/uebersicht/unter-mindestgrenze").get_data(as_text=True), "free again"


def test_the_lists_are_paginated(app, client, auth):
    app.config["PAGE_SIZE"] = 10
    auth.login("ministerium")
    first = client.get("/uebersicht/ohne-antrag").get_data(as_text=True)
    total = int(re.search(r"\((\d+) insgesamt", first).group(1))
    pages = -(-total // 10)
    assert f"Seite 1 von {pages}" in first and first.count("<tr>") == 11
    last = client.get(f"/uebersicht/ohne-antrag?seite={pages}").get_data(as_text=True)
    assert last.count("<tr>") == 1 + total - 10 * (pages - 1)
    assert client.get("/uebersicht/haushalt?seite=-3").status_code == 200
    assert client.get("/uebersicht/haushalt?seite=abc").status_code == 200


@pytest.mark.parametrize("url", ["/uebersicht", "/uebersicht/antraege", "/uebersicht/haushalt", "/uebersicht/ohne-antrag",
                                 "/uebersicht/unter-mindestgrenze", "/uebersicht/export.xlsx"])
def test_the_overview_is_for_the_ministry_and_the_approvers(app, client, auth, url):
    for username, status in (("ministerium", 200), ("zeichnung", 200), ("pruefung.sued", 403),
                             ("kommune.tettnang", 403), ("admin", 403)):
        auth.login(username)
        assert client.get(url).status_code == status, username
        auth.logout()

"""The overview of the ministry and the Regierungspräsidium: budget use per Bezirk and Kreis, who has not applied."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from application_data import consortium_application
from factories import fire, in_state, submitted
from workflow.views import charts
from workflow.money.budget import Figures
from workflow.models import Organisation
from workflow.reference.regions import RegionFigures

BEZIRKE = (
    "Regierungsbezirk Stuttgart",
    "Regierungsbezirk Karlsruhe",
    "Regierungsbezirk Freiburg",
    "Regierungsbezirk Tübingen",
)


def table(page: str, table_id: str) -> str:
    return re.search(rf'<table class="list" id="{table_id}">.*?</table>', page, re.S).group(0)


def row(html: str, label: str) -> list[str]:
    """The cells of the table row headed ``label``."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert match, label
    return re.findall(r'<td class="num">([^<]*)</td>', match.group(1))


def bars(page: str, chart_id: str) -> list[tuple[str, str]]:
    """(name, figures in words) of every bar of a chart, in order."""
    chart = re.search(rf'<ul class="bars" id="{chart_id}">.*?</ul>', page, re.S).group(0)
    return [
        (label, re.sub(r"<[^>]+>", "", value))
        for label, value in re.findall(
            r'<span class="bar-label">([^<]+)</span>.*?<span class="bar-value">(.*?)</span>\n', chart, re.S
        )
    ]


def test_the_overview_shows_budget_use_per_bezirk_and_kreis_as_chart_and_table(app, client, auth):
    granted, _ = in_state(app, "granted")
    in_state(app, "decision_proposed")
    auth.login("ministerium")
    page = client.get("/uebersicht").get_data(as_text=True)
    bezirke, kreise = table(page, "tabelle-bezirke"), table(page, "tabelle-kreise")
    assert [label for label in re.findall(r'<th scope="row">([^<]+)</th>', bezirke)] == [*BEZIRKE, "Insgesamt"]
    assert len(re.findall(r'<th scope="row">', kreise)) == 44 + 1
    total = row(bezirke, "Insgesamt")
    assert [total[1], total[3]] == ["58.000,00\u00a0€", "58.000,00\u00a0€"], "requested (open) and granted"
    assert [total[5], *total[7:]] == ["0,00\u00a0€"] * 3, "nothing paid, recovered or repaid yet"
    freiburg_or_tuebingen = [row(bezirke, name)[3] for name in BEZIRKE[2:]]
    assert "58.000,00\u00a0€" in freiburg_or_tuebingen
    assert row(bezirke, "Regierungsbezirk Stuttgart")[1:5] == ["0,00\u00a0€", "0,0\u00a0%", "0,00\u00a0€", "0,0\u00a0%"]
    # The chart: one bar per region as 100 % of its Planungsrahmen, its shares in words beside it.
    assert [name for name, _ in bars(page, "diagramm-bezirke")] == list(BEZIRKE)
    assert len(bars(page, "diagramm-kreise")) == 44
    bodensee = dict(bars(page, "diagramm-kreise"))["Bodenseekreis"]
    assert re.fullmatch(r"\d+,\d\u00a0% bewilligt, \d+,\d\u00a0% beantragt", bodensee), bodensee
    granted_share, requested_share = row(kreise, "Bodenseekreis")[4], row(kreise, "Bodenseekreis")[2]
    assert bodensee == f"{granted_share} bewilligt, {requested_share} beantragt", "the same numbers as the table"
    assert page.count('<rect class="bar-track" x="0" y="0" width="100"') == 4 + 44
    assert 'href="#tabelle-bezirke"' in page and 'aria-hidden="true"' in page
    assert "<text" not in page, "no text inside an SVG, where a phone would shrink it"
    assert "style=" not in page and "<script>" not in page


def _figures(**amounts):
    return Figures(**{key: Decimal(value) for key, value in amounts.items()})


def test_a_bar_stacks_paid_granted_and_requested_as_shares_of_the_planungsrahmen():
    bar = charts.region_bar(
        "Bodenseekreis", _figures(allocated="200000", granted="100000", paid="20000", requested="50000")
    )
    assert [(s.kind, s.x, s.width) for s in bar.segments] == [
        ("paid", Decimal("0"), Decimal("10.0")),
        ("granted", Decimal("10.0"), Decimal("40.0")),
        ("requested", Decimal("50.0"), Decimal("25.0")),
    ]
    assert bar.text == "50,0\u00a0% bewilligt (10,0\u00a0% ausgezahlt), 25,0\u00a0% beantragt" and bar.warning is None
    nothing = charts.region_bar("Stuttgart", _figures(allocated="1000"))
    assert nothing.segments == () and nothing.text == "0,0\u00a0% bewilligt, 0,0\u00a0% beantragt"
    assert charts.region_bar("Nirgends", _figures()).text == "kein Planungsrahmen"


def test_more_than_the_planungsrahmen_is_said_and_drawn_beyond_its_end():
    over = RegionFigures(
        Organisation(name="Ulm", ags="08421"), _figures(allocated="100000", granted="90000", requested="34000")
    )
    within = RegionFigures(Organisation(name="Biberach", ags="08426"), _figures(allocated="100000", granted="10000"))
    chart = charts.budget_use_chart([over, within])
    assert chart.scale == 130 and chart.beyond_whole, "the scale reaches past the longest bar"
    assert chart.bars[0].segments[-1].x + chart.bars[0].segments[-1].width == Decimal("124.0")
    assert chart.bars[0].warning == "Über dem Planungsrahmen: zusammen 124,0\u00a0%"
    assert chart.bars[1].warning is None
    assert charts.budget_use_chart([within]).scale == 100
    far_over = RegionFigures(
        Organisation(name="Baden-Baden", ags="08211"), _figures(allocated="100000", granted="300000")
    )
    squeezed = charts.budget_use_chart([far_over, within])
    assert squeezed.scale == 150, "one region far over squeezes the others no further"
    assert [(s.x, s.width) for s in squeezed.bars[0].segments] == [(Decimal("0"), Decimal("150"))], "cut at the edge"
    assert squeezed.bars[0].warning == "Über dem Planungsrahmen: zusammen 300,0\u00a0%"


def test_the_kreise_sort_by_use_name_and_planungsrahmen_and_the_chart_follows(app, client, auth):
    in_state(app, "granted")
    in_state(app, "decision_proposed")
    auth.login("ministerium")

    def kreise(sort: str) -> tuple[list[str], list[str]]:
        page = client.get(f"/uebersicht?sortierung={sort}").get_data(as_text=True)
        in_table = re.findall(r'<th scope="row">([^<]+)</th>', table(page, "tabelle-kreise"))[:-1]
        return in_table, [name for name, _ in bars(page, "diagramm-kreise")]

    for sort in ("schluessel", "name", "planungsrahmen", "bewilligt", "gebunden"):
        in_table, in_chart = kreise(sort)
        assert in_table == in_chart and len(in_chart) == 44, sort
    assert kreise("schluessel")[0][0] == "Stuttgart"
    by_name = kreise("name")[0]
    assert by_name[:2] == ["Alb-Donau-Kreis", "Baden-Baden"] and by_name.index("Ortenaukreis") < by_name.index(
        "Ostalbkreis"
    )
    page = client.get("/uebersicht?sortierung=gebunden").get_data(as_text=True)
    bound = [
        sum(float(share.replace(",", ".")) for share in re.findall(r"([\d,]+)\u00a0%", text))
        for _, text in bars(page, "diagramm-kreise")
    ]
    assert bound[0] > 0 and bound == sorted(bound, reverse=True), "the most used Kreis first"
    assert kreise("planungsrahmen")[0][0] == "Stuttgart"
    page = client.get("/uebersicht?sortierung=bewilligt").get_data(as_text=True)
    assert 'aria-sort="descending"' in page and 'href="/uebersicht?sortierung=name#kreise-titel"' in page
    assert '<option value="bewilligt" selected>' in page
    assert client.get("/uebersicht?sortierung=").status_code == 200
    refused = client.get("/uebersicht?sortierung=DROP%20TABLE")
    assert refused.status_code == 400 and "Diese Sortierung der Kreise gibt es nicht" in refused.get_data(as_text=True)


def test_the_overview_counts_applications_per_state_with_links_to_the_list(app, client, auth):
    in_state(app, "granted")
    in_state(app, "decision_proposed")
    in_state(app, "decision_proposed")
    in_state(app, "draft")
    auth.login("ministerium")
    page = client.get("/uebersicht").get_data(as_text=True)
    counts = re.search(r'<ul class="state-counts overview-counts">.*?</ul>', page, re.S).group(0)
    assert "Entwurf" not in counts, "drafts are the applicants' own"
    assert (
        'href="/uebersicht/antraege?programm=integrationsmanagement&amp;status=decision_proposed">'
        "Zur Zeichnung vorgelegt: <strong>2</strong></a>"
    ) in counts
    assert "Bewilligt: <strong>1</strong>" in counts and '<span class="muted">Abgelehnt: 0</span>' in counts
    listed = client.get("/uebersicht/antraege?programm=integrationsmanagement&status=decision_proposed").get_data(
        as_text=True
    )
    assert "(2 insgesamt" in listed and "Status „Zur Zeichnung vorgelegt“" in listed
    assert "(1 insgesamt" in client.get("/uebersicht/antraege?status=granted").get_data(as_text=True)
    for query, message in (
        ("status=draft", "Diesen Status gibt es nicht"),
        ("status=%00", "Diesen Status gibt es nicht"),
        ("programm=nope", "Dieses Programm gibt es nicht"),
    ):
        refused = client.get(f"/uebersicht/antraege?{query}")
        assert refused.status_code == 400 and message in refused.get_data(as_text=True), query


def test_the_ledger_page_lists_every_applicant_with_its_application(app, client, auth):
    with app.app_context():
        submitted("kommune.meersburg", consortium_application())
    app.config["PAGE_SIZE"] = 200
    auth.login("zeichnung")
    page = client.get("/uebersicht/haushalt").get_data(as_text=True)
    assert "Integrationsmanagement GVV Meersburg" in page and "RPS-IM-2026-0001" in page
    for member in (
        "Meersburg (08435036)",
        "Hagnau am Bodensee (08435018)",
        "Daisendorf (08435010)",
        "Stetten (08435054)",
    ):
        assert f"<li>{member}</li>" in page
    assert ">75.160,70\u00a0€<" in page


def test_the_ledger_is_filtered_by_bezirk_and_kreis_with_consortia_in_every_region_of_a_member(app, client, auth):
    with app.app_context():
        submitted("kommune.meersburg", consortium_application(members=["08435018", "08436001"]))  # Hagnau, Achberg
    app.config["PAGE_SIZE"] = 2000
    auth.login("ministerium")

    def lines(query: str) -> str:
        response = client.get(f"/uebersicht/haushalt?{query}")
        assert response.status_code == 200, query
        return response.get_data(as_text=True)

    everything = lines("")
    pooled = re.search(r"GVV Meersburg.*?Planungsrahmen\" class=\"num\">([^<]+)<", everything, re.S).group(1)
    ravensburg = lines("kreis=08436")
    assert "Integrationsmanagement GVV Meersburg" in ravensburg and "<li>Achberg (08436001)</li>" in ravensburg
    assert "<li>Meersburg (08435036)</li>" in ravensburg, "a consortium always with all its members"
    assert re.search(r"GVV Meersburg.*?Planungsrahmen\" class=\"num\">([^<]+)<", ravensburg, re.S).group(1) == pooled
    assert "08435057" not in ravensburg, "Tettnang lies in the Bodenseekreis"
    assert "Haushalt je Antragsteller – Ravensburg (" in ravensburg and '<option value="08436" selected>' in ravensburg
    bodensee = lines("kreis=08435")
    assert (
        "GVV Meersburg" in bodensee and "08435057" in bodensee and "08436001" not in bodensee.split("GVV Meersburg")[0]
    )
    stuttgart = lines("bezirk=081")
    assert "GVV Meersburg" not in stuttgart and "08111000" in stuttgart
    assert "GVV Meersburg" in lines("bezirk=084")
    both = lines("bezirk=081&kreis=08436")
    assert "Ravensburg liegt nicht im Regierungsbezirk Stuttgart, sondern im Regierungsbezirk Tübingen" in both
    assert "GVV Meersburg" in both and "08111000" not in both, "the Kreis, the narrower choice, is shown"
    for query, message in (
        ("kreis=99999", "Diesen Kreis gibt es nicht."),
        ("kreis=08435036", "Diesen Kreis gibt es nicht."),
        ("bezirk=%27%20OR%201=1", "Diesen Regierungsbezirk gibt es nicht."),
    ):
        refused = client.get(f"/uebersicht/haushalt?{query}")
        assert refused.status_code == 400 and message in refused.get_data(as_text=True), query


def test_lists_of_municipalities_without_application_and_below_the_threshold(app, client, auth):
    app.config["PAGE_SIZE"] = 200
    with app.app_context():
        joint = submitted("kommune.meersburg", consortium_application())
    auth.login("ministerium")
    without = client.get("/uebersicht/ohne-antrag").get_data(as_text=True)
    below = client.get("/uebersicht/unter-mindestgrenze").get_data(as_text=True)
    label = '<td data-label="Gemeindeschlüssel">'
    assert f"{label}08435042</td>" in without and f"{label}08435042</td>" in below, (
        "Neukirch: small, alone, no application"
    )
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


@pytest.mark.parametrize(
    "url",
    [
        "/uebersicht",
        "/uebersicht/antraege",
        "/uebersicht/haushalt",
        "/uebersicht/ohne-antrag",
        "/uebersicht/unter-mindestgrenze",
        "/uebersicht/export.xlsx",
    ],
)
def test_the_overview_is_for_the_ministry_and_the_approvers(app, client, auth, url):
    for username, status in (
        ("ministerium", 200),
        ("zeichnung", 200),
        ("pruefung.sued", 403),
        ("kommune.tettnang", 403),
        ("admin", 403),
    ):
        auth.login(username)
        assert client.get(url).status_code == status, username
        auth.logout()


def test_a_programme_without_planungsrahmen_shows_neither_it_nor_the_mindestgrenze(app, client, auth):
    auth.login("ministerium")
    page = client.get("/uebersicht?programm=integrationsbeauftragte").get_data(as_text=True)
    assert "Planungsrahmen (gültige Fassung)" not in page and "Unter der Mindestgrenze" not in page
    page = client.get("/uebersicht?programm=integrationsmanagement").get_data(as_text=True)
    assert "Planungsrahmen (gültige Fassung)" in page and "Unter der Mindestgrenze" in page

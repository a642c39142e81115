"""The ministry's overview opens with every programme's money per Haushaltsjahr, and a switch reaches each programme
on every page of the overview, which keeps the programme chosen."""

from __future__ import annotations

import re


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_overview_starts_with_every_programme_against_its_budget_per_year(app, client, auth):
    auth.login("ministerium")
    page = client.get("/uebersicht").get_data(as_text=True)
    text = _text(page)
    assert page.index("Alle Programme: Mittel je Haushaltsjahr") < page.index("Programm insgesamt")
    # Budget, granted, ordered, paid, left; then each year's budget from the programme's settings (58 Mio. € each).
    assert (
        "VwV Integrationsmanagement insgesamt 116.000.000,00 € 0,00 € – 0,00 € 116.000.000,00 € "
        "2026 58.000.000,00 € – 0,00 € 0,00 € 58.000.000,00 € "
        "2027 58.000.000,00 € – 0,00 € 0,00 € 58.000.000,00 €" in text
    )
    for name in ("VwV Integrationsbeauftragte", "VwV-Integration – Teilhabe und Elternbeteiligung"):
        assert name in text


def test_the_switch_reaches_the_second_programme_and_every_page_keeps_it(app, client, auth):
    auth.login("ministerium")
    page = client.get("/uebersicht/haushaltsjahre?programm=integrationsbeauftragte").get_data(as_text=True)
    assert '<option value="integrationsbeauftragte" selected>' in page
    assert "VwV Integrationsbeauftragte: Haushaltsjahre" in _text(page)
    for path in ("/uebersicht", "/uebersicht/antraege", "/uebersicht/haushalt", "/zusammenschluesse"):
        assert f'href="{path}?programm=integrationsbeauftragte"' in page, path
    assert client.get("/uebersicht?programm=gibt-es-nicht").status_code == 404

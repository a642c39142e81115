"""Administrators change a programme's settings as a new, checked version and activate it; cases keep theirs."""

from __future__ import annotations

import re

import pytest

from application_data import single_application
from conftest import csrf_token_of
from factories import submitted
from http_steps import new_application
from settings_steps import (
    activate,
    form_values,
    new_url,
    page_url,
    post_new_version,
    text_of,
    version_rows,
    version_url,
)

THRESHOLD = "Mindestgrenze des (gemeinsamen) Planungsrahmens"


def test_a_changed_threshold_needs_a_note_shows_in_the_diff_and_governs_new_drafts_only(app, client, auth):
    with app.app_context():
        old_case = submitted("kommune.tettnang")
    auth.login("admin")
    without_note = post_new_version(client, threshold="60.000,00", note="")
    assert without_note.status_code == 422
    assert "Anlass der Änderung: Bitte geben Sie den Anlass der Änderung an" in text_of(
        without_note.get_data(as_text=True)
    )
    assert 'value="60.000,00"' in without_note.get_data(as_text=True), "the input is kept"
    assert version_rows(app) == [(1, True, "Erstfassung aus dem Programmpaket")]

    created = post_new_version(client, threshold="60.000,00", note="Änderung der VwV vom 12.03.2027")
    assert created.status_code == 302 and created.headers["Location"].endswith(version_url(2))
    version = text_of(client.get(version_url(2)).get_data(as_text=True))
    assert f"Änderungen gegenüber Fassung 1 {THRESHOLD}: 51.000,00 € → 60.000,00 €" in version
    assert (
        "noch nicht aktiviert" in version
        and "Stefan Berger" in version
        and "Änderung der VwV vom 12.03.2027" in version
    )
    assert version_rows(app) == [
        (1, True, "Erstfassung aus dem Programmpaket"),
        (2, False, "Änderung der VwV vom 12.03.2027"),
    ]
    listing = text_of(client.get(page_url()).get_data(as_text=True))
    assert re.search(
        r"Fassung 2 noch nicht aktiviert .* Änderung der VwV vom 12\.03\.2027 " + re.escape(THRESHOLD) + r" 0 "
        r"Fassung 1 geltend .* erste Fassung 1",
        listing,
    ), listing

    assert activate(client, 2).status_code == 302
    assert "Fassung 2 gilt ab sofort" in client.get(version_url(2)).get_data(as_text=True)
    assert [active for _, active, _ in version_rows(app)] == [False, True]

    auth.logout()
    auth.login("kommune.tettnang")
    draft_id = new_application(auth, client, single_application())
    summary = text_of(client.get(f"/antraege/{draft_id}/aktionen/submit").get_data(as_text=True))
    assert "Mindestgrenze 60.000,00 € – erreicht" in summary and "Es gilt Fassung 2" in summary
    case = text_of(client.get(f"/antraege/{old_case}").get_data(as_text=True))
    assert "Fassung 1 der Einstellungen" in case


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("threshold", "abc", "„abc“ ist kein Betrag im deutschen Zahlenformat (z. B. 132.149,00)."),
        ("threshold", "-5.000,00", "Der Wert darf nicht kleiner als 0,00 € sein."),
        ("threshold", "51.000,005", "höchstens zwei Nachkommastellen"),
        ("threshold", "1" + "0" * 30, "Der Betrag ist größer als jeder Haushalt"),
        ("min_fte", "-0,5", "Der Wert darf nicht kleiner als 0,01 sein."),
        ("funding_months", "-3", "Der Wert darf nicht kleiner als 1 sein."),
        ("funding_months", "zwei", "„zwei“ ist keine ganze Zahl."),
        ("positions_start_latest", "31.02.2027", "Den 31.02.2027 gibt es nicht im Kalender."),
        (
            "rates-1-amount",
            "viel",
            "Festbeträge je Qualifikationskategorie, Zeile 2, Festbetrag je VZÄ und Jahr: „viel“ ist kein Betrag",
        ),
    ],
)
def test_an_invalid_value_is_refused_in_german_and_creates_nothing(app, client, auth, field, typed, message):
    auth.login("admin")
    response = post_new_version(client, **{field: typed, "note": "Versuch"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Die Fassung wurde nicht gespeichert" in page and message in text_of(page)
    assert f'href="#{field}"' in page and f'value="{typed}"' in page, "linked from the summary, input kept"
    assert 'aria-invalid="true"' in page
    assert len(version_rows(app)) == 1


def test_the_programme_check_refuses_settings_its_sample_case_cannot_meet(app, client, auth):
    auth.login("admin")
    # The sample application's positions start on 01.03.2027, before this earliest start.
    response = post_new_version(
        client, positions_start_earliest="01.01.2030", positions_start_latest="31.12.2030", note="Neue Förderperiode"
    )
    assert response.status_code == 422
    page = text_of(response.get_data(as_text=True))
    assert "Beispielantrag" in page and 'value="01.01.2030"' in response.get_data(as_text=True)
    assert len(version_rows(app)) == 1


def test_unchanged_settings_make_no_version(app, client, auth):
    auth.login("admin")
    response = post_new_version(client, note="Nur angesehen")
    assert response.status_code == 422
    assert "unverändert" in response.get_data(as_text=True) and len(version_rows(app)) == 1


def test_table_rows_are_added_removed_and_changed_and_the_diff_names_the_row(app, client, auth):
    auth.login("admin")
    added = post_new_version(client, add_row="rates")
    page = added.get_data(as_text=True)
    assert added.status_code == 200 and 'name="rates-3-amount"' in page and len(version_rows(app)) == 1
    removed = post_new_version(client, remove_row="rates-1")
    page = removed.get_data(as_text=True)
    assert 'value="c – Berufsausbildung' in page and 'name="rates-2-amount"' not in page
    assert "anderer geeigneter Hochschulabschluss" not in page
    response = post_new_version(
        client,
        **{
            "rates-0-amount": "60.000",
            "rates-3-category": "d",
            "rates-3-label": "d – Quereinstieg",
            "rates-3-amount": "40.000,00",
            "note": "Kategorie d neu",
        },
    )
    assert response.status_code == 302, text_of(response.get_data(as_text=True))[:3000]
    version = text_of(client.get(version_url(2)).get_data(as_text=True))
    assert (
        "Festbeträge je Qualifikationskategorie, Zeile 1, Festbetrag je VZÄ und Jahr: 58.000,00 € → 60.000,00 €"
        in version
    )
    assert "Festbeträge je Qualifikationskategorie, Zeile 4 (neu): – → d · d – Quereinstieg · 40.000,00 €" in version


def test_removing_a_rate_the_sample_case_uses_is_refused_by_the_programme_check(app, client, auth):
    auth.login("admin")
    response = post_new_version(
        client, **{"rates-2-category": "", "rates-2-label": "", "rates-2-amount": "", "note": "Kategorie c entfällt"}
    )
    page = text_of(response.get_data(as_text=True))
    assert response.status_code == 422 and "Beispielantrag" in page and "Qualifikation" in page
    assert len(version_rows(app)) == 1


def test_activation_twice_and_of_an_old_version_leaves_exactly_one_active(app, client, auth):
    auth.login("admin")
    assert post_new_version(client, threshold="60.000", note="Erhöhung").status_code == 302
    assert activate(client, 2).status_code == 302
    again = activate(client, 2)
    assert again.status_code == 302
    assert "bereits die geltende Fassung" in client.get(version_url(2)).get_data(as_text=True)
    assert [active for _, active, _ in version_rows(app)] == [False, True]
    old = text_of(client.get(version_url(1)).get_data(as_text=True))
    assert f"Änderungen gegenüber der geltenden Fassung 2 {THRESHOLD}: 60.000,00 € → 51.000,00 €" in old
    assert activate(client, 1).status_code == 302
    assert [active for _, active, _ in version_rows(app)] == [True, False]
    replaced = text_of(client.get(version_url(2)).get_data(as_text=True))
    assert "abgelöst" in replaced and "Fassung 2 aktivieren" in replaced
    token = csrf_token_of(client.get(version_url(1)).get_data(as_text=True))
    assert client.post(f"{version_url(9)}/aktivieren", data={"csrf_token": token}).status_code == 404


def test_a_form_opened_before_another_activation_is_refused(app, client, auth):
    auth.login("admin")
    stale = client.get(new_url()).get_data(as_text=True)
    assert post_new_version(client, threshold="60.000", note="Erhöhung").status_code == 302
    assert activate(client, 2).status_code == 302
    values = {**form_values(stale), "min_fte": "0,5", "note": "Anderer Anlass"}
    response = client.post(new_url(), data=values)
    assert (
        response.status_code == 422
        and "Seit dem Öffnen des Formulars ist Fassung 2 in Kraft getreten" in response.get_data(as_text=True)
    )
    assert len(version_rows(app)) == 2


@pytest.mark.parametrize("username", ["kommune.tettnang", "pruefung.sued", "zeichnung", "ministerium"])
def test_only_administrators_reach_the_settings_pages(app, client, auth, username):
    auth.login("admin")
    assert post_new_version(client, threshold="60.000", note="Erhöhung").status_code == 302
    auth.logout()
    auth.login(username)
    token = csrf_token_of(client.get("/barrierefreiheit").get_data(as_text=True))
    for url in (page_url(), new_url(), version_url(1), version_url(2), page_url("integrationsbeauftragte")):
        assert client.get(url).status_code in (403, 404), url
    for url, data in ((new_url(), {"threshold": "1", "note": "x"}), (f"{version_url(2)}/aktivieren", {})):
        assert client.post(url, data={**data, "csrf_token": token}).status_code in (403, 404), url
    assert [active for _, active, _ in version_rows(app)] == [True, False] and len(version_rows(app)) == 2
    assert "/verwaltung/programme/" not in client.get("/").get_data(as_text=True)


def test_the_administration_links_every_programme_and_the_form_fits_the_second_programme(app, client, auth):
    auth.login("admin")
    start = client.get("/verwaltung").get_data(as_text=True)
    for code in ("integrationsmanagement", "integrationsbeauftragte"):
        assert f'href="{page_url(code)}"' in start
    form = client.get(new_url("integrationsbeauftragte")).get_data(as_text=True)
    assert 'name="tiers-0-max_grant" type="text" value="20.000,00"' in form or 'value="20.000,00"' in form
    assert 'name="funding_years-1-year"' in form
    response = post_new_version(
        client, "integrationsbeauftragte", **{"tiers-0-max_grant": "22.000,00", "note": "Erhöhung 2028"}
    )
    assert response.status_code == 302
    version = text_of(client.get(version_url(2, "integrationsbeauftragte")).get_data(as_text=True))
    assert "Zeile 1, Höchstbetrag je VZÄ und Jahr: 20.000,00 € → 22.000,00 €" in version
    assert client.get(page_url("gibt-es-nicht")).status_code == 404
    assert client.get(version_url(7)).status_code == 404

"""The administrator's Einwohnerzahlen page: upload with Stichtag and check, then confirm; nothing before that."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from conftest import csrf_token_of
from factories import user
from population_files import (
    EMMENDINGEN,
    PAGE,
    TETTNANG,
    csv_bytes,
    import_file,
    line_of,
    pending_count,
    published_table,
    snapshot,
    upload,
)
from workflow.db import db
from workflow.models import PendingPopulationImport, PopulationVersion, Role, User, UserRole

SMALL_TABLE = csv_bytes("AGS;Gemeinde;Einwohner", f"{TETTNANG};Tettnang;19.500")


def test_the_administration_links_the_page(client, auth):
    auth.login("admin")
    assert f'href="{PAGE}"' in client.get("/verwaltung").get_data(as_text=True)


def test_the_administrator_imports_the_table_in_two_steps(app, client, auth):
    auth.login("admin")
    listing = client.get(PAGE).get_data(as_text=True)
    assert "31.12.2019" in listing and "über die Kommandozeile" in listing
    before = snapshot(app)
    response = upload(client, published_table(), "31.12.2024", "bevoelkerung_2024.csv")
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    assert snapshot(app) == before, "the upload alone imports nothing"
    preview = client.get(preview_url).get_data(as_text=True)
    for expected in (
        "bevoelkerung_2024.csv",
        "31.12.2024",
        "CSV-Datei, Trennzeichen Semikolon",
        "Summenzeile",
        "Fassung 1, Stichtag 31.12.2019",
        "Einwohnerzahlen übernehmen",
    ):
        assert expected in preview, expected
    # The demo's table has its 95 Gemeinden; the Land's other 1,006 (init) are named as missing.
    assert "1.006 bekannte Gemeinden stehen nicht in der Tabelle" in preview
    confirmed = auth.post(preview_url, {})
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith(PAGE)
    versions = client.get(PAGE).get_data(as_text=True)
    assert "Fassung 2 mit 95 Gemeinden, Stichtag 31.12.2024" in versions
    assert re.search(
        r"<td[^>]*class=\"num\">2</td>\s*<td[^>]*><strong>gültig</strong></td>\s*<td[^>]*>31.12.2024</td>", versions
    )
    assert "Stefan Berger" in versions and "ersetzt" in versions
    assert pending_count(app) == 0
    with app.app_context():
        current = db.session.scalars(select(PopulationVersion).where(PopulationVersion.is_current.is_(True))).one()
        assert (current.number, current.reference_date, current.imported_by.username) == (
            2,
            date(2024, 12, 31),
            "admin",
        )


def test_a_bad_table_shows_every_line_and_keeps_nothing(app, client, auth):
    auth.login("admin")
    before = snapshot(app)
    response = upload(client, published_table({TETTNANG: "-3", EMMENDINGEN: "27.977,5"}, extra=["08999999;X;5"]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<td class="num">{line_of(EMMENDINGEN)}</td><td>Die Einwohnerzahl „27.977,5“ ist keine ganze Zahl.' in page
    assert f'<td class="num">{line_of(TETTNANG)}</td><td>Die Einwohnerzahl „-3“ ist negativ.' in page
    assert "Gemeindeschlüssel 08999999 ist nicht bekannt" in page
    assert "Die Tabelle enthält 3 Fehler; es wurde nichts importiert." in page
    assert snapshot(app) == before and pending_count(app) == 0


def test_the_stichtag_is_required_on_the_page(app, client, auth):
    auth.login("admin")
    for stichtag, message in (
        ("", "Bitte geben Sie den Stichtag an"),
        ("gestern", "„gestern“ ist kein Datum"),
        ("01.01.2027", "liegt in der Zukunft"),
    ):
        response = upload(client, SMALL_TABLE, stichtag)
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and message in page, stichtag
        assert 'href="#reference_date"' in page
    assert pending_count(app) == 0


def test_uploads_that_are_no_table_are_answered_in_german(app, client, auth):
    auth.login("admin")
    nothing = auth.post(PAGE, {"reference_date": "31.12.2024"})
    assert nothing.status_code == 422 and "Bitte wählen Sie die Datei mit den Einwohnerzahlen aus." in nothing.get_data(
        as_text=True
    )
    picture = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x81\x8d", filename="bild.png")
    assert picture.status_code == 422 and "weder eine Excel-Arbeitsmappe" in picture.get_data(as_text=True)
    assert pending_count(app) == 0


def test_a_partial_table_warns_before_it_is_confirmed(app, client, auth):
    auth.login("admin")
    preview = client.get(upload(client, SMALL_TABLE).headers["Location"]).get_data(as_text=True)
    assert "1.100 bekannte Gemeinden stehen nicht in der Tabelle" in preview


def test_a_version_imported_meanwhile_stops_the_confirmation(app, client, auth, tmp_path):
    auth.login("admin")
    preview_url = upload(client, SMALL_TABLE).headers["Location"]
    assert import_file(app, tmp_path, published_table()).exit_code == 0
    before = snapshot(app)
    response = auth.post(preview_url, {})
    assert response.status_code == 409
    assert (
        "Seit dem Hochladen wurde eine andere Fassung der Einwohnerzahlen eingespielt (Fassung 2)"
        in response.get_data(as_text=True)
    )
    assert snapshot(app) == before


def test_discarding_an_upload_changes_nothing(app, client, auth):
    auth.login("admin")
    preview_url = upload(client, SMALL_TABLE).headers["Location"]
    before = snapshot(app)
    response = auth.post(preview_url + "/verwerfen", {}, page=preview_url)
    assert response.status_code == 302
    assert snapshot(app) == before and pending_count(app) == 0
    assert client.get(preview_url).status_code == 404


def test_the_pages_are_for_administrators_only(app, client, auth):
    auth.login("admin")
    preview_url = upload(client, SMALL_TABLE).headers["Location"]
    auth.logout()
    for username in ("ministerium", "kommune.stuttgart"):
        auth.login(username)
        assert client.get(PAGE).status_code == 403
        assert client.get(preview_url).status_code == 403
        token = csrf_token_of(client.get("/barrierefreiheit").get_data(as_text=True))
        assert client.post(preview_url, data={"csrf_token": token}).status_code == 403
        assert client.post(preview_url + "/verwerfen", data={"csrf_token": token}).status_code == 403
        assert client.post(PAGE, data={"csrf_token": token}).status_code == 403
        auth.logout()
    assert pending_count(app) == 1


def test_another_administrators_upload_is_not_found(app, client, auth):
    auth.login("admin")
    preview_url = upload(client, SMALL_TABLE).headers["Location"]
    with app.app_context():
        db.session.add(
            User(
                username="admin2",
                full_name="Zweite Administration",
                email="admin2@example.invalid",
                password_hash=user("admin").password_hash,
                organisation=user("admin").organisation,
                role_rows=[UserRole(role=Role.ADMIN)],
            )
        )
        db.session.commit()
    auth.logout()
    auth.login("admin2")
    assert client.get(preview_url).status_code == 404
    assert auth.post(preview_url, {}, page=PAGE).status_code == 404
    assert client.get(PAGE + "/import/999999").status_code == 404
    with app.app_context():
        assert db.session.scalars(select(PendingPopulationImport)).one().reference_date == date(2024, 12, 31)

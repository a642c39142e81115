"""The administrator's import page: upload and check, then confirm; nothing is imported before that."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from allocation_files import broken_example, example_bytes, import_file, snapshot
from conftest import csrf_token_of
from factories import programme, submitted, user
from workflow.money import ledger
from workflow.db import db
from workflow.formatting import euro
from workflow.models import AllocationVersion, Application, PendingAllocationImport, Role, User, UserRole

PAGE = "/verwaltung/planungsrahmen"
SMALL_TABLE = b"AGS;Gemeinde;Betrag\r\n08435057;Tettnang;97.654,32\r\n"


def upload(client, content: bytes, filename: str = "planungsrahmen.csv"):
    token = csrf_token_of(client.get(PAGE).get_data(as_text=True))
    return client.post(
        PAGE, data={"csrf_token": token, "table": (io.BytesIO(content), filename)}, content_type="multipart/form-data"
    )


def pending_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PendingAllocationImport))


def test_the_administrator_imports_the_table_in_two_steps(app, client, auth):
    auth.login("admin")
    before = snapshot(app)
    response = upload(client, example_bytes(), "planungsrahmen_im_2018_beispiel.csv")
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    assert snapshot(app) == before, "the upload alone imports nothing"
    preview = client.get(preview_url).get_data(as_text=True)
    for expected in (
        "planungsrahmen_im_2018_beispiel.csv",
        "1.101",
        "116.000.000,00",
        "CSV-Datei, Trennzeichen Semikolon",
    ):
        assert expected in preview, expected
    # Every Gemeinde of the Land exists from ``foerderweg init`` on: the table creates none.
    assert "Neu anzulegende Gemeinden" not in preview
    assert "weicht" not in preview and "confirm_total" not in preview
    confirmed = auth.post(preview_url, {})
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith(PAGE)
    versions = client.get(PAGE).get_data(as_text=True)
    assert "Fassung 2 mit 1.101 Zeilen" in versions
    assert re.search(r"<td[^>]*class=\"num\">2</td>\s*<td[^>]*><strong>gültig</strong>", versions)
    assert "Stefan Berger" in versions and "ersetzt" in versions
    assert pending_count(app) == 0


def test_a_broken_upload_shows_both_line_numbers_and_keeps_nothing(app, client, auth):
    auth.login("admin")
    content, bad_key, bad_amount = broken_example()
    before = snapshot(app)
    response = upload(client, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<td class="num">{bad_key}</td><td>„0811500X“ ist kein gültiger Amtlicher Gemeindeschlüssel' in page
    assert f'<td class="num">{bad_amount}</td><td>„12,34,5“ ist kein Betrag im deutschen Zahlenformat' in page
    assert 'href="#table"' in page and 'aria-describedby="table-hinweis table-fehler"' in page
    assert snapshot(app) == before and pending_count(app) == 0


def test_a_deviating_total_must_be_confirmed_on_the_page(app, client, auth):
    auth.login("admin")
    preview_url = upload(client, SMALL_TABLE).headers["Location"]
    preview = client.get(preview_url).get_data(as_text=True)
    assert "liegt um 115.902.345,68\u00a0€ unter dem Programmbudget" in preview
    assert "94 Kommunen haben jetzt einen Planungsrahmen und stehen nicht in der Tabelle" in preview
    before = snapshot(app)
    unconfirmed = auth.post(preview_url, {})
    assert unconfirmed.status_code == 422
    page = unconfirmed.get_data(as_text=True)
    assert "Bitte bestätigen Sie die Abweichung" in page and 'href="#confirm_total"' in page
    assert snapshot(app) == before and pending_count(app) == 1
    assert auth.post(preview_url, {"confirm_total": "y"}).status_code == 302
    with app.app_context():
        version = db.session.scalars(select(AllocationVersion).where(AllocationVersion.is_current.is_(True))).one()
        assert version.deviation_confirmed and version.imported_by.username == "admin"


def test_a_version_imported_meanwhile_stops_the_confirmation(app, client, auth, tmp_path):
    auth.login("admin")
    preview_url = upload(client, SMALL_TABLE).headers["Location"]
    assert import_file(app, tmp_path, example_bytes()).exit_code == 0
    before = snapshot(app)
    response = auth.post(preview_url, {"confirm_total": "y"})
    assert response.status_code == 409
    assert (
        "Seit dem Hochladen wurde eine andere Fassung des Planungsrahmens eingespielt (Fassung 2)"
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


def test_uploads_that_are_no_table_are_answered_in_german(app, client, auth):
    auth.login("admin")
    nothing = auth.post(PAGE, {})
    assert nothing.status_code == 422 and "Bitte wählen Sie die Datei mit dem Planungsrahmen aus." in nothing.get_data(
        as_text=True
    )
    picture = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x81\x8d", "bild.png")
    assert picture.status_code == 422 and "weder eine Excel-Arbeitsmappe" in picture.get_data(as_text=True)
    old_excel = upload(client, bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 64, "alt.xls")
    assert old_excel.status_code == 422 and "Das alte Excel-Format (.xls)" in old_excel.get_data(as_text=True)
    assert pending_count(app) == 0


def test_the_import_pages_are_for_administrators_only(app, client, auth):
    auth.login("admin")
    preview_url = upload(client, SMALL_TABLE).headers["Location"]
    auth.logout()
    auth.login("ministerium")
    assert client.get(PAGE).status_code == 403
    assert client.get(preview_url).status_code == 403
    token = csrf_token_of(client.get("/barrierefreiheit").get_data(as_text=True))
    assert client.post(preview_url, data={"csrf_token": token}).status_code == 403
    assert client.post(PAGE, data={"csrf_token": token}).status_code == 403
    assert pending_count(app) == 1


def test_another_administrators_upload_is_not_found(app, client, auth):
    auth.login("admin")
    preview_url = upload(client, SMALL_TABLE).headers["Location"]
    with app.app_context():
        second = User(
            username="admin2",
            full_name="Zweite Administration",
            email="admin2@example.invalid",
            password_hash=user("admin").password_hash,
            organisation=user("admin").organisation,
            role_rows=[UserRole(role=Role.ADMIN)],
        )
        db.session.add(second)
        db.session.commit()
    auth.logout()
    auth.login("admin2")
    assert client.get(preview_url).status_code == 404
    assert auth.post(preview_url, {}, page=PAGE).status_code == 404
    assert pending_count(app) == 1


def test_the_upload_waits_on_the_server_not_in_the_cookie(app, client, auth):
    auth.login("admin")
    upload(client, example_bytes())
    cookie = client.get_cookie("foerderweg_session")
    assert len(cookie.value) < 1000
    with app.app_context():
        pending = db.session.scalars(select(PendingAllocationImport)).one()
        assert pending.content == example_bytes() and len(pending.content) > 30000


def test_the_preview_lists_every_changed_amount_and_the_open_cases_it_affects(app, client, auth):
    with app.app_context():
        tettnang = submitted("kommune.tettnang")
        current = ledger.allocations_by_organisation(
            db.session, programme(), [db.session.get(Application, tettnang).applicant_id]
        )
        old = next(iter(current.values()))
        file_number = db.session.get(Application, tettnang).file_number
    auth.login("admin")
    preview = client.get(upload(client, SMALL_TABLE).headers["Location"]).get_data(as_text=True)
    assert (
        f'<td data-label="Bisher" class="num">{euro(old)}</td><td data-label="Neu" class="num">97.654,32\u00a0€</td>'
        in preview
    )
    assert "Geänderte Beträge (alle 1)" in preview
    assert f"<li>{file_number} – Tettnang (Eingereicht)</li>" in preview

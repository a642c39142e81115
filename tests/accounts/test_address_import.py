"""Importing postal addresses and heads: checked with line numbers, all or nothing, on the command line and the page."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from conftest import csrf_token_of
from population_files import csv_bytes
from workflow.db import db
from workflow.models import AddressImport, Organisation

PAGE = "/verwaltung/anschriften"
HEADER = "Gemeindeschlüssel;Gemeinde;Straße;PLZ;Ort;Funktion;Name der Leitung"
GOOD = (
    "Anschriften der Rathäuser am 01.01.2027",
    HEADER,
    "08435057;Tettnang;Montfortplatz 7;88069;Tettnang;Bürgermeisterin;Erika Beispiel",
    "08435018;Hagnau;Im Hof 5;88709;Hagnau am Bodensee;;",
    "08435;Bodenseekreis;Glärnischstraße 1-3;88045;Friedrichshafen;Landrat;Max Muster",
)


def snapshot(app):
    with app.app_context():
        rows = db.session.execute(
            select(
                Organisation.ags,
                Organisation.street,
                Organisation.postcode,
                Organisation.city,
                Organisation.head_title,
                Organisation.head_name,
                Organisation.authority_name,
            ).order_by(Organisation.ags)
        ).all()
        return rows, db.session.scalar(select(func.count()).select_from(AddressImport))


def organisation(app, ags):
    with app.app_context():
        return db.session.scalars(select(Organisation).where(Organisation.ags == ags)).one()


def import_file(app, tmp_path, content: bytes, name: str = "anschriften.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return app.test_cli_runner().invoke(args=["import-addresses", str(path)])


def test_the_command_takes_over_a_good_table_and_records_it(app, tmp_path):
    result = import_file(app, tmp_path, csv_bytes(*GOOD))
    assert result.exit_code == 0, result.output
    assert "3 Zeilen ohne Fehler." in result.output and "Anschriften übernommen: 3 Körperschaften." in result.output
    tettnang = organisation(app, "08435057")
    assert tettnang.postal_lines == [
        "Stadt Tettnang",
        "Bürgermeisterin Erika Beispiel",
        "Montfortplatz 7",
        "88069 Tettnang",
    ]
    # Empty Funktion and Name clear the head; the Bezeichnung of the demo stays where the table has none.
    assert organisation(app, "08435018").postal_lines == [
        "Gemeinde Hagnau am Bodensee",
        "Im Hof 5",
        "88709 Hagnau am Bodensee",
    ]
    assert organisation(app, "08435").postal_lines == [
        "Bodenseekreis",
        "Landrat Max Muster",
        "Glärnischstraße 1-3",
        "88045 Friedrichshafen",
    ]
    with app.app_context():
        record = db.session.scalars(select(AddressImport).order_by(AddressImport.id.desc())).first()
        assert (record.source_name, record.rows, record.imported_by_id) == ("anschriften.csv", 3, None)


def test_every_refusal_names_its_line_and_nothing_changes(app, tmp_path):
    before = snapshot(app)
    table = csv_bytes(
        *GOOD,
        "08999999;Nirgendwo;Weg 1;70000;Nirgendwo;;",  # line 6: unknown key
        "08435036;Meersburg;;88709;Meersburg;;",  # line 7: no street
        "08435010;Daisendorf;Ortsstraße 1;8871;Daisendorf;;",  # line 8: postcode of 4 digits
        "08435054;Stetten;Schulstraße 1;88719;Stetten;Bürgermeister;",  # line 9: function without name
        "08435057;Tettnang;Montfortplatz 7;88069;Tettnang;;",  # line 10: Tettnang again
        "08435042;Neukirch;Kirchstraße 1;88099;;;",  # line 11: no city
    )
    result = import_file(app, tmp_path, table)
    assert result.exit_code == 1
    for expected in (
        "Zeile 6: Eine Gemeinde oder einen Kreis mit dem Schlüssel 08999999 gibt es nicht.",
        "Zeile 7: Die Straße fehlt.",
        "Zeile 8: „8871“ ist keine Postleitzahl: erwartet werden 5 Ziffern.",
        "Zeile 9: Funktion und Name der Leitung gehören zusammen",
        "Zeile 10: Der Gemeindeschlüssel 08435057 steht bereits in Zeile 3.",
        "Zeile 11: Der Ort fehlt.",
        "Die Tabelle enthält 6 Fehler.",
        "Es wurde nichts importiert; die Datenbank ist unverändert.",
    ):
        assert expected in result.output, expected
    assert snapshot(app) == before


def test_a_table_without_the_needed_columns_is_refused(app, tmp_path):
    before = snapshot(app)
    result = import_file(app, tmp_path, csv_bytes("AGS;Straße;Ort", "08435057;Montfortplatz 7;Tettnang"))
    assert result.exit_code == 1
    assert "Zeile 1: Die Spalte „PLZ“ fehlt" in result.output and "Die Spalte „Name der Leitung“ fehlt" in result.output
    assert snapshot(app) == before


def _upload(client, content: bytes, name: str = "anschriften.csv"):
    token = csrf_token_of(client.get(PAGE).get_data(as_text=True))
    return client.post(
        PAGE, data={"csrf_token": token, "table": (io.BytesIO(content), name)}, content_type="multipart/form-data"
    )


def test_the_administrator_imports_on_the_page(app, client, auth):
    auth.login("admin")
    page = client.get(PAGE).get_data(as_text=True)
    # The demo's addresses cover its 95 Gemeinden; the other Gemeinden of the Land (init) have none yet.
    assert "Alle" not in page.split("Postanschrift")[0][-200:] and "Demo-Anschriften" in page
    before = snapshot(app)
    refused = _upload(client, csv_bytes(*GOOD, "08435036;Meersburg;;88709;Meersburg;;"))
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Die Tabelle enthält 1 Fehler; es wurde nichts übernommen." in text and "Die Straße fehlt." in text
    assert snapshot(app) == before
    response = _upload(client, csv_bytes(*GOOD))
    assert response.status_code == 302
    shown = client.get(PAGE).get_data(as_text=True)
    assert "Die Anschriften sind übernommen: 3 Körperschaften aus „anschriften.csv“." in shown
    assert "Stefan Berger" in shown  # who imported it
    assert organisation(app, "08435057").head_name == "Erika Beispiel"


def test_only_the_administration_reaches_the_page(app, client, auth):
    for username in ("kommune.tettnang", "pruefung.sued", "zeichnung", "ministerium"):
        auth.login(username)
        assert client.get(PAGE).status_code == 403, username
        auth.logout()

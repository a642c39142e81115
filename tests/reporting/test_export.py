"""The XLSX export of all cases: German headers, amounts as euro numbers, a safe download."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl

from application_data import consortium_application
from factories import in_state, submitted

HEADERS = [
    "Aktenzeichen",
    "Antragsteller (federführend)",
    "Gemeindeschlüssel",
    "Kreis",
    "Regierungsbezirk",
    "Zusammenschluss",
    "Weitere Mitglieder",
    "Status",
    "Eingegangen am",
    "Planungsrahmen bei Antragstellung",
    "Beantragt",
    "Bewilligt",
    "Entschieden am",
    "Ausgezahlt",
    "Zurückgefordert",
    "Erstattet",
]


def exported(client):
    response = client.get("/uebersicht/export.xlsx")
    assert response.status_code == 200
    return response, openpyxl.load_workbook(BytesIO(response.data))["Anträge"]


def test_every_case_is_a_row_with_amounts_as_euro_numbers(app, client, auth):
    granted, _ = in_state(app, "granted")
    in_state(app, "submitted")
    in_state(app, "draft")
    with app.app_context():
        submitted("kommune.meersburg", consortium_application(consortium_name='=HYPERLINK("http://example.invalid")'))
    auth.login("ministerium")
    response, sheet = exported(client)
    assert (
        response.headers["Content-Disposition"]
        == "attachment; filename=antraege-integrationsmanagement-2026-11-25.xlsx"
    )
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [r[0] for r in rows[1:]] == ["RPS-IM-2026-0001", "RPS-IM-2026-0002", "RPS-IM-2026-0003"], "no drafts"
    first = {header: cell for header, cell in zip(HEADERS, sheet[2])}
    assert first["Status"].value == "Bewilligt"
    assert first["Bewilligt"].value == 58000 and first["Beantragt"].value == 58000
    assert first["Bewilligt"].number_format == '#,##0.00 "€"'
    assert (
        first["Eingegangen am"].value.date() == date(2026, 11, 25)
        and first["Eingegangen am"].number_format == "DD.MM.YYYY"
    )
    joint = {header: cell.value for header, cell in zip(HEADERS, sheet[4])}
    assert joint["Zusammenschluss"] == '\'=HYPERLINK("http://example.invalid")', (
        "made text (workflow.exports.spreadsheets)"
    )
    assert sheet.cell(row=4, column=HEADERS.index("Zusammenschluss") + 1).data_type == "s", "text, never a formula"
    assert joint["Weitere Mitglieder"] == "Daisendorf (08435010), Hagnau am Bodensee (08435018), Stetten (08435054)"
    assert Decimal(str(joint["Planungsrahmen bei Antragstellung"])) == Decimal("75160.70")


def test_an_approver_exports_the_cases_of_their_authority(app, client, auth):
    in_state(app, "submitted")
    auth.login("zeichnung")
    _, sheet = exported(client)
    assert sheet.max_row == 2

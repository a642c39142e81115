"""Input no person types on purpose – numbers beyond any budget, JSON built to exhaust the parser, tables with
a DOCTYPE – is refused with a German 4xx: nothing is changed, and what was typed is shown again."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from allocation_files import xlsx_of
from conftest import csrf_token_of
from factories import IM, api_token, in_state, sample_data
from post_award_steps import final_case, on
from sample_files import with_part
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.engine.settings import MONEY, parse_settings
from workflow.models import Application, AuditEntry, Procedure

PROBLEM = "application/problem+json"
HUGE_INTEGER = "1" * 5000
DEEP_NESTING = "[" * 100_000 + "]" * 100_000
TEN_TO_THE_THIRTY = "1" + "0" * 30
EURO_10_41 = "1" + "0" * 41


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(table)) for table in (Application, AuditEntry, Procedure)
        )


def _json_post(client, url: str, body: str, headers: dict):
    return client.post(url, data=body, headers={**headers, "Content-Type": "application/json"})


@pytest.mark.parametrize(
    "body",
    [
        '{"data": {"joint": %s}}' % HUGE_INTEGER,
        '{"data": %s}' % DEEP_NESTING,
        '{"data": {"positions": [{"fte": 1e400}]}}',
    ],
    ids=["5000 digits", "100000 deep", "infinite float"],
)
def test_a_draft_of_pathological_json_is_a_german_400_and_creates_nothing(app, client, body):
    before = _counts(app)
    answer = _json_post(client, f"/api/v1/programmes/{IM}/drafts", body, api_token(app, "kommune.tettnang"))
    assert answer.status_code == 400 and answer.mimetype == PROBLEM, answer.get_data(as_text=True)[:500]
    assert "JSON" in answer.get_json()["detail"]
    assert _counts(app) == before


@pytest.mark.parametrize("body", ['{"comment": %s}' % HUGE_INTEGER, DEEP_NESTING], ids=["5000 digits", "100000 deep"])
def test_a_step_with_pathological_json_is_a_german_400_and_changes_nothing(app, client, body):
    application_id, _ = in_state(app, "submitted")
    before = _counts(app)
    answer = _json_post(
        client, f"/api/v1/cases/{application_id}/transitions/take", body, api_token(app, "pruefung.sued")
    )
    assert answer.status_code == 400 and answer.mimetype == PROBLEM, answer.get_data(as_text=True)[:500]
    assert "JSON" in answer.get_json()["detail"]
    assert _counts(app) == before


def _with_fte(fte: str) -> dict[str, str]:
    return {**sample_data(IM), "positions-0-fte": fte}


def test_a_vzae_of_ten_to_the_thirty_is_refused_on_the_form_and_kept_as_typed(app, client, auth):
    auth.login("kommune.tettnang")
    before = _counts(app)
    answer = auth.post(f"/programme/{IM}/antraege/neu", {**_with_fte(TEN_TO_THE_THIRTY), "action": "review"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422, page[:2000]
    assert "Der Stellenanteil muss zwischen" in page and TEN_TO_THE_THIRTY in page
    assert _counts(app)[1:] == before[1:]


def test_a_vzae_of_ten_to_the_thirty_in_a_draft_through_the_api_is_named_as_the_error(app, client):
    answer = client.post(
        f"/api/v1/programmes/{IM}/drafts",
        json={"data": _with_fte(TEN_TO_THE_THIRTY)},
        headers=api_token(app, "kommune.tettnang"),
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)[:500]
    body = answer.get_json()
    assert body["valid"] is False and "Der Stellenanteil muss zwischen" in str(body["errors"]["positions-0-fte"])
    assert body["data"]["positions-0-fte"] == TEN_TO_THE_THIRTY


def test_a_reduced_vzae_of_ten_to_the_thirty_in_a_proposal_is_refused(app, client):
    application_id, _ = in_state(app, "in_review")
    before = _counts(app)
    ruling = {"outcome": "reduced", "fte": TEN_TO_THE_THIRTY, "end": "", "reason": "Gekürzt."}
    answer = client.post(
        f"/api/v1/cases/{application_id}/transitions/propose_decision",
        json={"rulings": [ruling], "reasons": "Begründung"},
        headers=api_token(app, "pruefung.sued"),
    )
    assert 400 <= answer.status_code < 500 and answer.mimetype == PROBLEM, answer.get_data(as_text=True)[:800]
    assert "Stellenanteil" in json.dumps(answer.get_json(), ensure_ascii=False)
    assert _counts(app) == before


def test_a_payment_request_of_ten_to_the_forty_one_euro_is_refused_on_the_page_and_through_the_api(
    app, clock, client, auth
):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
    before = _counts(app)
    url = f"/antraege/{application_id}/vorgaenge/neu/payment/request_payment"
    auth.login(clerk)
    page = auth.post(url, {"amount": EURO_10_41})
    assert page.status_code in (409, 422) and "höchstens" in page.get_data(as_text=True)
    assert EURO_10_41 in page.get_data(as_text=True)
    answer = client.post(
        f"/api/v1/cases/{application_id}/procedures/payment/request_payment",
        json={"amount": EURO_10_41},
        headers=api_token(app, clerk),
    )
    assert (
        answer.status_code in (409, 422) and answer.mimetype == PROBLEM and "höchstens" in answer.get_json()["detail"]
    )
    assert _counts(app) == before


def _with_doctype(xlsx: bytes) -> bytes:
    """The workbook's first sheet with a DOCTYPE whose external entity a cell names (an XXE probe)."""
    sheet = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet1.xml")
    sheet = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + sheet.replace(b"Tettnang", b"&xxe;")
    return with_part(xlsx, "xl/worksheets/sheet1.xml", sheet)


@pytest.mark.parametrize(
    "page, header",
    [
        ("/verwaltung/planungsrahmen", ["AGS", "Gemeinde", "Betrag"]),
        ("/verwaltung/benutzer/einspielen", ["AGS", "Name", "E-Mail"]),
    ],
    ids=["Planungsrahmen", "contacts"],
)
def test_an_xlsx_with_a_doctype_is_refused_in_german(app, client, auth, page, header):
    content = _with_doctype(xlsx_of(header, [["08435057", "Tettnang", "1.000,00"]]))
    auth.login("admin")
    token = csrf_token_of(client.get(page).get_data(as_text=True))
    answer = client.post(
        page,
        data={"csrf_token": token, "table": (io.BytesIO(content), "tabelle.xlsx")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422, answer.status_code
    assert "enthält eine Dokumenttyp-Definition (DOCTYPE)" in answer.get_data(as_text=True)


def test_a_money_setting_of_ten_to_the_thirty_is_named_not_crashed_on():
    declared = definition_for(IM).all_settings
    money = next(setting.name for setting in declared if setting.kind == MONEY)
    errors = parse_settings(declared, {money: TEN_TO_THE_THIRTY}).errors
    assert len(errors) == 1 and "größer als jeder Haushalt" in errors[0]

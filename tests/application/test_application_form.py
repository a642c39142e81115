"""The application form: drafts keep everything typed, submission enforces the rules."""

from __future__ import annotations

import pytest
from markupsafe import escape

import re
from decimal import Decimal

from sqlalchemy import select

from application_data import consortium_application, position, single_application
from workflow.db import db
from workflow.models import Application


def _draft_id(response) -> int:
    return int(re.search(r"/antraege/(\d+)/", response.headers["Location"]).group(1))


def _draft(app, application_id) -> Application:
    with app.app_context():
        application = db.session.get(Application, application_id)
        db.session.expunge(application)
        return application


def test_an_incomplete_draft_is_saved_exactly_as_typed(app, client, auth):
    auth.login("kommune.tettnang")
    typed = {"joint": "single", "contact_name": "Sabine Gröner", "iban": "kaputt", **position(0, "Jana", fte="zwei")}
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**typed, "action": "save"})
    assert response.status_code == 302
    application_id = _draft_id(response)
    form = client.get(f"/antraege/{application_id}/bearbeiten").get_data(as_text=True)
    for value in ("Sabine Gröner", 'value="kaputt"', 'value="zwei"', 'value="Jana"'):
        assert value in form, value
    assert _draft(app, application_id).state == "draft"


def test_going_on_with_errors_keeps_the_input_and_names_each_problem_in_german(app, client, auth):
    auth.login("kommune.tettnang")
    typed = single_application(iban="DE02 6005 0101 0002 0343 05", **position(0, "Jana", fte="0,1", start="31.02.2027"))
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**typed, "action": "review"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Die IBAN ist ungültig" in page
    assert "Der Stellenanteil muss zwischen 0,25 und 1,00 VZÄ liegen." in page
    assert "Diesen Tag gibt es nicht: 31.02.2027." in page
    assert 'value="DE02 6005 0101 0002 0343 05"' in page and 'value="31.02.2027"' in page
    assert 'href="#iban"' in page, "the error summary links to the field"
    assert 'aria-describedby="iban-fehler"' in page or 'aria-describedby="iban-hinweis iban-fehler"' in page
    with app.app_context():
        assert db.session.scalar(select(Application.id)) is not None, "the draft was saved despite the errors"


def test_rows_can_be_added_and_removed_without_losing_the_others(app, client, auth):
    auth.login("kommune.tettnang")
    response = auth.post(
        "/programme/integrationsmanagement/antraege/neu", {**single_application(), "action": "add_position"}
    )
    application_id = _draft_id(response)
    url = f"/antraege/{application_id}/bearbeiten"
    data = {**single_application(), **position(1, "Zweite Person"), **position(2, "Dritte Person")}
    auth.post(url, {**data, "remove_position": "1"})
    draft = _draft(app, application_id)
    assert draft.draft_data["positions-0-person_name"] == "Anna Beispiel"
    assert draft.draft_data["positions-1-person_name"] == "Dritte Person"
    assert "positions-2-person_name" not in draft.draft_data


def test_a_municipality_below_the_threshold_is_told_to_join_a_consortium(app, client, auth):
    auth.login("kommune.neukirch")
    response = auth.post(
        "/programme/integrationsmanagement/antraege/neu",
        {**single_application(account_holder="Gemeinde Neukirch"), "action": "review"},
    )
    summary = client.get(response.headers["Location"])
    page = summary.get_data(as_text=True)
    assert "20.338,05" in page and "nicht erreicht" in page
    assert "nur gemeinsam mit anderen Kommunen" in page and "Zusammenschluss" in page
    assert "Antrag verbindlich einreichen" not in page
    application_id = _draft_id(response)
    refused = auth.post(
        f"/antraege/{application_id}/aktionen/submit",
        {"confirm": "y", "revision": "1"},
        page=f"/antraege/{application_id}/bearbeiten",
    )
    assert refused.status_code == 409
    assert "Mindestgrenze" in refused.get_data(as_text=True)
    assert _draft(app, application_id).state == "draft"


def test_the_requested_amount_is_rate_times_fte_times_months_capped_by_the_pooled_allocation(app, client, auth):
    auth.login("kommune.meersburg")
    data = consortium_application(
        **position(0, "A", "a", "1"), **position(1, "B", "b", "0,5"), **position(2, "C", "c", "0,25")
    )
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**data, "action": "review"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # a: 58.000 × 1 × 2 = 116.000; b: 52.000 × 0,5 × 2 = 52.000; c: 46.000 × 0,25 × 2 = 23.000
    assert "191.000,00" in page
    assert "75.160,70" in page and "auf den Planungsrahmen begrenzt" in page


def test_unknown_or_duplicate_members_are_refused_with_the_text_kept(app, client, auth):
    auth.login("kommune.meersburg")
    data = consortium_application(
        members=["Atlantis (12345678)", "08435018", "Hagnau am Bodensee (08435018)", "08435036"]
    )
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**data, "action": "review"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "ist keine bekannte Kommune" in page and 'value="Atlantis (12345678)"' in page
    assert "doppelt aufgeführt" in page
    assert "bereits Antragstellerin" in page


def test_a_submitted_application_is_frozen(app, client, auth):
    auth.login("kommune.tettnang")
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**single_application(), "action": "review"})
    application_id = _draft_id(response)
    auth.post(f"/antraege/{application_id}/aktionen/submit", {"confirm": "y", "revision": "1"})
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.state == "submitted"
        assert application.requested_amount == Decimal("58000.00")
        assert [p.person_name for p in application.positions] == ["Anna Beispiel"]
    edit = auth.post(
        f"/antraege/{application_id}/bearbeiten",
        {**single_application(contact_name="X"), "action": "save"},
        page=f"/antraege/{application_id}",
    )
    assert edit.status_code == 302 and edit.headers["Location"].endswith(f"/antraege/{application_id}")
    assert _draft(app, application_id).contact_name == "Miriam Keller"


def test_a_stale_summary_cannot_be_submitted(app, client, auth):
    auth.login("kommune.tettnang")
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**single_application(), "action": "review"})
    application_id = _draft_id(response)
    auth.post(f"/antraege/{application_id}/bearbeiten", {**single_application(contact_name="Neu"), "action": "save"})
    stale = auth.post(f"/antraege/{application_id}/aktionen/submit", {"confirm": "y", "revision": "1"})
    assert stale.status_code == 409
    assert "Zusammenfassung erneut" in stale.get_data(as_text=True)
    assert _draft(app, application_id).state == "draft"


def test_an_error_in_one_position_alone_blocks_the_summary(app, client, auth):
    auth.login("kommune.tettnang")
    data = single_application(**position(0, "Jana", fte="0,1"))
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**data, "action": "review"})
    assert response.status_code == 422
    assert "Der Stellenanteil muss zwischen" in response.get_data(as_text=True)


def test_a_provider_position_needs_the_providers_name(app, client, auth):
    auth.login("kommune.tettnang")
    data = single_application(**{"positions-0-employer_kind": "provider", "positions-0-provider_name": ""})
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**data, "action": "review"})
    assert response.status_code == 422
    assert "Bitte geben Sie den Namen des Trägers an." in response.get_data(as_text=True)


def test_a_draft_with_more_positions_than_the_programme_allows_is_refused_and_not_stored(app, client, auth):
    auth.login("kommune.tettnang")
    rows = {key: value for index in range(31) for key, value in position(index, f"Person {index}").items()}
    response = auth.post(
        "/programme/integrationsmanagement/antraege/neu", {**single_application(), **rows, "action": "save"}
    )
    assert response.status_code == 422
    assert "höchstens 30 Stellen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Application.id)) is None


def test_the_add_button_stops_at_the_limit_and_keeps_the_input(app, client, auth):
    auth.login("kommune.tettnang")
    rows = {key: value for index in range(30) for key, value in position(index, f"Person {index}").items()}
    response = auth.post(
        "/programme/integrationsmanagement/antraege/neu", {**single_application(), **rows, "action": "add_position"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "höchstens 30 Stellen" in page and 'value="Person 29"' in page and "positions-30-" not in page


@pytest.mark.parametrize("bic", ["<script>", "SOLADEST60", "ABCDEFGHIJKLMNOP"])
def test_an_invalid_bic_is_refused_in_german_and_kept_as_typed(app, client, auth, bic):
    auth.login("kommune.tettnang")
    response = auth.post(
        "/programme/integrationsmanagement/antraege/neu", {**single_application(bic=bic), "action": "review"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Die BIC ist ungültig" in page
    assert f'value="{escape(bic)}"' in page, "the input is kept, escaped"


def _starts_joint(page: str) -> bool:
    return bool(re.search(r'<input[^>]*checked[^>]*value="joint"|<input[^>]*value="joint"[^>]*checked', page))


def test_below_the_threshold_the_form_starts_as_joint_application_and_shows_the_pooled_planungsrahmen(
    app, client, auth
):
    new = "/programme/integrationsmanagement/antraege/neu"
    auth.login("kommune.hagnau")  # 10.549,62 €, below 51.000 €
    page = client.get(new).get_data(as_text=True)
    assert _starts_joint(page) and "Mitgliedskommune 1" in page
    assert "Bis zur Mindestgrenze von 51.000,00\u00a0€ fehlen" in page
    response = auth.post(
        new, {**consortium_application(members=["Meersburg"], consortium_name="Hagnau und Meersburg"), "action": "save"}
    )
    form = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "<strong>55.706,23\u00a0€</strong>" in form and "Die Mindestgrenze von 51.000,00\u00a0€ ist erreicht." in form
    )
    auth.logout()
    auth.login("kommune.tettnang")  # above the threshold: starts alone
    assert not _starts_joint(client.get(new).get_data(as_text=True))

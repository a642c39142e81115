"""Payments and the proof of use through the API: the procedures' steps come from the declaration like the case's."""

from __future__ import annotations

from factories import api_token
from post_award_steps import final_case, on

PROBLEM = "application/problem+json"


def test_a_payment_is_requested_checked_and_ordered_through_the_api(app, clock, client):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
    clerk_token, reviewer, approver = (
        api_token(app, clerk),
        api_token(app, "pruefung.sued"),
        api_token(app, "zeichnung"),
    )
    listed = client.get(f"/api/v1/cases/{application_id}/procedures", headers=clerk_token).get_json()
    assert {(s["kind"], s["action"]["name"]) for s in listed["may_start"]} == {
        ("payment", "request_payment"),
        ("change", "report_change"),
    }
    assert [(p["kind"], p["state"]) for p in listed["procedures"]] == [("proof_of_use", "due")]
    too_much = client.post(
        f"/api/v1/cases/{application_id}/procedures/payment/request_payment",
        json={"amount": "99.999,00"},
        headers=clerk_token,
    )
    assert too_much.status_code == 409 and too_much.mimetype == PROBLEM and "höchstens" in too_much.get_json()["detail"]
    started = client.post(
        f"/api/v1/cases/{application_id}/procedures/payment/request_payment",
        json={"amount": "1.000,00"},
        headers=clerk_token,
    )
    assert started.status_code == 200, started.get_json()
    payment = started.get_json()["procedure"]
    assert (payment["title"], payment["state"], payment["amount"]) == ("Auszahlung 1", "requested", "1000.00")
    assert "über die Schnittstelle" not in started.get_json()["history_entry"]["label"]
    url = f"/api/v1/cases/{application_id}/procedures/{payment['id']}/transitions"
    assert client.post(f"{url}/check_payment", json={}, headers=clerk_token).status_code == 403
    assert client.post(f"{url}/check_payment", json={}, headers=reviewer).status_code == 200
    assert client.post(f"{url}/order_payment", json={}, headers=reviewer).status_code == 403  # the same person
    ordered = client.post(f"{url}/order_payment", json={}, headers=approver)
    assert ordered.status_code == 200 and ordered.get_json()["procedure"]["state"] == "ordered"
    assert client.post(f"{url}/order_payment", json={}, headers=approver).status_code == 409
    assert client.post(f"{url}/gibt_es_nicht", json={}, headers=approver).status_code == 404


def test_the_proof_of_use_takes_the_programmes_key_figures_as_json(app, clock, client):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2029-04-02")
    token = api_token(app, clerk)
    proof = client.get(f"/api/v1/cases/{application_id}/procedures", headers=token).get_json()["procedures"][0]
    body = {
        "report": "Zwei Jahre Beratung.",
        "positions": [{"months": "24", "fte": "0,5", "received": "0", "costs": "61.000,00"}],
        "figures": [{"persons": 41, "plans_written": 38, "plans_updated": 55}],
    }
    url = f"/api/v1/cases/{application_id}/procedures/{proof['id']}/transitions/submit_proof_of_use"
    missing = client.post(url, json={**body, "figures": [{"persons": 41}]}, headers=token)
    assert missing.status_code == 422 and "Erstellte Integrationspläne" in missing.get_json()["detail"]
    done = client.post(url, json=body, headers=token)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["procedure"]["state"] == "submitted"
    assert client.post(url, json=body, headers=token).status_code == 409


def test_the_openapi_document_names_every_procedure_step(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    description = document["paths"]["/api/v1/cases/{application_id}/procedures/{kind}/{name}"]["post"]["description"]
    for name in (
        "request_payment",
        "order_payment",
        "report_change",
        "sign_change",
        "submit_proof_of_use",
        "book_receipt",
    ):
        assert f"`{name}`" in description

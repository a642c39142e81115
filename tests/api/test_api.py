"""The JSON API: a whole case through it, with the rights, the history and the errors of the web."""

from __future__ import annotations

import hashlib
import io

from sqlalchemy import func, select

from conftest import csrf_token_of
from factories import IM, SIGNED_DECLARATION, api_token, in_state, sample_data, user
from workflow.api.idempotency import request_fingerprint
from workflow.db import db
from workflow.engine.actions import available_actions
from workflow.models import ApiToken, Application, AuditEntry, Document, IdempotentRequest

PROBLEM = "application/problem+json"


def _audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


def _step(client, headers, application_id, name, body=None, **extra):
    return client.post(
        f"/api/v1/cases/{application_id}/transitions/{name}", json=body or {}, headers={**headers, **extra}
    )


def test_a_clerk_reviewer_and_approver_carry_a_case_through_the_api_and_the_history_says_so(app, client, auth):
    clerk, reviewer, approver = (api_token(app, name) for name in ("kommune.tettnang", "pruefung.sued", "zeichnung"))
    data = dict(sample_data(IM))
    data.pop("contact_phone")
    created = client.post(f"/api/v1/programmes/{IM}/drafts", json={"data": data}, headers=clerk)
    assert created.status_code == 201
    case = created.get_json()
    assert case["valid"] is False and "contact_phone" in case["errors"]
    case_id = case["case"]["id"]
    # Safe concurrent edits: a PUT names the ETag it read; without it 428, after someone else's change 412.
    completed = {"data": {**data, "contact_phone": "07542 510-0"}}
    unconditional = client.put(f"/api/v1/cases/{case_id}/draft", json=completed, headers=clerk)
    assert unconditional.status_code == 428 and "If-Match" in unconditional.get_json()["detail"]
    first_etag = created.headers["ETag"]
    updated = client.put(f"/api/v1/cases/{case_id}/draft", json=completed, headers={**clerk, "If-Match": first_etag})
    assert updated.status_code == 200 and updated.get_json()["valid"] is True
    assert updated.headers["ETag"] != first_etag
    stale = client.put(f"/api/v1/cases/{case_id}/draft", json={"data": data}, headers={**clerk, "If-Match": first_etag})
    assert stale.status_code == 412 and stale.get_json()["title"] == "Inzwischen geändert"
    assert client.get(f"/api/v1/cases/{case_id}/draft", headers=clerk).get_json()["data"]["contact_phone"] == (
        "07542 510-0"
    )  # nothing overwritten
    revision = updated.get_json()["case"]["revision"]

    assert (
        _step(client, clerk, case_id, "submit", {"revision": revision}).status_code == 422
    )  # the confirmation is missing
    submitted = _step(client, clerk, case_id, "submit", {"revision": revision, "confirm": True})
    assert submitted.status_code == 200, submitted.get_data(as_text=True)
    assert (
        submitted.get_json()["case"]["state"] == "submitted"
        and submitted.get_json()["history_entry"]["via_api"] is True
    )

    assert _step(client, reviewer, case_id, "take").status_code == 200
    asked = _step(
        client, reviewer, case_id, "request_information", {"message": "Bitte Vertrag vorlegen.", "period_days": 14}
    )
    assert asked.status_code == 200
    deadlines = client.get(f"/api/v1/cases/{case_id}/deadlines", headers=clerk).get_json()
    assert [d["status"] for d in deadlines] == ["open"]
    assert _step(client, clerk, case_id, "answer", {"message": "Anbei der Vertrag."}).status_code == 200
    positions = client.get(f"/api/v1/cases/{case_id}", headers=reviewer).get_json()["positions"]
    proposal = {"rulings": [{"outcome": "granted"} for _ in positions], "reasons": ""}
    assert _step(client, reviewer, case_id, "propose_decision", proposal).status_code == 200

    before = _audit_count(app)
    signed = _step(client, approver, case_id, "sign_grant", **{"Idempotency-Key": "sign-1"})
    assert signed.status_code == 200 and signed.get_json()["case"]["state"] == "granted"
    retried = _step(client, approver, case_id, "sign_grant", **{"Idempotency-Key": "sign-1"})
    assert retried.status_code == 200 and retried.headers["Idempotent-Replayed"] == "true"
    assert retried.get_json() == signed.get_json()
    # The signature and the proof of use it opens (workflows/post_award.py), once.
    assert _audit_count(app) == before + 2
    # Negative control: without the key the same retry is a new request, and the workflow refuses it.
    again = _step(client, approver, case_id, "sign_grant")
    assert again.status_code == 409 and again.content_type == PROBLEM
    assert _audit_count(app) == before + 2

    history = client.get(f"/api/v1/cases/{case_id}/history", headers=clerk).get_json()
    # The grant opens the proof of use: Förderweg's own step, not one through the API.
    assert [entry["transition"] for entry in history][-2:] == ["sign_grant", "open_proof_of_use"]
    assert all(entry["via_api"] for entry in history[:-1]) and not history[-1]["via_api"]
    auth.login("kommune.tettnang")
    assert "über die Schnittstelle" in client.get(f"/antraege/{case_id}").get_data(as_text=True)
    documents = client.get(f"/api/v1/cases/{case_id}/documents", headers=clerk).get_json()
    download = client.get(f"/api/v1/documents/{documents[-1]['id']}", headers=clerk)
    assert download.status_code == 200 and hashlib.sha256(download.data).hexdigest() == documents[-1]["sha256"]


def test_the_transitions_offered_are_the_case_pages_actions(app, client):
    application_id, clerk = in_state(app, "submitted")
    for username in (clerk, "pruefung.sued", "zeichnung"):
        offered = client.get(f"/api/v1/cases/{application_id}/transitions", headers=api_token(app, username)).get_json()
        with app.app_context():
            actions = available_actions(db.session, user(username), db.session.get(Application, application_id))
            assert [item["name"] for item in offered] == [a.transition.name for a in actions]


def test_a_different_body_under_the_same_idempotency_key_is_refused_and_changes_nothing(app, client):
    application_id, _ = in_state(app, "submitted")
    reviewer = {**api_token(app, "pruefung.sued"), "Idempotency-Key": "k-1"}
    first = client.post(f"/api/v1/cases/{application_id}/transitions/take", json={}, headers=reviewer)
    assert first.status_code == 200
    before = _audit_count(app)
    other = client.post(
        f"/api/v1/cases/{application_id}/transitions/request_information",
        json={"message": "x", "period_days": 3},
        headers=reviewer,
    )
    assert (
        other.status_code == 422 and other.content_type == PROBLEM and "Idempotency-Key" in other.get_json()["detail"]
    )
    assert _audit_count(app) == before


def test_a_retry_while_the_first_request_runs_is_refused_until_that_one_is_given_up(app, client, clock):
    application_id, _ = in_state(app, "submitted")
    reviewer = {**api_token(app, "pruefung.sued"), "Idempotency-Key": "k-2"}
    url = f"/api/v1/cases/{application_id}/transitions/take"
    with app.test_request_context(url, method="POST", json={}):
        fingerprint = request_fingerprint()
        token = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
        # The first request has reserved the key and not answered yet.
        db.session.add(
            IdempotentRequest(token_id=token.id, key="k-2", request_hash=fingerprint, created_at=clock.now())
        )
        db.session.commit()
    assert client.post(url, json={}, headers=reviewer).status_code == 409
    clock.advance(minutes=11)
    taken = client.post(url, json={}, headers=reviewer)
    assert taken.status_code == 200 and taken.get_json()["case"]["state"] == "in_review"


def test_tokens_are_stored_hashed_and_shown_once(app, client, auth):
    auth.login("kommune.tettnang")
    page = client.get("/zugangsschluessel").get_data(as_text=True)
    answer = client.post(
        "/zugangsschluessel",
        data={"csrf_token": csrf_token_of(page), "name": "Kämmerei", "scope": "read", "valid_days": "30"},
    )
    assert answer.status_code == 201
    html = answer.get_data(as_text=True)
    secret = html.split('<code class="secret">')[1].split("<")[0]
    with app.app_context():
        token = db.session.scalars(select(ApiToken).where(ApiToken.name == "Kämmerei")).one()
        assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in (token.name, token.prefix, token.token_hash)
    assert secret not in client.get("/zugangsschluessel").get_data(as_text=True)
    assert client.get("/api/v1/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_an_expired_token_is_refused(app, client, clock):
    headers = api_token(app, "kommune.tettnang", days=1)
    assert client.get("/api/v1/programmes", headers=headers).status_code == 200
    clock.advance(days=2)
    refused = client.get("/api/v1/programmes", headers=headers)
    assert refused.status_code == 401 and refused.content_type == PROBLEM
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_owner_and_the_administration_revoke_tokens_and_nobody_else_can(app, client, auth):
    own, by_admin = api_token(app, "kommune.tettnang"), api_token(app, "kommune.tettnang")
    with app.app_context():
        own_id, admin_id = (db.session.scalars(select(ApiToken.id).order_by(ApiToken.id)).all())[-2:]
    auth.login("kommune.meersburg")
    assert client.get("/zugangsschluessel/alle").status_code == 403
    token = csrf_token_of(client.get("/zugangsschluessel").get_data(as_text=True))
    assert client.post(f"/zugangsschluessel/{own_id}/widerrufen", data={"csrf_token": token}).status_code == 404
    assert client.get("/api/v1/programmes", headers=own).status_code == 200
    auth.logout()
    auth.login("kommune.tettnang")
    token = csrf_token_of(client.get("/zugangsschluessel").get_data(as_text=True))
    assert client.post(f"/zugangsschluessel/{own_id}/widerrufen", data={"csrf_token": token}).status_code == 302
    assert client.get("/api/v1/programmes", headers=own).status_code == 401
    auth.logout()
    auth.login("admin")
    listed = client.get("/zugangsschluessel/alle").get_data(as_text=True)
    assert "Test kommune.tettnang" in listed
    assert (
        client.post(f"/zugangsschluessel/{admin_id}/widerrufen", data={"csrf_token": csrf_token_of(listed)}).status_code
        == 302
    )
    assert client.get("/api/v1/programmes", headers=by_admin).status_code == 401


def test_a_read_token_reads_but_takes_no_step(app, client):
    application_id, _ = in_state(app, "submitted")
    reader = api_token(app, "pruefung.sued", scope="read")
    assert client.get(f"/api/v1/cases/{application_id}", headers=reader).status_code == 200
    refused = _step(client, reader, application_id, "take")
    assert (
        refused.status_code == 403 and refused.content_type == PROBLEM and "nur lesen" in refused.get_json()["detail"]
    )
    with app.app_context():
        assert db.session.get(Application, application_id).state == "submitted"


def test_every_error_is_a_german_problem_document(app, client):
    application_id, clerk = in_state(app, "submitted")
    headers = api_token(app, clerk)
    answers = {
        401: client.get("/api/v1/cases"),
        403: _step(client, headers, application_id, "take"),
        404: client.get("/api/v1/cases/999999", headers=headers),
        405: client.delete("/api/v1/cases", headers=headers),
        422: client.get("/api/v1/cases?limit=1000", headers=headers),
        400: client.get("/api/v1/cases?cursor=unsinn", headers=headers),
    }
    garbage = client.get("/api/v1/cases?limit=viele", headers=headers).get_json()
    assert garbage["errors"] == {"query": {"limit": ["Ungültiger Wert."]}}
    app.config["API_RATE_LIMIT"] = 2
    client.get("/api/v1/programmes", headers=headers)
    answers[429] = client.get("/api/v1/programmes", headers=headers)
    for status, response in answers.items():
        body = response.get_json(force=True)
        assert (response.status_code, response.content_type) == (status, PROBLEM), (status, body)
        assert body["status"] == status and body["title"] and body["detail"]
    assert "Allow" in answers[405].headers and "Retry-After" in answers[429].headers
    assert "Zwischen 1 und 100" in str(answers[422].get_json()["errors"])


def test_the_ledger_and_the_allocations_are_for_whom_the_web_shows_them(app, client):
    clerk, ministry, admin = (api_token(app, name) for name in ("kommune.tettnang", "ministerium", "admin"))
    assert client.get(f"/api/v1/programmes/{IM}/ledger", headers=clerk).status_code == 403
    ledger = client.get(f"/api/v1/programmes/{IM}/ledger", headers=ministry)
    assert ledger.status_code == 200 and ledger.get_json()["allocated_total"]
    assert client.get(f"/api/v1/programmes/{IM}/allocations", headers=ministry).status_code == 403
    allocations = client.get(
        f"/api/v1/programmes/{IM}/allocations", query_string={"limit": 5}, headers=admin
    ).get_json()
    assert len(allocations["items"]) == 5 and allocations["next_cursor"]
    found = client.get("/api/v1/organisations", query_string={"q": "Tettnang"}, headers=clerk).get_json()
    assert [o["name"] for o in found["items"]] == ["Tettnang"]


def test_the_case_list_pages_by_cursor_through_what_the_user_may_see(app, client):
    for _ in range(3):
        in_state(app, "submitted")
    headers = api_token(app, "ministerium")
    seen, cursor = [], None
    while True:
        page = client.get(
            "/api/v1/cases", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})}, headers=headers
        ).get_json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == page["total"] >= 3
    with app.app_context():
        drafts = set(db.session.scalars(select(Application.id).where(Application.state == "draft")))
    assert not drafts & set(seen)


def test_a_foreign_case_is_not_found_through_the_api(app, client):
    application_id, _ = in_state(app, "submitted")
    headers = api_token(app, "kommune.meersburg")
    for url in (
        f"/api/v1/cases/{application_id}",
        f"/api/v1/cases/{application_id}/history",
        f"/api/v1/cases/{application_id}/transitions",
    ):
        assert client.get(url, headers=headers).status_code == 404
    with app.app_context():
        document_id = db.session.scalar(select(func.min(Document.id)).where(Document.application_id == application_id))
    if document_id is not None:
        assert client.get(f"/api/v1/documents/{document_id}", headers=headers).status_code == 404


def test_the_openapi_document_lists_every_programmes_steps_and_the_reference_page_shows_it(app, client):
    from workflow.engine.programmes import all_definitions

    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    path = spec["paths"]["/api/v1/cases/{application_id}/transitions/{name}"]
    names = next(p for p in path["parameters"] if p["name"] == "name")["schema"]["enum"]
    assert {t.name for d in all_definitions() for t in d.workflow.transitions} == set(names)
    assert "Eingabe_proposal" in spec["components"]["schemas"]
    for definition in all_definitions():
        form = spec["components"]["schemas"][f"Antrag_{definition.code}"]["properties"]
        assert {f.name for f in definition.schema.measure_fields} == set(form["positions"]["items"]["properties"])
    page = client.get("/api/v1/").get_data(as_text=True)
    assert (
        "/api/v1/cases/{application_id}/transitions/{name}" in page
        and "http" not in page.split("openapi.json")[0].split("<main")[-1]
    )


def test_a_step_with_a_file_takes_multipart_as_the_page_does(app, client):
    application_id, clerk = in_state(app, "granted")
    headers = api_token(app, clerk)
    offered = [
        item["name"] for item in client.get(f"/api/v1/cases/{application_id}/transitions", headers=headers).get_json()
    ]
    name = next(step for step in offered if step.startswith("waive") or step.startswith("declare_waiver"))
    without_file = _step(
        client,
        headers,
        application_id,
        name,
        {"declarant_name": "Dr. Maria Muster", "capacity": "mayor", "confirm": True},
    )
    assert without_file.status_code == 422 and "declaration" in without_file.get_json()["errors"]
    waived = client.post(
        f"/api/v1/cases/{application_id}/transitions/{name}",
        headers=headers,
        content_type="multipart/form-data",
        data={
            "declarant_name": "Dr. Maria Muster",
            "capacity": "mayor",
            "confirm": "y",
            "declaration": (io.BytesIO(SIGNED_DECLARATION.content), "Verzicht.pdf"),
        },
    )
    assert waived.status_code == 200, waived.get_data(as_text=True)
    assert waived.get_json()["history_entry"]["transition"] == name

"""Webhooks: a receiver started here, down for a while, gets every event of a case walk exactly once after
deduplication by ``webhook-id``, each with a valid Standard Webhooks signature; replay, the delivery log and who may
manage subscriptions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from factories import api_token, fire, fresh_applicant, rulings, submitted, user, waive
from post_award_steps import on, paid
from sweeping import sweep
from workflow.db import db
from workflow.events.delivery import deliver_webhooks
from workflow.models import Application, Deadline, Event

PROBLEM = "application/problem+json"


class Receiver:
    """A case system's endpoint: keeps every request; answers 500 to the first delivery of ``lose_answer_to``
    (it took the event, but the answer was lost) so that the event comes again."""

    def __init__(self, port: int):
        self.port, self.received, self.lose_answer_to, self.server = port, [], set(), None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers.items()), body))
                lost = json.loads(body)["type"] in receiver.lose_answer_to
                receiver.lose_answer_to.discard(json.loads(body)["type"])
                self.send_response(500 if lost else 204)
                self.end_headers()

            def log_message(self, *args):
                """Quiet: the test checks what arrived, not the server's request log on stderr."""

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def verified_events(self, secret: str) -> dict[str, dict]:
        """The events by ``webhook-id`` (duplicates collapse), each checked against its signature."""
        key = base64.b64decode(secret.removeprefix("whsec_"))
        events = {}
        for headers, body in self.received:
            headers = {name.lower(): value for name, value in headers.items()}
            signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
            expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
            assert expected in headers["webhook-signature"].split(), headers
            event = json.loads(body)
            assert headers["webhook-id"] == f"evt_{event['id']}"
            events[headers["webhook-id"]] = event
        return events


@pytest.fixture
def receiver():
    with socket.socket() as probe:  # a free port, closed again: nothing listens there until the receiver starts
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    receiver = Receiver(port)
    yield receiver
    receiver.stop()


def _deliver(app) -> None:
    with app.app_context():
        deliver_webhooks(db.session)


def _walk(app, clock, clerk: str) -> int:
    """Application to payment with a Nachforderung, its reminder and the answer: every kind of step."""
    with app.app_context():
        application_id = submitted(clerk)
        fire(application_id, "take", "pruefung.sued")
        fire(application_id, "request_information", "pruefung.sued", comment="Bitte Vertrag vorlegen.", period_days=14)
        due = db.session.scalar(select(Deadline.due_on).where(Deadline.application_id == application_id))
        on(clock, (due - timedelta(days=1)).isoformat())
    sweep(app)
    _deliver(app)  # the receiver is still down
    with app.app_context():
        fire(application_id, "answer", clerk, comment="Anbei.")
        fire(
            application_id,
            "propose_decision",
            "pruefung.sued",
            comment="",
            positions=rulings(db.session.get(Application, application_id), "grant all"),
        )
        fire(application_id, "sign_grant", "zeichnung")
        waive(application_id, clerk)
        on(clock, "2027-03-01")
        paid(application_id, clerk)
    return application_id


def test_a_receiver_that_was_down_gets_every_event_of_a_case_once_signed(app, client, clock, receiver):
    app.config["WEBHOOK_ALLOW_HTTP"] = True
    with app.app_context():
        clerk = fresh_applicant()
    token = api_token(app, clerk)
    created = client.post(
        "/api/v1/webhooks",
        json={"url": f"http://127.0.0.1:{receiver.port}/foerderweg", "description": "Fachverfahren"},
        headers=token,
    )
    assert created.status_code == 201, created.get_json()
    hook = created.get_json()
    assert "secret" not in hook
    secret = client.get(f"/api/v1/webhooks/{hook['id']}/secret", headers=token).get_json()["secret"]
    assert secret.startswith("whsec_")

    application_id = _walk(app, clock, clerk)
    token = api_token(app, clerk)  # the first one ran out while the walk went on into the next year
    _deliver(app)
    log = client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=token)
    assert log.status_code == 200, log.get_json()
    first = log.get_json()[0]
    assert first["status"] == "pending" and first["attempts"] == 2
    assert all("ConnectionRefusedError" in attempt["error"] for attempt in first["log"])
    assert receiver.received == []

    receiver.start()
    receiver.lose_answer_to.add("decision.issued")
    for _ in range(2):  # the first round loses one answer; that delivery is due again after its pause
        clock.advance(hours=7)
        _deliver(app)
    with app.app_context():
        expected = db.session.scalars(
            select(Event)
            .where(Event.application_id == application_id, Event.audience == "applicant")
            .order_by(Event.id)
        ).all()
        expected_types = [event.type for event in expected]
    assert {
        "case.submitted",
        "information.requested",
        "deadline.reminded",
        "information.answered",
        "decision.issued",
        "payment.requested",
        "payment.ordered",
        "payment.executed",
    } <= set(expected_types)
    assert "case.propose_decision" not in expected_types  # internal: not for the municipality

    events = receiver.verified_events(secret)
    assert len(receiver.received) == len(expected) + 1  # one event came twice: its answer was lost
    assert [events[f"evt_{event.id}"]["type"] for event in expected] == expected_types
    feed = client.get("/api/v1/events", query_string={"case": application_id}, headers=token).get_json()["items"]
    assert sorted(events.values(), key=lambda event: event["id"]) == feed
    log = client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=token).get_json()
    assert {delivery["status"] for delivery in log} == {"delivered"}
    assert log[0]["log"][-1]["status_code"] == 204

    # Replay: everything after the submission again, with the same ids, so deduplication keeps one of each.
    replayed = client.post(f"/api/v1/webhooks/{hook['id']}/replay", json={"after": expected[0].id}, headers=token)
    assert replayed.status_code == 202 and replayed.get_json() == {"queued": len(expected) - 1}
    _deliver(app)
    assert len(receiver.received) == 2 * len(expected) and receiver.verified_events(secret) == events

    # Deleted: nothing more goes out, and it is no longer listed.
    assert client.delete(f"/api/v1/webhooks/{hook['id']}", headers=token).status_code == 204
    assert client.get("/api/v1/webhooks", headers=token).get_json() == []
    with app.app_context():
        paid(application_id, clerk, amount="1000.00")
    clock.advance(hours=1)
    _deliver(app)
    assert len(receiver.received) == 2 * len(expected)


def test_retries_wait_longer_each_time_and_give_up_until_a_replay(app, client, clock, receiver):
    app.config.update(WEBHOOK_ALLOW_HTTP=True, WEBHOOK_MAX_ATTEMPTS=3)
    token = api_token(app, "kommune.tettnang")
    hook = client.post(
        "/api/v1/webhooks",
        json={"url": f"http://127.0.0.1:{receiver.port}/", "event_types": ["case.submitted"]},
        headers=token,
    ).get_json()
    with app.app_context():
        submitted("kommune.tettnang")
    pauses = []
    for _ in range(4):
        _deliver(app)
        delivery = client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=token).get_json()[0]
        pauses.append(delivery["next_attempt_at"])
        clock.advance(hours=1)
    assert delivery["status"] == "failed" and delivery["attempts"] == 3 and len(delivery["log"]) == 3
    attempted = [attempt["attempted_at"] for attempt in delivery["log"]]
    assert attempted[0] < pauses[0] < attempted[1] < pauses[1] < attempted[2]
    assert len(set(pauses)) == 2  # after the last attempt no new time is set
    receiver.start()
    assert client.post(f"/api/v1/webhooks/{hook['id']}/replay", json={}, headers=token).get_json() == {"queued": 1}
    _deliver(app)
    assert [json.loads(body)["type"] for _, body in receiver.received] == ["case.submitted"]


def test_who_may_manage_webhooks_and_what_is_refused(app, client):
    clerk, other = api_token(app, "kommune.tettnang"), api_token(app, "pruefung.sued")
    admin = api_token(app, "admin")
    with app.app_context():
        own = user("kommune.tettnang").organisation_id
    url = "https://fachverfahren.example.org/hook"
    hook = client.post("/api/v1/webhooks", json={"url": url}, headers=clerk).get_json()
    assert hook["organisation"]["id"] == own and hook["event_types"] == []
    assert client.get(f"/api/v1/webhooks/{hook['id']}", headers=other).status_code == 404
    assert client.delete(f"/api/v1/webhooks/{hook['id']}", headers=other).status_code == 404
    assert (
        client.post("/api/v1/webhooks", json={"url": url}, headers=other).status_code == 403
    )  # not a municipality's clerk
    elsewhere = client.post("/api/v1/webhooks", json={"url": url, "organisation_id": own + 1}, headers=clerk)
    assert elsewhere.status_code == 403 and elsewhere.mimetype == PROBLEM
    by_admin = client.post("/api/v1/webhooks", json={"url": url, "organisation_id": own}, headers=admin)
    assert by_admin.status_code == 201
    assert [h["id"] for h in client.get("/api/v1/webhooks", headers=admin).get_json()] == [
        hook["id"],
        by_admin.get_json()["id"],
    ]
    for body, word in (
        ({"url": "http://fachverfahren.example.org/"}, "https://"),
        ({"url": "ftp://x"}, "https://"),
        ({"url": "https://"}, "https://"),
        ({"url": "https://a:b@x.example.org/"}, "Zugangsdaten"),
        ({"url": "https://x.example.org:99999/"}, "https://"),
        ({"url": url, "event_types": ["case.gibt_es_nicht"]}, "Unbekannte Ereignisarten"),
    ):
        refused = client.post("/api/v1/webhooks", json=body, headers=clerk)
        assert refused.status_code == 422 and refused.mimetype == PROBLEM and word in refused.get_json()["detail"], body
    missing = client.post("/api/v1/webhooks", json={}, headers=clerk)
    assert missing.status_code == 422 and "url" in missing.get_json()["errors"]["json"]
    reading = client.post("/api/v1/webhooks", json={"url": url}, headers=api_token(app, "kommune.tettnang", "read"))
    assert reading.status_code == 403
    assert client.get("/api/v1/webhooks/999999/deliveries", headers=clerk).status_code == 404


def test_the_openapi_document_describes_the_request_a_receiver_gets(client):
    document = client.get("/api/v1/openapi.json").get_json()
    request = document["webhooks"]["event"]["post"]
    assert {parameter["name"] for parameter in request["parameters"]} == {
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
    }
    schema = request["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(document["components"]["schemas"][schema]["properties"]) == {"id", "type", "timestamp", "data"}


def test_control_characters_are_refused_or_removed_never_stored(app, client):
    clerk = api_token(app, "kommune.tettnang")
    refused = client.post("/api/v1/webhooks", json={"url": "https://x.example.org/\x00"}, headers=clerk)
    assert refused.status_code == 422 and "\x00" not in refused.get_json()["detail"]
    made = client.post(
        "/api/v1/webhooks", json={"url": "https://x.example.org/", "description": "Fach\x00verfahren"}, headers=clerk
    )
    assert made.status_code == 201 and made.get_json()["description"] == "Fachverfahren"
    unknown = client.get("/api/v1/events?type=%00", headers=clerk)
    assert unknown.status_code == 422 and unknown.mimetype == PROBLEM

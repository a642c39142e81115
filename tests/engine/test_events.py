"""The event log: every step writes its typed event in its own transaction, and the feed shows each token's owner
the events of the cases they may see, internal steps only to the authority."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest
from sqlalchemy import select

from factories import api_token, consortium_application, fire, fresh_applicant, in_state, rulings, submitted, user
from workflow import permissions
from workflow.db import db
from workflow.engine import services
from workflow.engine.context import TransitionRefused
from workflow.events import subscriptions
from workflow.events.types import all_event_types
from workflow.models import Application, AuditEntry, Event, WebhookDelivery

PROBLEM = "application/problem+json"


def _events(application_id: int) -> list[tuple[str, str, str]]:
    found = db.session.scalars(select(Event).where(Event.application_id == application_id).order_by(Event.id))
    return [(event.type, event.data["transition"], event.audience) for event in found]


def test_every_step_writes_its_typed_event_and_a_failed_step_none(app):
    application_id, clerk = in_state(app, "decision_proposed")
    with app.app_context():
        assert _events(application_id) == [
            ("case.submitted", "submit", "applicant"),
            ("case.take", "take", "applicant"),
            ("case.propose_decision", "propose_decision", "staff"),
        ]
        entries = db.session.scalars(select(AuditEntry.id).where(AuditEntry.application_id == application_id)).all()
        assert (
            db.session.scalars(select(Event.audit_entry_id).where(Event.application_id == application_id)).all()
            == entries
        )
        signed = db.session.scalar(
            select(Event).where(Event.application_id == application_id).order_by(Event.id.desc())
        )
        assert signed.data["case"] == {
            "id": application_id,
            "file_number": signed.data["case"]["file_number"],
            "programme": "integrationsmanagement",
            "href": f"/api/v1/cases/{application_id}",
        }

        # A step that fails after its events were written leaves neither the step nor an event behind.
        working = services.current()

        def broken(*args):
            working.publish(*args)
            db.session.flush()
            raise RuntimeError("Störung nach dem Schreiben der Ereignisse")

        services.provide(dataclasses.replace(working, publish=broken))
        try:
            with pytest.raises(RuntimeError):
                fire(application_id, "sign_grant", "zeichnung")
        finally:
            services.provide(working)
        db.session.expire_all()
        assert (
            len(_events(application_id)) == 3
            and db.session.get(Application, application_id).state == "decision_proposed"
        )
        with pytest.raises(TransitionRefused):
            fire(application_id, "take", "pruefung.sued")  # not possible in this state: no event either
        fire(application_id, "sign_grant", "zeichnung")
        assert _events(application_id)[3:] == [
            ("decision.issued", "sign_grant", "applicant"),
            ("proof_of_use.open_proof_of_use", "open_proof_of_use", "applicant"),
        ]


def test_the_event_types_come_from_the_declarations(app, client):
    types = client.get("/api/v1/events/types", headers=api_token(app, "kommune.tettnang", "read")).get_json()["types"]
    assert types == all_event_types()
    assert {
        "case.submitted",
        "information.requested",
        "information.answered",
        "decision.issued",
        "decision.final",
        "payment.executed",
        "deadline.reminded",
        "deadline.expired",
        "claim.created",
    } <= set(types)


def test_the_feed_shows_each_reader_the_events_they_may_see_with_a_cursor(app, client):
    application_id, clerk = in_state(app, "granted")
    with app.app_context():
        stranger = fresh_applicant()
    ids = [event_id for (event_id,) in db_rows(app, application_id)]

    def feed(username, **query):
        answer = client.get(
            "/api/v1/events", query_string={"case": application_id, **query}, headers=api_token(app, username, "read")
        )
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()

    own = feed(clerk)
    assert [item["type"] for item in own["items"]] == [
        "case.submitted",
        "case.take",
        "decision.issued",
        "proof_of_use.open_proof_of_use",
    ]
    assert own["next_after"] == own["items"][-1]["id"]
    assert [item["type"] for item in feed("pruefung.sued")["items"]] == [
        "case.submitted",
        "case.take",
        "case.propose_decision",
        "decision.issued",
        "proof_of_use.open_proof_of_use",
    ]
    assert feed(stranger)["items"] == []

    first = feed(clerk, limit=2)
    rest = feed(clerk, after=first["next_after"])
    assert [item["id"] for item in first["items"] + rest["items"]] == [item["id"] for item in own["items"]]
    assert feed(clerk, after=ids[-1]) == {"items": [], "next_after": ids[-1]}
    assert [item["id"] for item in feed(clerk, type="decision.issued")["items"]] == [ids[3]]

    refused = client.get("/api/v1/events?after=-1&limit=500", headers=api_token(app, clerk, "read"))
    assert refused.status_code == 422 and refused.mimetype == PROBLEM
    assert set(refused.get_json()["errors"]["query"]) == {"after", "limit"}


def db_rows(app, application_id: int) -> list:
    with app.app_context():
        return db.session.execute(
            select(Event.id).where(Event.application_id == application_id).order_by(Event.id)
        ).all()


def test_each_organisation_of_a_case_is_told_what_it_may_read(app):
    """The lead and every consortium member get the case's steps, the deciding authority also its internal ones,
    nobody else anything; a subscription to some types gets only those."""
    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application())
        application = db.session.get(Application, application_id)
        member = next(iter(application.consortium.organisation_ids - {application.applicant_id}))
        authority = permissions.responsible_authority_id(application)
        stranger = user("kommune.tettnang").organisation_id
        admin = user("admin")
        hooks = {
            name: subscriptions.create(
                db.session, admin, "https://fachverfahren.example.org/", types, "", organisation
            ).id
            for name, organisation, types in (
                ("lead", application.applicant_id, []),
                ("member", member, []),
                ("authority", authority, []),
                ("stranger", stranger, []),
                ("decisions", application.applicant_id, ["decision.issued"]),
            )
        }
        fire(application_id, "take", "pruefung.sued")
        fire(
            application_id,
            "propose_decision",
            "pruefung.sued",
            comment="",
            positions=rulings(db.session.get(Application, application_id), "grant all"),
        )
        told = db.session.execute(
            select(WebhookDelivery.subscription_id, Event.type)
            .join(Event, Event.id == WebhookDelivery.event_id)
            .order_by(Event.id)
        ).all()
    by_hook = {name: [event_type for hook, event_type in told if hook == number] for name, number in hooks.items()}
    assert by_hook == {
        "lead": ["case.take"],
        "member": ["case.take"],
        "authority": ["case.take", "case.propose_decision"],
        "stranger": [],
        "decisions": [],
    }


@pytest.mark.postgres_only
def test_events_are_numbered_in_the_order_their_steps_commit(app):
    """A step that commits late cannot leave behind an event with a lower number than one a reader has already seen:
    a second step waits with its events until the first has committed."""
    first, _ = in_state(app, "submitted")
    second, _ = in_state(app, "submitted")
    working = services.current()

    def slow(session, application, entries):
        working.publish(session, application, entries)
        if application.id == first:
            time.sleep(1.5)  # the first step's events are written, its commit is still to come

    def take(application_id):
        with app.app_context():
            fire(application_id, "take", "pruefung.sued")

    services.provide(dataclasses.replace(working, publish=slow))
    try:
        threads = [threading.Thread(target=take, args=(application_id,)) for application_id in (first, second)]
        threads[0].start()
        time.sleep(0.5)
        threads[1].start()
        time.sleep(0.5)
        with app.app_context():
            seen_meanwhile = db.session.scalars(select(Event.application_id).where(Event.type == "case.take")).all()
        for thread in threads:
            thread.join()
    finally:
        services.provide(working)
    with app.app_context():
        taken = db.session.scalars(
            select(Event.application_id).where(Event.type == "case.take").order_by(Event.id)
        ).all()
    assert seen_meanwhile == [] and taken == [first, second]

"""Cases in any state, made through the real operations (no shortcuts around the workflow).

The functions need an application context; ``in_state`` pushes its own, so
that the test client's requests never share one with test code (Flask reuses
an active context, and with it ``g``). Cases of any installed programme are made
from that programme's ``sample_input`` (its definition), by a clerk of a
Gemeinde the programme's rules let apply.
"""
from __future__ import annotations

from sqlalchemy import select

from application_data import consortium_application, single_application
from workflow import ledger, population
from workflow.db import db
from workflow.engine.programmes import ALLOCATION, POPULATION, definition_for
from workflow.models import Application, Organisation, OrganisationKind, Participation, Programme, Role, User, UserRole
from workflow.operations.drafts import create_draft
from workflow.engine.transitions import perform_transition


def user(username: str) -> User:
    return db.session.scalars(select(User).where(User.username == username)).one()


def programme(code: str = "integrationsmanagement") -> Programme:
    return db.session.scalars(select(Programme).where(Programme.code == code)).one()


IM = "integrationsmanagement"


def sample_data(code: str) -> dict[str, str]:
    """A complete application of the programme as typed: the hand-written one for Integrationsmanagement
    (the suite's figures rely on it), the definition's ``sample_input`` for every other programme."""
    return single_application() if code == IM else dict(definition_for(code).sample_input)


def draft(clerk: str = "kommune.tettnang", data: dict | None = None, code: str = IM) -> int:
    data = data if data is not None else sample_data(code)
    return create_draft(db.session, user(clerk), programme(code), data).id


def fire(application_id: int, name: str, username: str, **payload) -> None:
    perform_transition(db.session, application_id, name, user(username), payload)


def revision(application_id: int) -> int:
    return db.session.get(Application, application_id).revision


def submitted(clerk: str = "kommune.tettnang", data: dict | None = None, code: str = IM) -> int:
    application_id = draft(clerk, data, code)
    fire(application_id, "submit", clerk, revision=revision(application_id))
    return application_id


def _may_apply(code: str, candidates: list[Organisation]) -> list[Organisation]:
    """The candidates the programme's reference data let apply alone: a Planungsrahmen above the
    threshold, or enough inhabitants for the population tiers."""
    ids = [org.id for org in candidates]
    reference_data = definition_for(code).reference_data
    if ALLOCATION in reference_data:
        allocations = ledger.allocations_by_organisation(db.session, programme(code), ids)
        candidates = [org for org in candidates if allocations.get(org.id, 0) >= 60000]
    if POPULATION in reference_data:
        counts = population.inhabitants_by_organisation(db.session, ids)
        candidates = [org for org in candidates if counts.get(org.id, (0, None))[0] >= 20000]
    return candidates


def fresh_applicant(code: str = IM) -> str:
    """A clerk of a Gemeinde in the Regierungsbezirke Freiburg or Tübingen (reviewer
    pruefung.sued) that may apply under the programme and has no application yet."""
    taken = select(Participation.organisation_id)
    clerks = select(User.organisation_id)
    candidates = db.session.scalars(
        select(Organisation)
        .where(
            Organisation.kind == OrganisationKind.GEMEINDE,
            Organisation.ags.like("083%") | Organisation.ags.like("084%"),
            Organisation.id.not_in(taken),
            Organisation.id.not_in(clerks),
        )
        .order_by(Organisation.ags)
    ).all()
    organisation = _may_apply(code, candidates)[0]
    template = user("kommune.tettnang")
    clerk = User(
        username=f"clerk.{organisation.ags}",
        full_name=f"Sachbearbeitung {organisation.name}",
        email=f"clerk.{organisation.ags}@example.invalid",
        password_hash=template.password_hash,
        organisation=organisation,
        role_rows=[UserRole(role=Role.CLERK)],
    )
    db.session.add(clerk)
    db.session.commit()
    return clerk.username


REQUESTED = "requested"  # in a payload: the amount the case requests (58.000,00 € for ``single_application``)

# The path to each state: (transition, actor) steps after submission; "applicant"
# is the case's own clerk. The applicants lie in the Kreise of pruefung.sued.
PATHS = {
    "submitted": [],
    "in_review": [("take", "pruefung.sued", {})],
    "information_requested": [
        ("take", "pruefung.sued", {}),
        ("request_information", "pruefung.sued", {"comment": "Bitte Vertrag vorlegen.", "period_days": 14}),
    ],
    "answered": [
        ("take", "pruefung.sued", {}),
        ("request_information", "pruefung.sued", {"comment": "Bitte Vertrag vorlegen.", "period_days": 14}),
        ("answer", "applicant", {"comment": "Anbei."}),
    ],
    "decision_proposed": [
        ("take", "pruefung.sued", {}),
        ("propose_decision", "pruefung.sued", {"kind": "grant", "amount": REQUESTED, "comment": ""}),
    ],
    "granted": [
        ("take", "pruefung.sued", {}),
        ("propose_decision", "pruefung.sued", {"kind": "grant", "amount": REQUESTED, "comment": ""}),
        ("sign_grant", "zeichnung", {}),
    ],
    "withdrawn": [("withdraw", "applicant", {"comment": ""})],
}


def in_state(app, state: str, clerk: str | None = None, code: str = IM) -> tuple[int, str]:
    """A new application of programme ``code`` in ``state``, and the username of its applicant's clerk."""
    with app.app_context():
        clerk = clerk or fresh_applicant(code)
        if state == "draft":
            return draft(clerk, code=code), clerk
        application_id = submitted(clerk, code=code)
        for name, actor, payload in PATHS[state]:
            if payload.get("amount") == REQUESTED:
                payload = {**payload, "amount": str(db.session.get(Application, application_id).requested_amount)}
            fire(application_id, name, clerk if actor == "applicant" else actor, **payload)
        return application_id, clerk


__all__ = ["consortium_application", "single_application", "draft", "fire", "in_state", "sample_data", "submitted", "user"]

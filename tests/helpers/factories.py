"""Cases in any state, made through the real operations (no shortcuts around the workflow).

The functions need an application context; ``in_state`` pushes its own, so
that the test client's requests never share one with test code (Flask reuses
an active context, and with it ``g``). Cases of any installed programme are made
from that programme's ``sample_input`` (its definition), by a clerk of a
Gemeinde the programme's rules let apply.
"""

from __future__ import annotations

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import or_, select

from application_data import consortium_application, single_application
from sample_files import PDF
from workflow.money import ledger
from workflow.reference import population
from workflow.db import db
from workflow.engine.programmes import ALLOCATION, POPULATION, definition_for
from workflow.formatting import date_de
from workflow.models import (
    Application,
    MembershipRequest,
    Organisation,
    OrganisationKind,
    Participation,
    Programme,
    Role,
    User,
    UserRole,
)
from workflow.operations.drafts import create_draft
from workflow.operations.membership_requests import answer_request
from workflow.engine.transitions import perform_transition
from workflow.uploads import UploadedFile


def user(username: str) -> User:
    return db.session.scalars(select(User).where(User.username == username)).one()


def programme(code: str = "integrationsmanagement") -> Programme:
    return db.session.scalars(select(Programme).where(Programme.code == code)).one()


IM = "integrationsmanagement"


def sample_data(code: str) -> dict[str, str]:
    """A complete application of the programme as typed: the hand-written one for Integrationsmanagement
    (the suite's figures rely on it), the definition's ``sample_input`` for every other programme."""
    return single_application() if code == IM else dict(definition_for(code).sample_input)


def draft(clerk: str = "kommune.tettnang", data: dict | None = None, code: str = IM, consented: bool = True) -> int:
    """A new draft; the members a joint one names have consented unless ``consented`` is False
    (tests of the consent itself say so)."""
    data = data if data is not None else sample_data(code)
    application_id = create_draft(db.session, user(clerk), programme(code), data).id
    if consented:
        consent_of_every_member(application_id)
    return application_id


def consent_of_every_member(application_id: int) -> None:
    """Each member the draft names confirms through its own clerk (made on first use)."""
    requests = db.session.scalars(
        select(MembershipRequest).where(MembershipRequest.application_id == application_id)
    ).all()
    for request in requests:
        answer_request(db.session, request.id, user(clerk_for(request.organisation)), consent=True)


def api_token(app, username: str, scope: str = "write", days: int = 30) -> dict[str, str]:
    """The Authorization header of a new personal access token of ``username``."""
    from workflow.operations.api_tokens import create_token

    with app.app_context():
        _, secret = create_token(db.session, user(username), f"Test {username}", scope, days)
    return {"Authorization": f"Bearer {secret}"}


def fire(application_id: int, name: str, username: str, files: tuple = (), **payload) -> None:
    perform_transition(db.session, application_id, name, user(username), payload, files=files)


SIGNED_DECLARATION = UploadedFile("Verzichtserklaerung.pdf", PDF, "application/pdf")


def waive(
    application_id: int,
    username: str,
    name: str = "waive_remedies",
    declarant: str = "Dr. Maria Muster",
    capacity: str = "mayor",
) -> None:
    """A remedy waiver of ``username``'s organisation, with its signed declaration."""
    fire(application_id, name, username, files=(SIGNED_DECLARATION,), declarant_name=declarant, capacity=capacity)


def clerk_of(organisation_name: str) -> str:
    """A clerk for the organisation of that name (made on first use), e.g. for a consortium member without one."""
    return clerk_for(db.session.scalars(select(Organisation).where(Organisation.name == organisation_name)).one())


def clerk_for(organisation: Organisation) -> str:
    """A clerk of ``organisation`` (made on first use)."""
    existing = db.session.scalars(select(User).where(User.organisation_id == organisation.id)).first()
    if existing is not None:
        return existing.username
    return _new_clerk(organisation)


def _new_clerk(organisation: Organisation) -> str:
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


def fresh_applicant(code: str = IM, bezirke: tuple[str, ...] = ("083", "084")) -> str:
    """A clerk of a Gemeinde in the Regierungsbezirke ``bezirke`` (by default Freiburg or Tübingen: reviewer
    pruefung.sued) that may apply under the programme, has no application yet and a postal address (every Gemeinde of
    the Land exists; the demo gives addresses to some)."""
    taken = select(Participation.organisation_id)
    clerks = select(User.organisation_id)
    candidates = db.session.scalars(
        select(Organisation)
        .where(
            Organisation.kind == OrganisationKind.GEMEINDE,
            or_(*(Organisation.ags.like(f"{bezirk}%") for bezirk in bezirke)),
            Organisation.id.not_in(taken),
            Organisation.id.not_in(clerks),
            Organisation.street.is_not(None),
            Organisation.postcode.is_not(None),
            Organisation.city.is_not(None),
        )
        .order_by(Organisation.ags)
    ).all()
    return _new_clerk(_may_apply(code, candidates)[0])


# A proposal's rulings, made for however many positions the programme's sample case has.
GRANT_ALL, SHORTEN_FIRST, REFUSE_ALL = "grant all", "shorten the first", "refuse all"


def rulings(application: Application, pattern: str) -> list[dict[str, str]]:
    """Grant every position; shorten the first by all but one month (the others granted); or refuse every one."""

    def ruling(index: int, position) -> dict[str, str]:
        if pattern == REFUSE_ALL:
            return {"outcome": "refused", "reason": "Die Stelle ist nicht förderfähig."}
        if pattern == SHORTEN_FIRST and index == 0:
            end = position.funding_start + relativedelta(months=1) - timedelta(days=1)
            return {"outcome": "reduced", "end": date_de(end), "reason": "Nur ein Monat ist belegt."}
        return {"outcome": "granted"}

    return [ruling(index, position) for index, position in enumerate(application.positions)]


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
        ("propose_decision", "pruefung.sued", {"positions": GRANT_ALL, "comment": ""}),
    ],
    "granted": [
        ("take", "pruefung.sued", {}),
        ("propose_decision", "pruefung.sued", {"positions": GRANT_ALL, "comment": ""}),
        ("sign_grant", "zeichnung", {}),
    ],
    "partially_granted": [
        ("take", "pruefung.sued", {}),
        ("propose_decision", "pruefung.sued", {"positions": SHORTEN_FIRST, "comment": ""}),
        ("sign_partial_grant", "zeichnung", {}),
    ],
    "rejected": [
        ("take", "pruefung.sued", {}),
        ("propose_decision", "pruefung.sued", {"positions": REFUSE_ALL, "comment": ""}),
        ("sign_rejection", "zeichnung", {}),
    ],
    "withdrawn": [("withdraw", "applicant", {"comment": ""})],
}


def in_state(app, state: str, clerk: str | None = None, code: str = IM, data: dict | None = None) -> tuple[int, str]:
    """A new application of programme ``code`` (with ``data``, or the sample's) in ``state``, and the username of
    its applicant's clerk."""
    with app.app_context():
        clerk = clerk or fresh_applicant(code)
        if state == "draft":
            return draft(clerk, data, code=code), clerk
        application_id = submitted(clerk, data, code=code)
        for name, actor, payload in PATHS[state]:
            if isinstance(payload.get("positions"), str):
                payload = {
                    **payload,
                    "positions": rulings(db.session.get(Application, application_id), payload["positions"]),
                }
            fire(application_id, name, clerk if actor == "applicant" else actor, **payload)
        return application_id, clerk


__all__ = [
    "api_token",
    "clerk_of",
    "consortium_application",
    "single_application",
    "draft",
    "fire",
    "in_state",
    "sample_data",
    "submitted",
    "user",
    "waive",
]

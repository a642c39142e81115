"""Role × state × step for the procedures after the decision: exactly the declared people are offered each step,
everyone else is refused and changes nothing (Integrationsmanagement, a single applicant in the Bodenseekreis)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from factories import programme, user
from post_award_steps import final_case, on, procedure, proposed_change, proposed_revocation, start, step
from workflow.db import db
from workflow.engine.actions import procedure_actions, start_actions
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import definition_for
from workflow.engine.transitions import perform_transition
from workflow.models import Application, AuditEntry
from workflow.operations.cash_exports import create_export

APPLICANT = "applicant"
USERS = (
    APPLICANT,
    "kommune.meersburg",
    "pruefung.sued",
    "pruefung.nord",
    "zeichnung",
    "referatsleitung",
    "ministerium",
    "admin",
)
SEES_THE_CASE = {APPLICANT, "pruefung.sued", "zeichnung", "referatsleitung", "ministerium"}
REVIEWERS = {"pruefung.sued", "referatsleitung"}
APPROVERS = {"zeichnung", "referatsleitung"}

# Written out by hand from the issue, not derived from the declaration. In "checked" and "change_proposed"
# pruefung.sued took the earlier step, so only a second person may take the next one.
ALLOWED = {
    ("payment", "new"): {"request_payment": {APPLICANT}},
    ("payment", "requested"): {"check_payment": REVIEWERS, "refuse_payment": REVIEWERS | APPROVERS},
    ("payment", "checked"): {"order_payment": APPROVERS, "refuse_payment": REVIEWERS | APPROVERS},
    # zeichnung ordered it; the cash office's confirmation is no second signature, so any approver records it.
    ("payment", "ordered"): {"confirm_execution": APPROVERS},
    ("change", "new"): {"report_change": {APPLICANT}},
    # The reported end lowers the grant: the hearing comes first, or the reviewer does without it on a ground of
    # § 28 Abs. 2 LVwVfG; "propose_change" is offered, blocked until then. Noting it without a Bescheid is not.
    ("change", "reported"): {
        "propose_change": REVIEWERS,
        "start_change_hearing": REVIEWERS,
        "waive_change_hearing": REVIEWERS,
    },
    ("change", "hearing"): {"answer_change_hearing": {APPLICANT}, "record_change_paper_answer": REVIEWERS},
    ("change", "change_proposed"): {"sign_change": APPROVERS, "return_change": APPROVERS},
    ("proof_of_use", "due"): {"submit_proof_of_use": {APPLICANT}},
    # pruefung.sued proposed the Schlussbescheid (a vacancy lowers the grant); a second person signs or returns it.
    ("proof_of_use", "settlement_proposed"): {"sign_settlement": APPROVERS, "return_settlement": APPROVERS},
    ("revocation", "new"): {"start_hearing": REVIEWERS, "waive_hearing": REVIEWERS},
    # Nothing was paid, so nothing is to be repaid: the Widerrufsbescheid without a claim.
    ("revocation", "revocation_proposed"): {"sign_revocation_without_claim": APPROVERS, "drop_revocation": APPROVERS},
}


def _procedure_in(app, clock, kind: str, state: str) -> tuple[int, str, int | None]:
    """A final case with a procedure of ``kind`` in ``state`` (None for a procedure not yet started)."""
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        if state == "new":
            return application_id, clerk, None
        if kind == "proof_of_use":
            proof = next(p.id for p in db.session.get(Application, application_id).procedures)
            if state == "settlement_proposed":
                _settlement_proposed(clock, application_id, clerk, proof)
            return application_id, clerk, proof
        if kind == "payment":
            procedure_id = start(application_id, "payment", "request_payment", clerk, amount="1000.00")
            if state in ("checked", "ordered"):
                step(application_id, procedure_id, "check_payment", "pruefung.sued")
            if state == "ordered":
                step(application_id, procedure_id, "order_payment", "zeichnung")
                create_export(db.session, programme(), user("referatsleitung"))
        elif kind == "change":
            procedure_id = start(
                application_id, "change", "report_change", clerk, position="1", kind="end", start="31.12.2027"
            )
            if state == "hearing":
                step(application_id, procedure_id, "start_change_hearing", "pruefung.sued")
            if state == "change_proposed":
                proposed_change(application_id, procedure_id)
        else:
            procedure_id = proposed_revocation(
                application_id, revoked="1000.00", effective_from="01.03.2027", comment="Nicht verwendet."
            )
        assert procedure(procedure_id).state == state
        return application_id, clerk, procedure_id


def _settlement_proposed(clock, application_id: int, clerk: str, proof: int) -> None:
    on(clock, "2029-03-20")
    vacant = {
        "months": "21",
        "fte": "0,5",
        "received": "0",
        "costs": "60000.00",
        "vacancies": "01.04.2028 – 30.06.2028",
    }
    figures = {"persons": "41", "plans_written": "38", "plans_updated": "55"}
    step(
        application_id,
        proof,
        "submit_proof_of_use",
        clerk,
        report="Bericht.",
        positions=[{**vacant, "figures": figures}],
    )
    step(application_id, proof, "settle_proof_of_use", "pruefung.sued", checked=[0, 1, 2, 3])


def _offered(application_id: int, procedure_id: int | None, kind: str, username: str) -> set[str]:
    application = db.session.get(Application, application_id)
    if procedure_id is None:
        return {
            action.transition.name
            for procedure_type, action in start_actions(db.session, user(username), application)
            if procedure_type.kind == kind
        }
    return {
        action.transition.name
        for action in procedure_actions(db.session, user(username), application, procedure(procedure_id))
    }


def _entries(application_id: int) -> int:
    return db.session.scalar(select(func.count()).where(AuditEntry.application_id == application_id))


@pytest.mark.parametrize("kind,state", sorted(ALLOWED))
def test_exactly_the_declared_people_may_take_each_step(app, clock, kind, state):
    application_id, clerk, procedure_id = _procedure_in(app, clock, kind, state)
    workflow = definition_for("integrationsmanagement").procedure_type(kind).workflow
    steps = [t for t in workflow.transitions_from(state) if t.name in ALLOWED[(kind, state)]]
    with app.app_context():
        before = _entries(application_id)
        for username in USERS:
            login = clerk if username == APPLICANT else username
            expected = {name for name, people in ALLOWED[(kind, state)].items() if username in people}
            assert _offered(application_id, procedure_id, kind, login) == expected, (kind, state, username)
            for transition in steps:
                if username in ALLOWED[(kind, state)][transition.name]:
                    continue
                with pytest.raises(TransitionRefused) as refused:
                    perform_transition(
                        db.session,
                        application_id,
                        transition.name,
                        user(login),
                        {},
                        procedure_id=procedure_id,
                        new_procedure=None if procedure_id else kind,
                    )
                assert refused.value.status == (403 if username in SEES_THE_CASE else 404), (
                    kind,
                    state,
                    transition.name,
                    username,
                )
        assert _entries(application_id) == before, "a refused step changed the case"


def test_the_step_pages_answer_strangers_with_404_and_wrong_roles_with_403(app, clock, client, auth):
    application_id, clerk, payment = _procedure_in(app, clock, "payment", "requested")
    for username, expected in (("kommune.meersburg", 404), ("pruefung.nord", 404), ("ministerium", 403), (clerk, 403)):
        auth.login(username)
        assert client.get(f"/antraege/{application_id}/vorgaenge/{payment}/check_payment").status_code == expected, (
            username
        )
        assert client.get(f"/antraege/{application_id}/vorgaenge/neu/revocation/start_hearing").status_code == expected
        auth.logout()
    auth.login("pruefung.sued")
    assert client.get(f"/antraege/{application_id}/vorgaenge/{payment}/gibt_es_nicht").status_code == 404
    assert client.get(f"/antraege/{application_id}/vorgaenge/neu/gibt_es_nicht/x").status_code == 404
    assert client.get(f"/antraege/{application_id}/vorgaenge/{payment}/check_payment").status_code == 200

"""A case of the demo that is already decided, so that payments, changes and the proof of use can be tried at once.

Friedrichshafen applies alone for two positions and walks the real workflow: submission, review, proposal,
signature, waiver of remedies; then it requests what falls due soon and the reviewer finds that correct, so the
approver can order it (on the case page or in a Sammelzeichnung). Only ``foerderweg demo`` loads it; the test
database starts without cases.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock
from workflow.engine.transitions import perform_transition
from workflow.formatting import euro
from workflow.models import Application, Programme, User
from workflow.operations.drafts import create_draft
from workflow.workflows.post_award.payments import requestable_on
from workflow.uploads import UploadedFile

CLERK = "kommune.friedrichshafen"
PROGRAMME = "integrationsmanagement"
# A minimal PDF standing in for the signed declaration of the waiver.
SIGNED_DECLARATION = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _positions() -> dict[str, str]:
    rows = {}
    for index, (person, category, fte, start) in enumerate(
        (("Selin Arslan", "a", "1", "01.01.2027"), ("Jonas Leibold", "b", "0,75", "01.02.2027"))
    ):
        prefix = f"positions-{index}-"
        rows.update(
            {
                prefix + "person_name": person,
                prefix + "category": category,
                prefix + "fte": fte,
                prefix + "employment_start": start,
                prefix + "employer_kind": "own",
                prefix + "provider_name": "",
            }
        )
    return rows


APPLICATION = {
    "joint": "single",
    "consortium_name": "",
    "contact_name": "Anja Roth",
    "contact_phone": "07541 203-0",
    "contact_email": "roth@friedrichshafen.example",
    "account_holder": "Stadt Friedrichshafen",
    "iban": "DE02 6005 0101 0002 0343 04",
    "bic": "SOLADEST600",
    "decl_truthful": "y",
    "decl_no_double_funding": "y",
    "decl_subsidy_fraud": "y",
    "decl_data_protection": "y",
    **_positions(),
}


def load_demo_cases(session: Session) -> list[str]:
    """The decided demo case; what was made, one line each to print (none if its clerk or programme is missing)."""
    users = {user.username: user for user in session.scalars(select(User))}
    programme = session.scalars(select(Programme).where(Programme.code == PROGRAMME)).first()
    if CLERK not in users or programme is None:
        return []
    clerk, reviewer, approver = users[CLERK], users["pruefung.sued"], users["zeichnung"]
    application = create_draft(session, clerk, programme, APPLICATION)
    case_id = application.id

    def fire(name: str, actor: User, files: tuple = (), **payload) -> None:
        perform_transition(session, case_id, name, actor, payload, files=files)

    fire("submit", clerk, revision=application.revision)
    fire("take", reviewer)
    positions = session.get(Application, case_id).positions
    fire(
        "propose_decision",
        reviewer,
        positions=[{"outcome": "granted"} for _ in positions],
        comment="Die Voraussetzungen der VwV liegen vor; beide Stellen sind besetzt.",
    )
    fire("sign_grant", approver)
    fire(
        "waive_remedies",
        clerk,
        files=(UploadedFile("Verzichtserklaerung.pdf", SIGNED_DECLARATION, "application/pdf"),),
        declarant_name="Ralf Kessler",  # the Oberbürgermeister of the demo addresses
        capacity="mayor",
    )
    file_number = session.get(Application, case_id).file_number
    made = [f"Demo-Fall {file_number}: bewilligt und bestandskräftig ({CLERK})."]
    due = requestable_on(session, session.get(Application, case_id), clock.today())
    if due > 0:  # nothing falls due yet if the demo starts long before the funding
        payment = perform_transition(
            session, case_id, "request_payment", clerk, {"amount": str(due)}, new_procedure="payment"
        ).procedure_id
        perform_transition(
            session,
            case_id,
            "check_payment",
            reviewer,
            {"comment": "Betrag entspricht den bewilligten, in den nächsten Monaten fälligen Personalausgaben."},
            procedure_id=payment,
        )
        made.append(
            f"Demo-Fall {file_number}: Mittelabruf über {euro(due)} sachlich richtig, wartet auf die Anordnung "
            f"({approver.username}, auch in der Sammelzeichnung)."
        )
    return made

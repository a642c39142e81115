"""A case of the demo that is already decided, so that payments, changes and the proof of use can be tried at once.

Friedrichshafen applies alone for two positions and walks the real workflow: submission, review, proposal,
signature, waiver of remedies. Only ``foerderweg demo`` loads it; the test database starts without cases.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.engine.transitions import perform_transition
from workflow.models import Application, Programme, User
from workflow.operations.drafts import create_draft
from workflow.uploads import UploadedFile

CLERK = "kommune.friedrichshafen"
PROGRAMME = "integrationsmanagement"
# A minimal PDF standing in for the signed declaration of the waiver.
SIGNED_DECLARATION = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _positions() -> dict[str, str]:
    rows = {}
    for index, (person, category, fte, start) in enumerate((("Selin Arslan", "a", "1", "01.01.2027"),
                                                           ("Jonas Leibold", "b", "0,75", "01.02.2027"))):
        prefix = f"positions-{index}-"
        rows.update({prefix + "person_name": person, prefix + "category": category, prefix + "fte": fte,
                     prefix + "employment_start": start, prefix + "employer_kind": "own", prefix + "provider_name": ""})
    return rows


APPLICATION = {
    "joint": "single", "consortium_name": "",
    "contact_name": "Anja Roth", "contact_phone": "07541 203-0", "contact_email": "roth@friedrichshafen.example",
    "account_holder": "Stadt Friedrichshafen", "iban": "DE02 6005 0101 0002 0343 04", "bic": "SOLADEST600",
    "decl_truthful": "y", "decl_no_double_funding": "y", "decl_subsidy_fraud": "y", "decl_data_protection": "y",
    **_positions(),
}


def load_demo_cases(session: Session) -> list[str]:
    """The decided demo case; the file numbers made (none if its clerk or programme is missing)."""
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
    fire("propose_decision", reviewer, positions=[{"outcome": "granted"} for _ in positions],
         comment="Die Voraussetzungen der VwV liegen vor; beide Stellen sind besetzt.")
    fire("sign_grant", approver)
    fire("waive_remedies", clerk, files=(UploadedFile("Verzichtserklaerung.pdf", SIGNED_DECLARATION, "application/pdf"),),
         declarant_name="Andreas Brand", capacity="mayor")
    return [session.get(Application, case_id).file_number]

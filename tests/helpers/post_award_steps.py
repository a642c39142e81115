"""Granted cases and the steps after the decision, for the tests of payments, changes, proof of use and revocation."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from io import BytesIO

import docx
from sqlalchemy import select

from factories import in_state, programme, user, waive
from workflow import clock
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.engine.transitions import perform_transition
from workflow.models import Application, Document, Procedure, ProgrammeTemplate
from workflow.operations.programme_versions import activate, create_version
from workflow.programmes.programme_versions import active_version
from workflow.formatting import date_de
from workflow.operations.base_rates import add_rate
from workflow.operations.cash_exports import confirm_execution, create_export
from workflow.workflows.post_award.changes import lowers_grant


def final_case(app, clerk: str | None = None, code: str = "integrationsmanagement") -> tuple[int, str]:
    """A granted case whose applicant waived remedies: final, so money may be requested."""
    application_id, clerk = in_state(app, "granted", clerk, code)
    with app.app_context():
        waive(application_id, clerk)
    return application_id, clerk


def start(application_id: int, procedure_kind: str, name: str, username: str, files: tuple = (), **payload) -> int:
    """Start a procedure of ``procedure_kind`` with its first step; its id."""
    entry = perform_transition(
        db.session, application_id, name, user(username), payload, files=files, new_procedure=procedure_kind
    )
    return entry.procedure_id


def step(application_id: int, procedure_id: int, name: str, username: str, files: tuple = (), **payload) -> None:
    perform_transition(
        db.session, application_id, name, user(username), payload, files=files, procedure_id=procedure_id
    )


# The discretion of § 49 Abs. 3 LVwVfG as a reviewer exercises it in the tests' revocations.
DISCRETION = {
    "reliance": "Die Kommune wusste aus dem Bescheid, dass unbesetzte Monate nicht gefördert werden.",
    "extent": "Widerrufen wird nur, was auf die unbesetzte Zeit entfällt.",
    "timing": "Der Widerruf wirkt ab dem Tag, an dem der Zweck verfehlt wurde.",
}


def proposed_revocation(
    application_id: int, revoked: str, effective_from: str, comment: str = "Die Stelle war nicht besetzt."
) -> int:
    """A revocation heard (the applicant answers the same day) and proposed with the discretion exercised; its id."""
    revocation = start(
        application_id,
        "revocation",
        "start_hearing",
        "pruefung.sued",
        revoked=revoked,
        effective_from=effective_from,
        comment=comment,
    )
    step(
        application_id,
        revocation,
        "answer_hearing",
        case(application_id).created_by.username,
        comment="Die Stelle war wegen Krankheit vakant.",
    )
    step(
        application_id,
        revocation,
        "propose_revocation",
        "pruefung.sued",
        revoked=revoked,
        effective_from=effective_from,
        comment=comment,
        answer_considered="Krankheit ändert nichts daran, dass die Stelle nicht besetzt war.",
        **DISCRETION,
    )
    return revocation


def proposed_change(application_id: int, change_id: int, comment: str = "Neu berechnet.") -> None:
    """The reported change proposed by the reviewer: one that lowers the grant without a hearing, on the ground that
    it follows the applicant's own Änderungsanzeige (§ 28 Abs. 2 Nr. 3 LVwVfG), with the discretion exercised."""
    if not lowers_grant(case(application_id), procedure(change_id)):
        step(application_id, change_id, "propose_change", "pruefung.sued", comment=comment)
        return
    step(
        application_id,
        change_id,
        "waive_change_hearing",
        "pruefung.sued",
        ground="own_statements",
        comment="Die Minderung folgt allein aus den Angaben der Änderungsanzeige.",
    )
    step(application_id, change_id, "propose_change_after_hearing", "pruefung.sued", comment=comment, **DISCRETION)


def ordered(
    application_id: int,
    clerk: str,
    amount: str = "5000.00",
    checked_by: str = "pruefung.sued",
    ordered_by: str = "zeichnung",
) -> int:
    """A payment requested by ``clerk``, checked and ordered by two people at the authority; its id."""
    payment = start(application_id, "payment", "request_payment", clerk, amount=amount)
    step(application_id, payment, "check_payment", checked_by)
    step(application_id, payment, "order_payment", ordered_by)
    return payment


def executed(payment_id: int, handed_over_by: str = "referatsleitung", on: str | None = None) -> None:
    """The payment handed to the cash office (with every other one waiting) by a third person, and executed
    ``on`` (TT.MM.JJJJ; default: today)."""
    payment = db.session.get(Procedure, payment_id)
    export = create_export(db.session, payment.application.programme, user(handed_over_by))
    confirm_execution(db.session, export, on or date_de(clock.today()), user(handed_over_by))


def paid(
    application_id: int,
    clerk: str,
    amount: str = "5000.00",
    checked_by: str = "pruefung.sued",
    ordered_by: str = "zeichnung",
) -> int:
    """A payment ordered as in ``ordered`` and executed by the cash office the same day; its id."""
    payment = ordered(application_id, clerk, amount, checked_by, ordered_by)
    executed(payment)
    return payment


def paid_case(app, clock) -> tuple[int, str]:
    """A final case (58.000 € granted) with the sample Basiszinssätze and 5.000 € paid out on 01.03.2027."""
    application_id, clerk = final_case(app)
    with app.app_context():
        enter_sample_base_rates()
        on(clock, "2027-03-01")
        paid(application_id, clerk)
    return application_id, clerk


def enter_sample_base_rates() -> None:
    """Basiszinssätze for 2027 and the first half of 2028 – test values, not published ones: 1,27 %, 1,77 %, 2,00 %."""
    for valid_from, rate in ((date(2027, 1, 1), "1.27"), (date(2027, 7, 1), "1.77"), (date(2028, 1, 1), "2.00")):
        add_rate(db.session, valid_from, Decimal(rate), "Testwert", "test")


def procedure(procedure_id: int) -> Procedure:
    db.session.expire_all()
    return db.session.get(Procedure, procedure_id)


def case(application_id: int) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application_id)


def letter_text(document: Document) -> str:
    """The text of a stored letter, paragraphs and table cells, with plain spaces."""
    parsed = docx.Document(BytesIO(document.content))
    parts = [p.text for p in parsed.paragraphs]
    parts += [cell.text for table in parsed.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts).replace("\u00a0", " ")


def documents_of(application_id: int, kind: str) -> list[Document]:
    return db.session.scalars(
        select(Document).where(Document.application_id == application_id, Document.kind == kind)
    ).all()


def claim_of(application_id: int) -> int:
    """The id of the case's newest claim (Forderung)."""
    return max(p.id for p in case(application_id).procedures if p.kind == "claim")


def on(clock, day: str) -> None:
    """Move the test clock to 9 o'clock on ``day`` (ISO)."""
    clock.set(datetime.fromisoformat(day).replace(hour=9, tzinfo=timezone.utc))


def enter_budget_years(*years: int, code: str = "integrationsmanagement") -> None:
    """The administration enters the annual budgets of ``years`` in a new active programme version (58 Mio. € each)."""
    current = active_version(db.session, programme(code))
    budgets = [*current.settings["annual_budgets"], *({"year": year, "amount": "58000000.00"} for year in years)]
    version = create_version(
        db.session,
        programme(code),
        definition_for(code),
        {**current.settings, "annual_budgets": budgets},
        [
            ProgrammeTemplate(kind=t.kind, filename=t.filename, sha256=t.sha256, content=t.content)
            for t in current.templates
        ],
        user("admin"),
        "Haushaltsjahre " + ", ".join(str(year) for year in years),
    )
    activate(db.session, version)
    db.session.commit()

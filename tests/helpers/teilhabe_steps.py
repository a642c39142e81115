"""A VwV-Integration (Teilhabe) project through HTTP, granted and after the grant: the steps the path tests share."""

from __future__ import annotations

import re

from sqlalchemy import select

from account_steps import delivered_links, set_password
from application_data import teilhabe_application
from http_steps import action, new_application, submit
from post_award_steps import DISCRETION
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.models import Application, CashExport, Procedure, Programme, ProgrammeTemplate, User
from workflow.operations.programme_versions import activate, create_version
from workflow.programmes.programme_versions import active_version
from workflow.workflows.post_award.changes import lowers_grant

PROGRAMME = "teilhabe"
CLERK = "kommune.tettnang"
REVIEWER = "pruefung.teilhabe"
APPROVER = "zeichnung"
CASH = "referatsleitung"  # hands the ordered payments to the Landesoberkasse and confirms their execution


# An association that registers itself (a freier Träger working in Tettnang, Bodenseekreis).
REGISTRATION = {
    "name": "Elternverein Miteinander e. V.",
    "legal_form": "eingetragener Verein",
    "register_entry": "Amtsgericht Ulm VR 720123",
    "street": "Lindenstraße 4",
    "postcode": "88069",
    "city": "Tettnang",
    "workplace": "Tettnang",
    "representative_title": "Vorsitzende",
    "representative_name": "Aylin Demir",
    "contact_name": "Jonas Weber",
    "contact_email": "weber@miteinander.example",
    "username": "miteinander.tettnang",
}
# A plan of 50.000 € of eligible costs (Honorare 30.000 €, Sachkosten 20.000 €) with 20.000 € own funds:
# 60 % = 30.000 € requested, within a Höchstbetrag raised to 40.000 € (``raise_maximum``).
FIFTY_THOUSAND = {
    "positions-0-cost": "30.000,00",
    "positions-1-cost": "20.000,00",
    "own_funds": "20.000,00",
    "third_party_funds": "0,00",
    "requested": "30.000,00",
}


def registered_association(app, client, auth) -> str:
    """The association registers and sets its password through the mailed link; its user name."""
    response = auth.post("/registrieren", REGISTRATION)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    [path] = delivered_links(app, REGISTRATION["contact_email"])
    assert set_password(client, path).status_code == 302
    return REGISTRATION["username"]


def raise_maximum(app, amount: str) -> None:
    """A new, active version of the programme's settings with a Höchstbetrag of ``amount`` (as an administrator
    would make it on the settings page)."""
    with app.app_context():
        programme = db.session.query(Programme).filter_by(code=PROGRAMME).one()
        current = active_version(db.session, programme)
        version = create_version(
            db.session,
            programme,
            definition_for(PROGRAMME),
            {**current.settings, "maximum": amount},
            [
                ProgrammeTemplate(kind=t.kind, filename=t.filename, sha256=t.sha256, content=t.content)
                for t in current.templates
            ],
            db.session.query(User).filter_by(username="admin").one(),
            "Höchstbetrag",
        )
        activate(db.session, version)
        db.session.commit()


def granted_project(client, auth, clerk: str = CLERK, password: str | None = None, **overrides) -> int:
    """The sample project (40.000 € of eligible costs, 12.000 € own and 4.000 € third-party funds) applied for by
    Tettnang (or ``clerk``) and granted in full: 60 % × 40.000 € = 24.000 € (= the deficit 40.000 − 12.000 − 4.000)."""
    auth.login(clerk) if password is None else auth.login(clerk, password)
    data = teilhabe_application(
        **{"account_holder": "Stadt Tettnang", **overrides}
    )  # the shared sample names Meersburg
    application_id = new_application(auth, client, data, PROGRAMME)
    response, _ = submit(auth, client, application_id)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    auth.logout()
    auth.login(REVIEWER)
    action(auth, application_id, "take")
    action(
        auth,
        application_id,
        "propose_decision",
        {"rulings-0-outcome": "granted", "rulings-1-outcome": "granted", "reasons": ""},
    )
    auth.logout()
    auth.login(APPROVER)
    action(auth, application_id, "sign_grant")
    auth.logout()
    return application_id


def start_step(auth, application_id: int, kind: str, name: str, data: dict):
    """The first step of a new procedure, as its form posts it (the response, not asserted)."""
    return auth.post(f"/antraege/{application_id}/vorgaenge/neu/{kind}/{name}", data)


def procedure_step(auth, application_id: int, procedure_id: int, name: str, data: dict | None = None):
    return auth.post(f"/antraege/{application_id}/vorgaenge/{procedure_id}/{name}", data or {})


def settlement_signed(auth, application_id: int, proof: int, approver: str = APPROVER) -> None:
    """The Schlussbescheid the reviewer proposed, signed by a second person (whoever was logged in is logged out)."""
    auth.logout()
    auth.login(approver)
    signed = procedure_step(auth, application_id, proof, "sign_settlement")
    assert signed.status_code == 302, message(signed)[:3000]
    auth.logout()


def newest(app, application_id: int, kind: str) -> Procedure:
    with app.app_context():
        return db.session.scalars(
            select(Procedure)
            .where(Procedure.application_id == application_id, Procedure.kind == kind)
            .order_by(Procedure.id.desc())
        ).first()


def called(
    app, auth, application_id: int, amount: str, expected: str, clerk: str = CLERK, reviewer: str = REVIEWER
) -> int:
    """A Mittelabruf of ``amount`` for the eligible expenses ``expected`` within two months (a programme whose form
    asks no such figure ignores it), checked by the reviewer and ordered by a second person; its id."""
    auth.login(clerk)
    response = start_step(auth, application_id, "payment", "request_payment", {"amount": amount, "expected": expected})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    auth.logout()
    payment = newest(app, application_id, "payment").id
    for user, name in ((reviewer, "check_payment"), (APPROVER, "order_payment")):
        auth.login(user)
        response = procedure_step(auth, application_id, payment, name, {"comment": ""})
        assert response.status_code == 302, (name, response.get_data(as_text=True)[:3000])
        auth.logout()
    return payment


def executed_by_the_cash_office(app, auth, on: str, programme: str = PROGRAMME) -> None:
    """Every ordered payment of the programme handed to the cash office and confirmed as executed ``on`` (TT.MM.JJJJ)."""
    auth.login(CASH)
    page = f"/kasse/?programm={programme}"
    response = auth.post(page, {}, page=page)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        export_id = db.session.scalars(select(CashExport.id).order_by(CashExport.id.desc())).first()
    done = auth.post(f"/kasse/{export_id}/ausgefuehrt", {f"export-{export_id}-executed_on": on}, page=page)
    assert done.status_code == 302, message(done)[-1500:]
    auth.logout()


def receipts(*rows: tuple[str, str, str, str]) -> dict[str, str]:
    """The Belegliste as the form posts it: (group, description, amount, paid on) per line."""
    return {
        f"receipts-{index}-{field}": value
        for index, row in enumerate(rows)
        for field, value in zip(("group", "description", "amount", "paid_on"), row)
    }


def state_and_grant(app, application_id: int) -> tuple[str, str]:
    with app.app_context():
        application = db.session.get(Application, application_id)
        return application.state, str(application.granted_amount)


def message(response) -> str:
    """The page's text without markup and with plain spaces, for the refusal a person reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).replace("\u00a0", " ")


def report_change(auth, application_id: int, costs: tuple[str, ...], **fields: str):
    """An Änderungsanzeige as the form posts it: the expected costs per cost group of the plan in force (in its
    order), the funds, the day and the explanation."""
    data = {f"costs-{index}-amount": amount for index, amount in enumerate(costs)}
    return start_step(auth, application_id, "change", "report_change", {**data, **fields})


def claim_terms(app, application_id: int) -> tuple:
    """The newest claim as its Bescheid set it: state, principal, due day, and the principal's parts with the first
    day of their interest."""
    claim = newest(app, application_id, "claim")
    return (
        claim.state,
        claim.amount,
        claim.data["due_on"],
        [(part["amount"], part["start"]) for part in claim.data["portions"]],
    )


def proposed_and_signed(app, auth, application_id: int) -> Procedure:
    """The newest Änderungsanzeige proposed as an Änderungsbescheid by the reviewer and signed by a second person; one
    that lowers the grant without a hearing, on the ground that it follows the recipient's own Änderungsanzeige
    (§ 28 Abs. 2 Nr. 3 LVwVfG), with the discretion exercised."""
    change = newest(app, application_id, "change")
    with app.app_context():
        adverse = lowers_grant(db.session.get(Application, application_id), db.session.get(Procedure, change.id))
    steps = [(REVIEWER, "propose_change", {"comment": ""}), (APPROVER, "sign_change", {"comment": ""})]
    if adverse:
        waiver = {"ground": "own_statements", "comment": "Die Minderung folgt allein aus der Änderungsanzeige."}
        steps[:1] = [
            (REVIEWER, "waive_change_hearing", waiver),
            (REVIEWER, "propose_change_after_hearing", {"comment": "", **DISCRETION}),
        ]
    for user, name, data in steps:
        auth.login(user)
        response = procedure_step(auth, application_id, change.id, name, data)
        assert response.status_code == 302, (name, message(response)[:3000])
        auth.logout()
    return newest(app, application_id, "change")

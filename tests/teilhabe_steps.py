"""A VwV-Integration (Teilhabe) project through HTTP, granted and after the grant: the steps the path tests share."""

from __future__ import annotations

import re

from sqlalchemy import select

from application_data import teilhabe_application
from http_steps import action, new_application, submit
from workflow.db import db
from workflow.models import Application, CashExport, Procedure

PROGRAMME = "teilhabe"
CLERK = "kommune.tettnang"
REVIEWER = "pruefung.teilhabe"
APPROVER = "zeichnung"
CASH = "referatsleitung"  # hands the ordered payments to the Landesoberkasse and confirms their execution


def granted_project(client, auth, **overrides) -> int:
    """The sample project (40.000 € of eligible costs, 12.000 € own and 4.000 € third-party funds) applied for by
    Tettnang and granted in full: 60 % × 40.000 € = 24.000 € (= the deficit 40.000 − 12.000 − 4.000)."""
    auth.login(CLERK)
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

"""Handing ordered payments to the state's cash office: one list (XLSX) and one SEPA credit transfer (pain.001).

Each ordered payment goes into exactly one export: the programme's row is locked while the export picks the
payments that are not exported yet, so two people pressing the button at once make one file and an empty refusal.
The SEPA file is written by ``sepaxml`` and validated against the pain.001.001.03 schema before it is stored.
"""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from sepaxml import SepaTransfer
from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from workflow import clock
from workflow.db import lock_row
from workflow.engine.programmes import settings_of
from workflow.programme_versions import active_version
from workflow.models import Application, CashExport, Procedure, Programme, User
from workflow.post_award.accounts import PAID_STATES, PAYMENT, payer_account_problem


class ExportRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def pending_payments(session: Session, programme: Programme) -> list[Procedure]:
    """Ordered payments of ``programme`` not yet handed to the cash office, oldest first."""
    return session.scalars(
        select(Procedure).join(Application, Application.id == Procedure.application_id)
        .where(Application.programme_id == programme.id, Procedure.kind == PAYMENT,
               Procedure.state.in_(PAID_STATES), Procedure.cash_export_id.is_(None))
        .options(contains_eager(Procedure.application))  # the list and the files show each case
        .order_by(Procedure.id)
    ).all()


def _reference(payment: Procedure) -> str:
    return f"{payment.application.file_number} Auszahlung {payment.number}"


def _sepa(session: Session, programme: Programme, payments: list[Procedure], execution: date) -> tuple[str, bytes]:
    """The message id sepaxml gave the file (stored as the export's name the cash office sees) and the file."""
    settings = settings_of(active_version(session, programme))
    transfer = SepaTransfer({"name": settings.payer_name, "IBAN": settings.payer_iban.replace(" ", ""),
                             "BIC": settings.payer_bic, "batch": True, "currency": "EUR"}, clean=True)
    for payment in payments:
        application = payment.application
        transfer.add_payment({
            "name": application.account_holder or application.applicant.name,
            "IBAN": (application.iban or "").replace(" ", ""),
            "BIC": application.bic or "",
            "amount": int((payment.amount * 100).to_integral_value()),
            "execution_date": execution,
            "description": _reference(payment),
            "endtoend_id": f"FW{payment.id:012d}",
        })
    return transfer.msg_id, transfer.export(validate=True)


def _xlsx(payments: list[Procedure]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Auszahlungen")
    sheet.append(["Aktenzeichen", "Vorgang", "Empfänger", "IBAN", "BIC", "Betrag (EUR)", "Haushaltsjahr", "Angeordnet am",
                  "Verwendungszweck"])
    for payment in payments:
        application = payment.application
        sheet.append([application.file_number, f"Auszahlung {payment.number}", application.account_holder or application.applicant.name,
                      application.iban, application.bic, payment.amount, payment.budget_year, payment.data.get("ordered_on"),
                      _reference(payment)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def create_export(session: Session, programme: Programme, actor: User) -> CashExport:
    """One export of every ordered, not yet exported payment of ``programme``; commits."""
    lock_row(session, Programme, programme.id)
    account_problem = payer_account_problem(settings_of(active_version(session, programme)))
    if account_problem:
        session.rollback()
        raise ExportRefused(account_problem)
    payments = pending_payments(session, programme)
    if not payments:
        session.rollback()
        raise ExportRefused("Es gibt keine angeordneten Auszahlungen, die noch nicht an die Kasse übergeben sind.")
    try:
        message_id, sepa = _sepa(session, programme, payments, clock.today())
    except Exception as error:  # sepaxml reports invalid accounts and schema errors as plain exceptions
        session.rollback()
        raise ExportRefused(f"Die SEPA-Datei ließ sich nicht erstellen: {error}. Bitte prüfen Sie die Bankverbindungen.") from None
    export = CashExport(programme_id=programme.id, created_by_id=actor.id, created_at=clock.now(), message_id=message_id,
                        count=len(payments), total=sum((p.amount for p in payments), Decimal("0.00")),
                        sepa_xml=sepa, xlsx=_xlsx(payments))
    session.add(export)
    session.flush()
    for payment in payments:
        payment.cash_export_id = export.id
    session.commit()
    return export

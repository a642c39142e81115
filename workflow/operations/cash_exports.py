"""Handing ordered payments to the state's cash office, and recording when it executed them.

One export is a list (XLSX) and a SEPA credit transfer (pain.001) of every ordered payment not yet handed over
that may go: the programme's row is locked while the export picks them, so two people pressing the button at once
make one file and an empty refusal. The SEPA file is written by ``sepaxml`` and validated against the
pain.001.001.03 schema before it is stored.

The export is a second control after the Anordnung: the person who ordered a payment does not hand it over
(four eyes), and a payment whose case now owes money back, or whose grant fell below what is paid and ordered,
is held back with the reason. An ordered payment is to be handed over within the programme's working days
(``cash_handover_days``): its period (``cash_handover``) is opened by the order, reminded by the sweep once it is
over, and closed by the export that hands the payment over. When the cash office confirms the transfer, ``confirm_execution`` records the day
the money left the Landeskasse for every payment of the export: from that day it is paid.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sepaxml import SepaTransfer
from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from workflow import clock
from workflow.db import lock_row
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import settings_of
from workflow.engine.transitions import perform_transition
from workflow.formatting import euro
from workflow.programmes.programme_versions import active_version
from workflow.models import Application, AuditEntry, CashExport, Deadline, Procedure, Programme, User
from workflow.workflows.post_award.accounts import ORDERED_STATE, PAYMENT, CaseMoney, cases_money, payer_account_problem
from workflow.exports.spreadsheets import XlsxTable


class ExportRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def pending_payments(session: Session, programme: Programme) -> list[Procedure]:
    """Ordered payments of ``programme`` not yet handed to the cash office, oldest first."""
    return session.scalars(
        select(Procedure)
        .join(Application, Application.id == Procedure.application_id)
        .where(
            Application.programme_id == programme.id,
            Procedure.kind == PAYMENT,
            Procedure.state == ORDERED_STATE,
            Procedure.cash_export_id.is_(None),
        )
        .options(contains_eager(Procedure.application))  # the list and the files show each case
        .order_by(Procedure.id)
    ).all()


HANDOVER = "cash_handover"


def _handover_deadlines(session: Session, payments: list[Procedure]):
    return (
        select(Deadline, AuditEntry.procedure_id)
        .join(AuditEntry, AuditEntry.id == Deadline.opened_by_entry_id)
        .where(
            AuditEntry.procedure_id.in_([payment.id for payment in payments]),
            Deadline.kind == HANDOVER,
            Deadline.status == Deadline.OPEN,
        )
    )


def handover_due_dates(session: Session, payments: list[Procedure]) -> dict[int, date]:
    """The last working day each of ``payments`` is to be handed over by, by payment id (ordered before the period
    existed: none)."""
    return {
        procedure_id: deadline.due_on
        for deadline, procedure_id in session.execute(_handover_deadlines(session, payments))
    }


def _close_handover_deadlines(session: Session, payments: list[Procedure], at: datetime) -> None:
    """The export hands the payments over: their periods end with it (the export is the record, not a step)."""
    for deadline, _ in session.execute(_handover_deadlines(session, payments)):
        deadline.status = Deadline.CLOSED
        deadline.closed_at = at


@dataclass
class Selection:
    """What an export by one person would carry, what it holds back and why, and what to look at twice."""

    payments: list[Procedure] = field(default_factory=list)
    held_back: list[tuple[Procedure, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def select_payments(session: Session, payments: list[Procedure], actor: User) -> Selection:
    selection = Selection()
    by_case = _by_case(payments)
    money = cases_money(session, [of_case[0].application for of_case in by_case.values()])
    for application_id, of_case in by_case.items():
        reason = _payment_stop(money[application_id])
        for payment in of_case:
            if reason is None and payment.data.get("ordered_by_id") == actor.id:
                selection.held_back.append(
                    (payment, "von Ihnen angeordnet: eine andere Person übergibt sie (Vier-Augen-Prinzip)")
                )
            elif reason is not None:
                selection.held_back.append((payment, reason))
            else:
                selection.payments.append(payment)
    selection.warnings = shared_accounts(payments)
    return selection


def _by_case(payments: list[Procedure]) -> dict[int, list[Procedure]]:
    grouped: dict[int, list[Procedure]] = defaultdict(list)
    for payment in payments:
        grouped[payment.application_id].append(payment)
    return grouped


def _payment_stop(money: CaseMoney) -> str | None:
    """Why none of the case's ordered payments may go now, or None."""
    if money.outstanding > 0:
        return f"Zahlungssperre: Der Fall schuldet eine Erstattung von {euro(money.outstanding)}."
    if money.paid + money.ordered > money.granted:
        return (
            f"Zahlungssperre: Ausgezahlt und angeordnet sind {euro(money.paid + money.ordered)}, bewilligt sind nur "
            f"noch {euro(money.granted)}."
        )
    return None


def shared_accounts(payments: list[Procedure]) -> list[str]:
    """One IBAN for two different recipients: possible (a shared cash office) but worth a second look."""
    recipients: dict[str, set[str]] = defaultdict(set)
    for payment in payments:
        application = payment.application
        recipients[(application.iban or "").replace(" ", "")].add(application.applicant.name)
    return [
        f"Die IBAN {iban} steht bei mehreren Empfängern: {', '.join(sorted(names))}. Bitte prüfen Sie die Bankverbindung."
        for iban, names in sorted(recipients.items())
        if iban and len(names) > 1
    ]


def _reference(payment: Procedure) -> str:
    return f"{payment.application.file_number} Auszahlung {payment.number}"


def _sepa(session: Session, programme: Programme, payments: list[Procedure], execution: date) -> tuple[str, bytes]:
    """The message id sepaxml gave the file (stored as the export's name the cash office sees) and the file."""
    settings = settings_of(active_version(session, programme))
    transfer = SepaTransfer(
        {
            "name": settings.payer_name,
            "IBAN": settings.payer_iban.replace(" ", ""),
            "BIC": settings.payer_bic,
            "batch": True,
            "currency": "EUR",
        },
        clean=True,
    )
    for payment in payments:
        application = payment.application
        transfer.add_payment(
            {
                "name": application.account_holder or application.applicant.name,
                "IBAN": (application.iban or "").replace(" ", ""),
                "BIC": application.bic or "",
                "amount": int((payment.amount * 100).to_integral_value()),
                "execution_date": execution,
                "description": _reference(payment),
                "endtoend_id": f"FW{payment.id:012d}",
            }
        )
    return transfer.msg_id, transfer.export(validate=True)


def _xlsx(payments: list[Procedure]) -> bytes:
    table = XlsxTable(
        "Auszahlungen",
        [
            "Aktenzeichen",
            "Vorgang",
            "Empfänger",
            "IBAN",
            "BIC",
            "Betrag (EUR)",
            "Haushaltsjahr (vorläufig)",
            "Angeordnet am",
            "Verwendungszweck",
        ],
    )
    for payment in payments:
        application = payment.application
        table.add(
            [
                application.file_number,
                f"Auszahlung {payment.number}",
                application.account_holder or application.applicant.name,
                application.iban,
                application.bic,
                payment.amount,
                payment.budget_year,
                payment.data.get("ordered_on"),
                _reference(payment),
            ]
        )
    return table.content()


def create_export(session: Session, programme: Programme, actor: User) -> CashExport:
    """One export of every ordered, not yet exported payment of ``programme``; commits."""
    lock_row(session, Programme, programme.id)
    account_problem = payer_account_problem(settings_of(active_version(session, programme)))
    if account_problem:
        session.rollback()
        raise ExportRefused(account_problem)
    pending = pending_payments(session, programme)
    if not pending:
        session.rollback()
        raise ExportRefused("Es gibt keine angeordneten Auszahlungen, die noch nicht an die Kasse übergeben sind.")
    selection = select_payments(session, pending, actor)
    payments = selection.payments
    if not payments:
        session.rollback()
        reasons = "; ".join(
            f"{p.application.file_number} Auszahlung {p.number}: {why}" for p, why in selection.held_back
        )
        raise ExportRefused(f"Keine der angeordneten Auszahlungen kann jetzt übergeben werden ({reasons}).")
    execution = clock.today()
    try:
        message_id, sepa = _sepa(session, programme, payments, execution)
    except Exception as error:  # sepaxml reports invalid accounts and schema errors as plain exceptions
        session.rollback()
        raise ExportRefused(
            f"Die SEPA-Datei ließ sich nicht erstellen: {error}. Bitte prüfen Sie die Bankverbindungen."
        ) from None
    export = CashExport(
        programme_id=programme.id,
        created_by_id=actor.id,
        created_at=clock.now(),
        message_id=message_id,
        execution_date=execution,
        count=len(payments),
        total=sum((p.amount for p in payments), Decimal("0.00")),
        sepa_xml=sepa,
        xlsx=_xlsx(payments),
    )
    session.add(export)
    session.flush()
    for payment in payments:
        payment.cash_export_id = export.id
    _close_handover_deadlines(session, payments, export.created_at)
    session.commit()
    return export


def confirm_execution(session: Session, export: CashExport, executed_on: str, actor: User) -> int:
    """Record for every payment of ``export`` still waiting that the cash office executed it on ``executed_on``
    (TT.MM.JJJJ); each payment is its own step. The number recorded; a refusal of the first names why."""
    waiting = [payment.id for payment in export.payments if payment.state == ORDERED_STATE]
    application_ids = {payment.id: payment.application_id for payment in export.payments}
    if not waiting:
        raise TransitionRefused("Alle Auszahlungen dieser Übergabe sind bereits als ausgeführt erfasst.", 409)
    for payment_id in waiting:
        perform_transition(
            session,
            application_ids[payment_id],
            "confirm_execution",
            actor,
            {"executed_on": executed_on},
            procedure_id=payment_id,
        )
    return len(waiting)

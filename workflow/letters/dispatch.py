"""Bekanntgabe per addressee (issue 23 no. 3): every copy of a Bescheid that goes to all parties gets a dispatch record.

A party with an account receives its copy electronically on the day of signing, so § 41 Abs. 2 LVwVfG gives its
Bekanntgabe at once. A member without an account gets nothing from Förderweg: the Bewilligungsstelle posts its copy
and records the Ab-Vermerk (or a signed Empfangsbekenntnis), and only then is its Bekanntgabe known. The case becomes
final one month after the latest Bekanntgabe of the decision's copies.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Optional

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from workflow import clock, deadlines
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de
from workflow.models import Application, Deadline, Document, LetterDispatch, User

_ORDINALS = {2: "zweiten", 3: "dritten", 4: "vierten", 5: "fünften"}


class DispatchRefused(ValueError):
    """An Ab-Vermerk that cannot be right; the message is German and says why."""


def has_account(session: Session, organisation_id: int) -> bool:
    return bool(session.scalar(select(exists().where(User.organisation_id == organisation_id, User.active.is_(True)))))


def pending_sentence(fiction_days: int) -> str:
    """What a copy that goes by post says instead of a date nobody knows when it is printed."""
    day = _ORDINALS.get(fiction_days, f"{fiction_days}.")
    return (
        "Dieser Bescheid wird Ihnen durch die Post übermittelt. Er gilt nach § 41 Abs. 2 LVwVfG am "
        f"{day} Tag nach der Aufgabe zur Post als bekannt gegeben; mit der Bekanntgabe beginnen die Klagefrist und "
        "die übrigen Fristen dieses Bescheids."
    )


def record_issued(
    session: Session, application: Application, stored: Iterable[Document], addressed: dict[int, int], today: date
) -> None:
    """A record per copy: electronic and notified for a party with an account, „Versand per Post ausstehend“ else."""
    fiction_days = case_settings(application).notification_fiction_days
    for document in stored:
        organisation_id = addressed.get(document.id, application.applicant_id)
        electronic = has_account(session, organisation_id)
        session.add(
            LetterDispatch(
                document_id=document.id,
                application_id=application.id,
                organisation_id=organisation_id,
                channel=LetterDispatch.ELECTRONIC if electronic else LetterDispatch.POST,
                sent_on=today if electronic else None,
                notified_on=deadlines.notification_date(today, fiction_days) if electronic else None,
            )
        )


def pending(session: Session, application_id: int) -> list[LetterDispatch]:
    return list(
        session.scalars(
            select(LetterDispatch)
            .where(LetterDispatch.application_id == application_id, LetterDispatch.sent_on.is_(None))
            .order_by(LetterDispatch.id)
        )
    )


def of_case(session: Session, application_id: int) -> list[LetterDispatch]:
    return list(
        session.scalars(
            select(LetterDispatch).where(LetterDispatch.application_id == application_id).order_by(LetterDispatch.id)
        )
    )


def record_dispatch(session: Session, dispatch: LetterDispatch, channel: str, day: Optional[date], actor: User) -> None:
    """The Ab-Vermerk (posted on ``day``) or the Empfangsbekenntnis (received on ``day``); the Bekanntgabe and the
    case's Klagefrist follow from it."""
    if dispatch.sent_on is not None:
        raise DispatchRefused("Der Versand dieser Ausfertigung ist bereits vermerkt.")
    if channel not in (LetterDispatch.POST, LetterDispatch.RECEIPT):
        raise DispatchRefused(
            "Bitte wählen Sie, ob die Ausfertigung per Post ging oder ein Empfangsbekenntnis vorliegt."
        )
    issued = dispatch.document.created_at.date()
    if day is None or day > clock.today() or day < issued:
        raise DispatchRefused(f"Bitte geben Sie einen Tag zwischen dem {date_de(issued)} (Ausfertigung) und heute an.")
    application = dispatch.document.application
    fiction_days = case_settings(application).notification_fiction_days
    dispatch.channel = channel
    dispatch.sent_on = day
    dispatch.notified_on = day if channel == LetterDispatch.RECEIPT else deadlines.notification_date(day, fiction_days)
    dispatch.recorded_by_id = actor.id
    dispatch.recorded_at = clock.now()
    session.flush()
    _settle_remedy(session, application)


def _settle_remedy(session: Session, application: Application) -> None:
    """The open Klagefrist ends one month after the latest Bekanntgabe among the copies of the letter that opened it."""
    remedy = session.scalar(
        select(Deadline).where(
            Deadline.application_id == application.id, Deadline.kind == "remedy", Deadline.status == Deadline.OPEN
        )
    )
    if remedy is None:
        return
    notified = session.scalars(
        select(LetterDispatch.notified_on)
        .join(Document, Document.id == LetterDispatch.document_id)
        .where(Document.audit_entry_id == remedy.opened_by_entry_id)
    ).all()
    if notified and None not in notified:
        months = case_settings(application).remedy_period_months
        remedy.due_on = max(remedy.due_on, deadlines.end_of_month_period(max(notified), months))


def unposted_problem(session: Session, application_id: int) -> Optional[str]:
    """Why a decision cannot be final yet: a copy still waits to be posted, so its Klagefrist has not begun."""
    waiting = pending(session, application_id)
    if not waiting:
        return None
    names = ", ".join(dispatch.organisation.name for dispatch in waiting)
    return f"Versand per Post ausstehend ({names}): die Klagefrist beginnt erst mit der Bekanntgabe."

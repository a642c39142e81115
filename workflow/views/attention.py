"""What needs the administration's attention now, for the top of its start page: each item says what is wrong, why
it matters and where to fix it. Nothing here changes anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.engine.programmes import settings_of
from workflow.formatting import date_de, datetime_de
from workflow.models import (
    AccountToken,
    AdminAuditEntry,
    OutgoingMail,
    PendingAllocationImport,
    PendingPopulationImport,
    RoleGrant,
)
from workflow.operations.base_rates import rate_history
from workflow.operations.conditions import in_force
from workflow.programmes.programme_versions import active_version
from workflow.views.shared import installed_programmes
from workflow.workflows.post_award.accounts import payer_account_problem

# An invitation that runs out within this time is worth a reminder to the person, or a new link.
INVITATION_WARNING = timedelta(days=3)
# Lockouts this recent may still hold someone up.
LOCKOUT_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Attention:
    text: str
    # Where it is fixed; empty where only the operator's command line fixes it (the text names the command).
    link: str = ""
    link_label: str = ""


def _half_year_start(day: date) -> date:
    # The Bundesbank publishes the Basiszinssatz for 1 January and 1 July (§ 247 Abs. 2 BGB).
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _base_rate(session: Session, today: date) -> list[Attention]:
    due = _half_year_start(today)
    if any(rate.valid_from >= due for rate in rate_history(session)):
        return []
    return [
        Attention(
            f"Der Basiszinssatz ab {date_de(due)} ist nicht eingetragen: Erstattungszinsen (§ 49a LVwVfG) für Tage ab "
            "diesem Datum lassen sich nicht berechnen, Widerrufs- und Änderungsbescheide mit Zinsen bleiben liegen.",
            url_for("base_rates.index"),
            "Basiszinssatz eintragen",
        )
    ]


def _mail(session: Session) -> list[Attention]:
    failing, oldest = session.execute(
        select(func.count(), func.min(OutgoingMail.created_at)).where(
            OutgoingMail.status == OutgoingMail.QUEUED, OutgoingMail.attempts > 0
        )
    ).one()
    if not failing:
        return []
    return [
        Attention(
            f"{failing} E-Mail(s) konnten noch nicht zugestellt werden (die älteste seit {datetime_de(oldest)}); "
            "Empfängerinnen erfahren so weder von Bescheiden noch von Fristen.",
            url_for("mail_queue.index"),
            "E-Mail-Versand prüfen",
        )
    ]


def _invitations(session: Session, now: datetime) -> list[Attention]:
    expiring = session.scalar(
        select(func.count()).where(
            AccountToken.purpose == AccountToken.INVITATION,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
            AccountToken.expires_at > now,
            AccountToken.expires_at <= now + INVITATION_WARNING,
        )
    )
    if not expiring:
        return []
    return [
        Attention(
            f"{expiring} Einladung(en) laufen in den nächsten {INVITATION_WARNING.days} Tagen ab, ohne dass ein "
            "Passwort gesetzt wurde; danach braucht die Person einen neuen Link.",
            url_for("users.index"),
            "Benutzer ansehen",
        )
    ]


def _imports(session: Session) -> list[Attention]:
    items = []
    for model, endpoint, what in (
        (PendingAllocationImport, "allocations.index", "Planungsrahmen"),
        (PendingPopulationImport, "population.index", "Einwohnerzahlen"),
    ):
        waiting = session.scalar(select(func.count()).select_from(model))
        if waiting:
            items.append(
                Attention(
                    f"{waiting} hochgeladene Tabelle(n) mit {what} warten auf die Bestätigung; bis dahin gelten die "
                    "bisherigen Zahlen.",
                    url_for(endpoint),
                    f"{what} prüfen",
                )
            )
    return items


def _lockouts(session: Session, now: datetime) -> list[Attention]:
    locked = session.scalar(
        select(func.count(func.distinct(AdminAuditEntry.subject_user_id))).where(
            AdminAuditEntry.action == "login_locked", AdminAuditEntry.created_at >= now - LOCKOUT_WINDOW
        )
    )
    if not locked:
        return []
    return [
        Attention(
            f"{locked} Konto(en) wurden in der letzten Stunde nach falschen Passwörtern gebremst. Wer von seinem "
            "gewohnten Arbeitsplatz kommt, kommt trotzdem hinein; häufen sich die Fälle, lohnt ein Blick ins Protokoll.",
            url_for("admin_audit.index", aktion="login_locked"),
            "Protokoll ansehen",
        )
    ]


def _first_leads(session: Session) -> list[Attention]:
    waiting = session.scalar(select(func.count()).where(RoleGrant.approved_at.is_(None)))
    if not waiting:
        return []
    return [
        Attention(
            f"{waiting} beantragte Rolle(n) im Integrationsmanagement warten auf die Zustimmung einer zweiten Person.",
            url_for("users.index"),
            "Benutzer ansehen",
        )
    ]


def _programmes(session: Session) -> list[Attention]:
    items = []
    for programme in installed_programmes(session):
        version = active_version(session, programme)
        settings_link = url_for("programme_settings.index", code=programme.code)
        if version is None:
            items.append(
                Attention(
                    f"{programme.name}: keine Fassung der Einstellungen gilt; Anträge sind nicht möglich.",
                    settings_link,
                    "Einstellungen ansehen",
                )
            )
            continue
        settings = settings_of(version)
        # A programme without payments after the grant has no payer account.
        problem = payer_account_problem(settings) if hasattr(settings, "payer_iban") else None
        if problem:
            items.append(Attention(f"{programme.name}: {problem}", settings_link, "Einstellungen ändern"))
    return items


def _conditions(session: Session, today: date) -> list[Attention]:
    """Every Bescheid annexes the ANBest in their wording; without it the annex prints placeholders."""
    items = []
    for code in ("ANBest-K", "ANBest-P"):
        version = in_force(session, code, today)
        if version is None or not version.complete:
            count = len(version.missing) if version is not None else 0
            gaps = f"bei {count} Nummern" if count else "ganz"
            items.append(
                Attention(
                    f"{code}: Der amtliche Wortlaut fehlt {gaps}; jeder Bescheid trägt bis dahin Platzhalter in der "
                    "Anlage und ist nicht zeichnungsreif. Der Betrieb lädt ihn mit „foerderweg nebenbestimmungen "
                    "import“ (siehe README)."
                )
            )
    return items


def needs_attention(session: Session, today: date, now: datetime) -> list[Attention]:
    return [
        *_conditions(session, today),
        *_base_rate(session, today),
        *_mail(session),
        *_programmes(session),
        *_imports(session),
        *_first_leads(session),
        *_invitations(session, now),
        *_lockouts(session, now),
    ]

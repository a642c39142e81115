"""The administration's audit: one append-only entry per administrative change, in the change's transaction,
and per security event of an account (logins, failed logins, lockouts, passwords, second factor, access tokens)."""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy.orm import Session

from workflow import clock
from workflow.models import AdminAuditEntry, User

# Events an account's owner (or someone trying it) causes, often without being logged in.
SECURITY_EVENT_LABELS = {
    "login": "Angemeldet",
    "login_failed": "Anmeldung fehlgeschlagen",
    "login_locked": "Anmeldung gebremst",
    "password_set": "Passwort über Link gesetzt",  # a label, not a secret  # nosec B105
    "password_reset_requested": "Link zum Zurücksetzen angefordert",  # a label, not a secret  # nosec B105
    "password_changed": "Passwort geändert",  # a label, not a secret  # nosec B105
    "second_factor_enrolled": "Zweiter Faktor eingerichtet",
    "token_created": "Zugangsschlüssel angelegt",  # a label, not a secret  # nosec B105
    "token_revoked": "Zugangsschlüssel widerrufen",  # a label, not a secret  # nosec B105
}
ACTION_LABELS = {
    "user_created": "Benutzer angelegt",
    "user_changed": "Benutzer geändert",
    "user_deactivated": "Benutzer deaktiviert",
    "user_reactivated": "Benutzer reaktiviert",
    "cases_reassigned": "Vorgänge übertragen",
    "case_taken": "Antrag übernommen",
    "cases_assigned": "Anträge zugewiesen",
    "invitation_sent": "Einladung versandt",
    "invitation_revoked": "Einladung widerrufen",
    "contacts_imported": "Kontakte eingespielt",
    "traeger_registered": "Freier Träger registriert",
    "second_factor_reset": "Zweiter Faktor zurückgesetzt",
    "mail_retried": "E-Mail erneut eingereiht",
    "programme_version_created": "Programmfassung angelegt",
    "programme_version_activated": "Programmfassung aktiviert",
    "base_rate_added": "Basiszinssatz eingetragen",
    "conditions_imported": "Nebenbestimmungen geladen",
    "first_lead_requested": "Erste Leitung Integrationsmanagement beantragt",
    "counselling_role_granted": "Rolle des Integrationsmanagements vergeben",
    "draft_deleted": "Antragsentwurf gelöscht",
    "directory_user_created": "Aus dem Verzeichnis angelegt",
    "directory_user_changed": "Rollen aus dem Verzeichnis übernommen",
    **SECURITY_EVENT_LABELS,
}


def record(
    session: Session,
    actor: Optional[User],
    action: str,
    summary: str,
    *,
    subject: Optional[User] = None,
    before: Optional[dict[str, Any]] = None,
    after: Optional[dict[str, Any]] = None,
) -> AdminAuditEntry:
    """Add the entry to the session; the caller's commit writes it together with the change it describes."""
    entry = AdminAuditEntry(
        actor_id=actor.id if actor else None,
        created_at=clock.now(),
        action=action,
        subject_user=subject,  # by relationship: a user added in the same transaction needs no flush first
        summary=summary,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only what differs, so that an entry reads as before → after."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def actor_label(entry: AdminAuditEntry) -> str:
    """Who did it: the person, else the command line, or nobody logged in for a security event (a failed login)."""
    if entry.actor is not None:
        return entry.actor.full_name
    return "nicht angemeldet" if entry.action in SECURITY_EVENT_LABELS else "Kommandozeile"

"""A freier Träger registers itself: the organisation with its legal form, register entry, address and
representative, and the first account of its Sachbearbeitung, which sets its password through the link it is mailed.

Public bodies are set up by the administration (they exist as reference data); a Verein, Verband or Stiftung
has no AGS and no Planungsrahmen, so it says itself who it is. It lies in the Gemeinde where it works: that gives it
its Kreis (the reviewers responsible) and its Regierungsbezirk (the court of its Bescheide). Nothing is stored
unless everything is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow import clock
from workflow.models import AccountToken, AdminAuditEntry, Organisation, Role, User, UserRole
from workflow.models.organisation import OrganisationKind
from workflow.models.user import NO_PASSWORD
from workflow.operations import account_links, admin_audit
from workflow.operations.logins import normalised_username
from workflow.text import clean_text
from workflow.workflows.standard.drafts import find_organisation

REGISTERED_ASSOCIATION = "eingetragener Verein"
# The legal forms of freie Träger the programmes name (VwV-Integration: Verbände, Vereine, Stiftungen, juristische
# Personen, Projektpartnerschaften); a register entry is required where a public register exists.
LEGAL_FORMS = {
    REGISTERED_ASSOCIATION: "VR",
    "Stiftung des bürgerlichen Rechts": None,
    "gemeinnützige GmbH": "HRB",
    "Genossenschaft": "GnR",
    "nicht eingetragener Verein oder Verband": None,
    "Projektpartnerschaft (GbR)": None,
}
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
_POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Registration:
    name: str
    legal_form: str
    register_entry: str
    street: str
    postcode: str
    city: str
    workplace: str  # the Gemeinde where it works: its key or name
    representative_title: str
    representative_name: str
    contact_name: str
    contact_email: str
    username: str


class RegistrationRefused(Exception):
    """German messages per form field; nothing was stored."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _problems(session: Session, data: Registration) -> tuple[dict[str, str], Optional[Organisation]]:
    errors = {}
    required = {
        "name": "den Namen des Trägers",
        "street": "Straße und Hausnummer",
        "city": "den Ort",
        "representative_name": "die vertretungsberechtigte Person",
        "contact_name": "Ihren Namen",
    }
    for field_name, what in required.items():
        if not clean_text(getattr(data, field_name)):
            errors[field_name] = f"Bitte geben Sie {what} an."
    if data.legal_form not in LEGAL_FORMS:
        errors["legal_form"] = "Bitte wählen Sie die Rechtsform."
    elif LEGAL_FORMS[data.legal_form] and LEGAL_FORMS[data.legal_form] not in data.register_entry.replace(" ", ""):
        errors["register_entry"] = (
            f"Bitte geben Sie das Registergericht und die Registernummer an, z. B. "
            f"„Amtsgericht Stuttgart {LEGAL_FORMS[data.legal_form]} 12345“."
        )
    if not _POSTCODE.match(data.postcode.strip()):
        errors["postcode"] = "Bitte geben Sie die fünfstellige Postleitzahl an."
    workplace = find_organisation(session, data.workplace) if clean_text(data.workplace) else None
    if workplace is None or workplace.kind != OrganisationKind.GEMEINDE:
        errors["workplace"] = (
            "Bitte wählen Sie die Gemeinde in Baden-Württemberg, in der Ihr Träger tätig ist "
            "(Name oder achtstelliger Gemeindeschlüssel)."
        )
    try:
        validate_email(data.contact_email.strip(), check_deliverability=False)
    except EmailNotValidError:
        errors["contact_email"] = "Bitte geben Sie eine gültige E-Mail-Adresse an."
    username = normalised_username(data.username)
    if not _USERNAME.match(username):
        errors["username"] = (
            "Der Benutzername hat 3 bis 80 Zeichen: Kleinbuchstaben, Ziffern, Punkt, Binde- oder "
            "Unterstrich, z. B. „elternverein.tettnang“."
        )
    elif session.scalar(select(User.id).where(func.lower(User.username) == username)) is not None:
        errors["username"] = f"Den Benutzernamen „{username}“ gibt es schon. Bitte wählen Sie einen anderen."
    if (
        not errors
        and session.scalar(
            select(Organisation.id).where(
                Organisation.kind == OrganisationKind.FREIER_TRAEGER,
                func.lower(Organisation.name) == data.name.strip().lower(),
                Organisation.register_entry == (clean_text(data.register_entry) or None),
            )
        )
        is not None
    ):
        errors["name"] = (
            "Dieser Träger ist schon registriert. Bitte wenden Sie sich an die Sachbearbeitung Ihres "
            "Trägers, damit sie Ihnen ein Konto einrichten lässt."
        )
    return errors, workplace


REGISTERED = "traeger_registered"


def registration_limit(session: Session, config, remote_address: str) -> Optional[str]:
    """Why no further registration is taken from ``remote_address`` now (None: go ahead), in German."""
    now = clock.now()
    recent = session.scalars(
        select(AdminAuditEntry.after).where(
            AdminAuditEntry.action == REGISTERED, AdminAuditEntry.created_at >= now - timedelta(days=1)
        )
    ).all()
    from_here = sum(1 for after in recent if (after or {}).get("remote_address") == remote_address)
    if from_here >= config["REGISTRATIONS_PER_ADDRESS_PER_DAY"]:
        return (
            "Von Ihrem Anschluss wurden heute schon mehrere Träger registriert. Bitte versuchen Sie es morgen erneut "
            "oder wenden Sie sich an die Bewilligungsstelle, die Ihren Träger auch selbst einrichten kann."
        )
    last_hour = session.scalar(
        select(func.count())
        .select_from(AdminAuditEntry)
        .where(AdminAuditEntry.action == REGISTERED, AdminAuditEntry.created_at >= now - timedelta(hours=1))
    )
    if last_hour >= config["REGISTRATIONS_PER_HOUR"]:
        return (
            "Gerade registrieren sich ungewöhnlich viele Träger; neue Registrierungen sind für eine Stunde "
            "angehalten. Bitte versuchen Sie es später erneut."
        )
    return None


def register(session: Session, data: Registration, remote_address: str) -> User:
    """The Träger and its first Sachbearbeitung, and the mail with the link to set the password; one commit."""
    errors, workplace = _problems(session, data)
    if errors:
        raise RegistrationRefused(errors)
    name = clean_text(data.name)
    organisation = Organisation(
        kind=OrganisationKind.FREIER_TRAEGER,
        name=name,
        authority_name=name,
        legal_form=data.legal_form,
        register_entry=clean_text(data.register_entry) or None,
        street=clean_text(data.street),
        postcode=data.postcode.strip(),
        city=clean_text(data.city),
        head_title=clean_text(data.representative_title) or None,
        head_name=clean_text(data.representative_name),
    )
    organisation.place_under(workplace)
    user = User(
        username=normalised_username(data.username),
        full_name=clean_text(data.contact_name),
        email=data.contact_email.strip(),
        organisation=organisation,
        password_hash=NO_PASSWORD,
        active=True,
        created_at=clock.now(),
        role_rows=[UserRole(role=Role.CLERK)],
    )
    session.add_all([organisation, user])
    session.flush()
    admin_audit.record(
        session,
        None,
        REGISTERED,
        f"{name} ({data.legal_form}, {organisation.register_entry or 'ohne Register'}) hat sich "
        f"registriert; Sachbearbeitung {user.full_name} ({user.username})",
        subject=user,
        # Where it came from: the limit of registrations per address counts these.
        after={"remote_address": remote_address},
    )
    account_links.send_link(session, user, AccountToken.INVITATION)
    session.commit()
    return user

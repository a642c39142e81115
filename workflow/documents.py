"""Word documents: rendered from the .docx templates in ``document_templates/``.

``render_document`` fills a programme's template for one document kind with
the context of a case. Rendering always escapes (docxtpl ``autoescape=True``)
and strips characters XML cannot carry, so whatever a user typed shows as
text and the file opens cleanly.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files
from io import BytesIO
from typing import Any, Optional

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

from forms.application import DECLARATIONS
from forms.base import strip_control_characters
from workflow import clock, deadlines, formatting
from workflow.uploads import safe_filename
from workflow.models import Application, User
from workflow.models.application import PROPOSAL_LABELS
from workflow.engine.programmes import definition_for


@dataclass(frozen=True)
class DocumentKind:
    title: str
    filename_stem: str


DOCUMENT_KINDS = {
    "application": DocumentKind("Antrag", "Antrag"),
    "receipt": DocumentKind("Eingangsbestätigung", "Eingangsbestaetigung"),
    "information_request": DocumentKind("Nachforderung", "Nachforderung"),
    "decision_proposal": DocumentKind("Entscheidungsvorschlag (Zeichnungsvorlage)", "Entscheidungsvorschlag"),
    "grant_notice": DocumentKind("Zuwendungsbescheid", "Zuwendungsbescheid"),
    "partial_grant_notice": DocumentKind("Zuwendungsbescheid (Teilbewilligung)", "Teilbewilligungsbescheid"),
    "rejection_notice": DocumentKind("Ablehnungsbescheid", "Ablehnungsbescheid"),
    "withdrawal_confirmation": DocumentKind("Bestätigung der Antragsrücknahme", "Ruecknahmebestaetigung"),
    "waiver_confirmation": DocumentKind("Bestätigung des Rechtsbehelfsverzichts", "Verzichtsbestaetigung"),
}


@dataclass(frozen=True)
class RenderedDocument:
    kind: str
    title: str
    filename: str
    template_name: str
    template_sha256: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def template_resource(programme_code: str, kind: str):
    return files("document_templates").joinpath(definition_for(programme_code).templates[kind])


@lru_cache(maxsize=1)
def _jinja_environment() -> Environment:
    environment = Environment(autoescape=True, undefined=StrictUndefined)
    environment.filters.update(formatting.FILTERS)
    return environment


def render_document(kind: str, context: dict[str, Any], programme_code: str) -> RenderedDocument:
    resource = template_resource(programme_code, kind)
    template_bytes = resource.read_bytes()
    template = DocxTemplate(BytesIO(template_bytes))
    template.render(_clean(context), jinja_env=_jinja_environment(), autoescape=True)
    output = BytesIO()
    template.save(output)
    document_kind = DOCUMENT_KINDS[kind]
    file_number = context.get("file_number") or "Entwurf"
    return RenderedDocument(
        kind=kind,
        title=document_kind.title,
        filename=safe_filename(f"{document_kind.filename_stem}_{file_number}.docx"),
        template_name=definition_for(programme_code).templates[kind],
        template_sha256=hashlib.sha256(template_bytes).hexdigest(),
        content=output.getvalue(),
    )


def _clean(value):
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


def paragraphs(text: Optional[str]) -> list[str]:
    """A user's multi-line text as paragraphs for a ``{%p for %}`` loop."""
    # Not str.splitlines(): that also splits at vertical tabs and other separators a user did not mean.
    lines = re.split(r"\r\n|\r|\n", strip_control_characters(text or ""))
    return [line.strip() for line in lines if line.strip()]


def case_context(
    application: Application, actor: User, today: date, payload: dict[str, Any], due_dates: dict[str, date]
) -> dict[str, Any]:
    """Everything any template may show about a case, already formatted in German.

    ``due_dates`` are the deadlines the transition opens (e.g. ``response``).
    """
    programme = application.programme
    authority = programme.authority if programme.routing == "central" else application.applicant.regierungsbezirk
    positions = application.positions
    funding_start = min((p.employment_start for p in positions), default=None)
    funding_end = max((p.funding_end for p in positions), default=None)
    proposal = application.proposals[-1] if application.proposals else None
    notified = deadlines.notification_date(today, programme.notification_fiction_days)
    members = application.member_organisations
    return {
        "today": formatting.date_de(today),
        "file_number": application.file_number or "",
        "submitted_on": formatting.date_de(application.submitted_at),
        "authority": {"name": authority.authority_name or authority.name, "lines": authority.postal_lines},
        "actor": {"name": actor.full_name, "email": actor.email},
        "programme": {
            "name": programme.name,
            "legal_basis": programme.legal_basis,
            "purpose": programme.purpose,
            "funding_months": programme.funding_months,
            "threshold": formatting.euro(programme.threshold),
            "remedy_text": programme.remedy_text,
            "rates": [
                {"category": r.category, "label": r.label, "amount": formatting.euro(r.amount_per_fte_year)}
                for r in programme.rates
            ],
        },
        "applicant": {
            "name": application.applicant.name,
            "ags": application.applicant.ags or "",
            "kind": application.applicant.kind_label,
            "lines": application.applicant.postal_lines,
        },
        "joint": application.is_joint,
        "consortium": {
            "name": application.consortium.name,
            "members": [{"name": org.name, "ags": org.ags or ""} for org in members],
            "member_names": ", ".join(org.name for org in members),
        }
        if application.is_joint
        else None,
        "recipient_name": application.display_name,
        "contact": {
            "name": application.contact_name or "",
            "phone": application.contact_phone or "",
            "email": application.contact_email or "",
        },
        "bank": {
            "holder": application.account_holder or "",
            "iban": formatting.iban(application.iban),
            "bic": application.bic or "",
            "name": application.bank_name or "",
        },
        "positions": [
            {
                "number": index,
                "person_name": p.person_name,
                "category": p.category,
                "category_label": programme.rate_for(p.category).label,
                "fte": formatting.fte(p.fte),
                "start": formatting.date_de(p.employment_start),
                "end": formatting.date_de(p.funding_end),
                "employer": p.employer_label,
                "amount": formatting.euro(p.amount),
            }
            for index, p in enumerate(positions, start=1)
        ],
        "funding_period": {"start": formatting.date_de(funding_start), "end": formatting.date_de(funding_end)},
        "amounts": {
            "computed": formatting.euro(application.computed_amount),
            "pooled": formatting.euro(application.pooled_allocation),
            "requested": formatting.euro(application.requested_amount),
            "granted": formatting.euro(application.granted_amount),
        },
        "decision": {
            "kind": proposal.kind if proposal else "",
            "kind_label": PROPOSAL_LABELS.get(proposal.kind, "") if proposal else "",
            "amount": formatting.euro(proposal.amount) if proposal else "",
            "reasons": paragraphs(proposal.reasons) if proposal else [],
            "proposed_by": proposal.proposed_by.full_name if proposal else "",
        },
        "declarations": list(DECLARATIONS.values()),
        "comment": paragraphs(payload.get("comment")),
        "response_due": formatting.date_de(due_dates.get("response")),
        "remedy_due": formatting.date_de(due_dates.get("remedy")),
        "notification_date": formatting.date_de(notified),
        "proof_of_use_due": formatting.date_de(
            deadlines.end_of_month_period(funding_end, programme.proof_of_use_months) if funding_end else None
        ),
        "created_at": formatting.datetime_de(clock.now()),
    }


"""Word documents: rendered from the templates a programme version holds.

``render_document`` fills the version's template for one document kind with
the context of a case (``case_context``), so that a case's letters always come
from the templates of the version it was submitted under. Rendering always escapes (docxtpl ``autoescape=True``)
and strips characters XML cannot carry, so whatever a user typed shows as
text and the file opens cleanly.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from io import BytesIO
from typing import Any, Callable, Optional

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

from workflow import clock, deadlines, formatting, summary
from workflow.courts import competent_court, court_context
from workflow.decision_letter import decision_context
from workflow.docx_compiled import TemplateCache
from workflow.engine.programmes import definition_for, settings_of
from workflow.engine.settings import fill_placeholders
from workflow.models import Application, ProgrammeTemplate, User
from workflow.models.application import PROPOSAL_LABELS
from workflow.text import strip_control_characters
from workflow.uploads import safe_filename


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
    # Issued with every Bescheid that grants: the ANBest-K, and for forwarded positions the conditions for the third party.
    "conditions_annex": DocumentKind("Anlage zum Bescheid: Nebenbestimmungen", "Anlage_Nebenbestimmungen"),
    # After the decision (``workflows.post_award``).
    "payment_notice": DocumentKind("Auszahlungsmitteilung", "Auszahlungsmitteilung"),
    "change_notice": DocumentKind("Änderungsbescheid", "Aenderungsbescheid"),
    "proof_check_note": DocumentKind("Prüfvermerk zum Verwendungsnachweis", "Pruefvermerk"),
    "revocation_notice": DocumentKind("Widerrufs- und Rückforderungsbescheid", "Widerrufsbescheid"),
}


@dataclass(frozen=True)
class RenderedDocument:
    kind: str
    title: str
    filename: str
    template_name: str
    template_sha256: str
    content: bytes
    # A consortium member's own copy: the organisation it is addressed to.
    addressed_to_id: Optional[int] = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@lru_cache(maxsize=1)
def jinja_environment() -> Environment:
    environment = Environment(autoescape=True, undefined=StrictUndefined)
    environment.filters.update(formatting.FILTERS)
    return environment


LETTER_CACHE = TemplateCache()


def render_template_bytes(template_bytes: bytes | Callable[[], bytes], context: dict[str, Any], title: str = "",
                          sha256: Optional[str] = None) -> bytes:
    """A filled Word file; raises on a tag the context lacks (StrictUndefined).

    The template is compiled once per content (``docx_compiled``: key the SHA-256 of its bytes; given
    ``sha256`` and the bytes as a function, they are read only to compile); a template
    the compiled path cannot take, or one that does not compile, goes through docxtpl itself
    (``render_with_docxtpl``), which then also reports the error with the lines around it.

    The file describes itself, not the template it came from: title and file number, the authority as
    author, the moment of issue, the programme and its version (no template keywords or description).
    """
    content = template_bytes if callable(template_bytes) else (lambda: template_bytes)
    try:
        if sha256 is not None:
            compiled = LETTER_CACHE.get_keyed(sha256, content, jinja_environment())
        else:
            compiled = LETTER_CACHE.get(content(), jinja_environment())
    except Exception:
        compiled = None
    if compiled is None:
        return render_with_docxtpl(content(), context, title)
    cleaned = _clean(context)
    return compiled.render(cleaned, (lambda properties: _describe(properties, title, cleaned)) if title else None)


def render_with_docxtpl(template_bytes: bytes, context: dict[str, Any], title: str = "") -> bytes:
    """The same file rendered by docxtpl from scratch: reads, cleans and compiles the template every time."""
    template = DocxTemplate(BytesIO(template_bytes))
    template.render(_clean(context), jinja_env=jinja_environment(), autoescape=True)
    if title:
        _describe(template.docx.core_properties, title, context)
    output = BytesIO()
    template.save(output)
    return output.getvalue()


def _describe(properties, title: str, context: dict[str, Any]) -> None:
    issued = clock.now().replace(tzinfo=None)
    file_number = context.get("file_number") or ""
    properties.title = f"{title} {file_number}".strip()
    properties.author = properties.last_modified_by = context["authority"]["name"]
    properties.created = properties.modified = issued
    properties.subject = f"{context['programme']['name']}, Fassung {context['programme']['version']}"
    properties.keywords = properties.comments = properties.category = ""
    properties.identifier = file_number
    properties.revision = 1


def addressee(organisation) -> dict[str, Any]:
    return {"id": organisation.id, "name": organisation.name, "lines": organisation.postal_lines}


def render_document(kind: str, context: dict[str, Any], template: ProgrammeTemplate) -> RenderedDocument:
    """Render the version's template of ``kind``; the stored document names the template it came from.

    With ``copy_for`` in the context it is a consortium member's own copy, so its title and file name say whose.
    """
    document_kind = DOCUMENT_KINDS[kind]
    copy_for = context.get("copy_for")
    title = f"{document_kind.title} – Ausfertigung für {copy_for['name']}" if copy_for else document_kind.title
    # Keyed by the stored SHA-256: the template's bytes (a deferred column) are read only when not compiled yet.
    content = render_template_bytes(lambda: template.content, context, title, sha256=template.sha256)
    file_number = context.get("file_number") or "Entwurf"
    return RenderedDocument(
        kind=kind,
        title=title,
        filename=safe_filename(f"{document_kind.filename_stem}_{file_number}"
                               + (f"_Ausfertigung_{copy_for['name']}" if copy_for else "") + ".docx"),
        template_name=template.filename,
        template_sha256=template.sha256,
        content=content,
        addressed_to_id=copy_for["id"] if copy_for else None,
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


def _positions(definition, settings, positions) -> list[dict[str, Any]]:
    """Each position for the letters: the engine's columns and the programme's values (``summary``)."""
    return [
        {
            "number": row.number,
            "person_name": row.person_name,
            "fte": formatting.fte(row.fte),
            "start": formatting.date_de(row.funding_start),
            "end": formatting.date_de(row.funding_end),
            "employment_start": formatting.date_de(row.employment_start),
            "amount": formatting.euro(row.amount),
            **row.values,
        }
        for row in summary.case_positions(definition, settings, positions)
    ]


def case_context(
    session, application: Application, actor: User, today: date, payload: dict[str, Any], due_dates: dict[str, date]
) -> dict[str, Any]:
    """Everything any template may show about a case, already formatted in German.

    ``due_dates`` are the deadlines the transition opens (e.g. ``response``).
    Programme-specific values are under ``details`` (from the programme's rules).
    """
    programme = application.programme
    version = application.programme_version
    definition = definition_for(programme.code)
    settings = settings_of(version)
    authority = programme.authority if programme.routing == "central" else application.applicant.regierungsbezirk
    positions = application.positions
    funding_start = min((p.funding_start for p in positions), default=None)
    funding_end = max((p.funding_end for p in positions), default=None)
    proposal = application.proposals[-1] if application.proposals else None
    notified = deadlines.notification_date(today, settings.notification_fiction_days)
    members = application.member_organisations
    court = court_context(competent_court(application.applicant))
    return {
        "today": formatting.date_de(today),
        "file_number": application.file_number or "",
        "submitted_on": formatting.date_de(application.submitted_at),
        "authority": {"name": authority.authority_name or authority.name, "lines": authority.postal_lines},
        "actor": {"name": actor.full_name, "email": actor.email},
        # Who handles the case at the authority (the reviewer who took it), for „Bearbeitet von“; before that, the actor.
        "case_officer": {"name": (application.reviewer or actor).full_name, "email": (application.reviewer or actor).email},
        "programme": {
            "name": programme.name,
            "legal_basis": settings.legal_basis,
            "purpose": settings.purpose,
            "remedy_text": fill_placeholders(settings.remedy_text, {"gericht": court["name"], "anschrift": court["address"]}),
            "version": str(version.number),
        },
        "applicant": {
            "name": application.applicant.name,
            "ags": application.applicant.ags or "",
            "kind": application.applicant.kind_label,
            "lines": application.applicant.postal_lines,
        },
        "court": court,
        "joint": application.is_joint,
        "consortium": {
            "name": application.consortium.name,
            "members": [{"name": org.name, "ags": org.ags or ""} for org in members],
            "member_names": ", ".join(org.name for org in members),
        }
        if application.is_joint
        else None,
        # The consortium's name, or the body as letters address it („Stadt Tettnang“).
        "recipient_name": application.consortium.name if application.consortium is not None
        else application.applicant.addressee,
        # A consortium member's own copy of a Bescheid is addressed to it (see ``render_document``).
        "copy_for": None,
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
        "positions": _positions(definition, settings, positions),
        "funding_period": {"start": formatting.date_de(funding_start), "end": formatting.date_de(funding_end)},
        "amounts": {
            "computed": formatting.euro(application.computed_amount),
            "requested": formatting.euro(application.requested_amount),
            "granted": formatting.euro(application.granted_amount),
        },
        "decision": {
            "kind": proposal.kind if proposal else "",
            "kind_label": PROPOSAL_LABELS.get(proposal.kind, "") if proposal else "",
            "amount": formatting.euro(proposal.amount) if proposal else "",
            "reasons": paragraphs(proposal.reasons) if proposal else [],
            "proposed_by": proposal.proposed_by.full_name if proposal else "",
            **decision_context(definition, settings, proposal, settings.proof_of_use_months),
        },
        "declarations": [text for _, text in definition.schema.declarations],
        # Remedy waivers declared so far: for whom, by whom, in what capacity, when.
        "waivers": [
            {"organisation": waiver.organisation.name, "declarant": waiver.declarant_name,
             "capacity": waiver.capacity_label, "date": formatting.date_de(waiver.declared_at)}
            for waiver in application.remedy_waivers
        ],
        "comment": paragraphs(payload.get("comment")),
        "response_due": formatting.date_de(due_dates.get("response")),
        "remedy_due": formatting.date_de(due_dates.get("remedy")),
        "notification_date": formatting.date_de(notified),
        "proof_of_use_due": formatting.date_de(
            deadlines.end_of_month_period(funding_end, settings.proof_of_use_months) if funding_end else None
        ),
        "created_at": formatting.datetime_de(clock.now()),
        "details": {
            **{spec.name: spec.display(application.details.get(spec.name), settings) for spec in definition.schema.application_fields},
            **definition.rules.document_details(session, settings, application),
        },
    }

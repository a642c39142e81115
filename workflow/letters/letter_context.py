"""What a letter may show about a case: the context the Word templates are filled with, formatted in German."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Collection, Optional

from workflow import clock, deadlines, formatting
from workflow.letters import letter_blocks, summary
from workflow.letters.conditions import conditions_context
from workflow.letters.dispatch import pending_sentence
from workflow.letters.documents import third_person
from workflow.reference.authorities import deciding_authority
from workflow.letters.decision_letter import decision_context
from workflow.engine.programmes import definition_for, settings_of
from workflow.engine.settings import fill_placeholders
from workflow.models import Application, User
from workflow.text import strip_control_characters

# The names built from the case's positions (a programme's details may count them, too): read from the database
# only where a template to fill reads one of them, as are the decision and the waivers.
_FROM_POSITIONS = ("positions", "funding_period", "proof_of_use_due", "details")


def paragraphs(text: Optional[str]) -> list[str]:
    """A user's multi-line text as paragraphs for a ``{%p for %}`` loop."""
    # Not str.splitlines(): that also splits at vertical tabs and other separators a user did not mean.
    lines = re.split(r"\r\n|\r|\n", strip_control_characters(text or ""))
    return [line.strip() for line in lines if line.strip()]


def _positions(definition, settings, positions) -> list[dict[str, Any]]:
    """Each measure for the letters: the engine's columns and the programme's values (``summary``)."""
    return [
        {
            "number": row.number,
            "label": row.label,
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
    session,
    application: Application,
    actor: User,
    today: date,
    payload: dict[str, Any],
    due_dates: dict[str, date],
    names: Optional[Collection[str]] = None,
) -> dict[str, Any]:
    """Everything any template may show about a case, already formatted in German.

    ``due_dates`` are the deadlines the transition opens (e.g. ``response``).
    Programme-specific values are under ``details`` (from the programme's rules). Given ``names``, the names
    the templates to fill read (``documents.names_read``), what costs a read of the database is left out
    where none of them reads it.
    """

    def read(*wanted: str) -> bool:
        return names is None or any(name in names for name in wanted)

    programme = application.programme
    version = application.programme_version
    definition = definition_for(programme.code)
    settings = settings_of(version)
    authority = deciding_authority(application).context()
    court = authority["court"]
    notified = deadlines.notification_date(today, settings.notification_fiction_days)
    members = application.member_organisations
    context = {
        "today": formatting.date_de(today),
        "file_number": application.file_number or "",
        "submitted_on": formatting.date_de(application.submitted_at),
        **authority,
        "actor": {"name": actor.full_name, "email": actor.email},
        # Who handles the case at the authority, for „Bearbeitet von“: the reviewer, before one took it the Referat.
        "case_officer": letter_blocks.case_officer(application.reviewer, authority["authority"], settings),
        "programme": {
            "name": programme.name,
            "legal_basis": settings.legal_basis,
            "purpose": settings.purpose,
            "remedy_text": fill_placeholders(
                settings.remedy_text, {"gericht": court["name"], "anschrift": court["address"]}
            ),
            "version": str(version.number),
        },
        "applicant": {
            "name": application.applicant.name,
            "ags": application.applicant.ags or "",
            "kind": application.applicant.kind_label,
            "lines": application.applicant.postal_lines,
            # For a member's copy, which speaks of the lead in the third person.
            **third_person(application.applicant),
        },
        "joint": application.is_joint,
        "consortium": {
            "name": application.consortium.name,
            "members": [{"name": org.name, "ags": org.ags or ""} for org in members],
            "member_names": ", ".join(org.name for org in members),
        }
        if application.is_joint
        else None,
        # The consortium's name, or the body as letters address it („Stadt Tettnang“).
        "recipient_name": application.consortium.name
        if application.consortium is not None
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
        "amounts": {
            "computed": formatting.euro(application.computed_amount),
            "requested": formatting.euro(application.requested_amount),
            "granted": formatting.euro(application.granted_amount),
        },
        "declarations": [text for _, text in definition.schema.declarations],
        "comment": paragraphs(payload.get("comment")),
        "response_due": formatting.date_de(due_dates.get("response")),
        "remedy_due": formatting.date_de(due_dates.get("remedy")),
        "notification_date": formatting.date_de(notified),
        # Printed instead where the copy goes by post and its day is not known yet (``step_letters``).
        "notification_pending": pending_sentence(settings.notification_fiction_days),
        "created_at": formatting.datetime_de(clock.now()),
    }
    if read(*_FROM_POSITIONS):
        context.update(_from_positions(session, application, definition, settings))
    if read("privacy"):
        context["privacy"] = letter_blocks.privacy(authority["authority"], settings)
    if read("budget"):
        funding_end = max((p.funding_end for p in application.positions if p.funding_end), default=None)
        context["budget"] = letter_blocks.budget(settings, funding_end, today)
    if read("decision"):
        context["decision"] = _decision(application, definition, settings)
    if read("conditions"):
        # The version in force on the day the letter is issued (signed): the annex quotes it, never a later one.
        context["conditions"] = conditions_context(session, today, settings)
    if read("waivers"):
        # Remedy waivers declared so far: for whom, by whom, in what capacity, when.
        context["waivers"] = [
            {
                "organisation": waiver.organisation.name,
                "declarant": waiver.declarant_name,
                "capacity": waiver.capacity_label,
                "date": formatting.date_de(waiver.declared_at),
            }
            for waiver in application.remedy_waivers
        ]
    return context


def _from_positions(session, application: Application, definition, settings) -> dict[str, Any]:
    positions = application.positions
    funding_start = min((p.funding_start for p in positions if p.funding_start), default=None)
    funding_end = max((p.funding_end for p in positions if p.funding_end), default=None)
    return {
        "positions": _positions(definition, settings, positions),
        "funding_period": {"start": formatting.date_de(funding_start), "end": formatting.date_de(funding_end)},
        "proof_of_use_due": formatting.date_de(
            deadlines.end_of_month_period(funding_end, settings.proof_of_use_months) if funding_end else None
        ),
        "details": {
            **{
                spec.name: spec.display(application.details.get(spec.name), settings)
                for spec in definition.schema.application_fields
            },
            **definition.rules.document_details(session, settings, application),
        },
    }


def _decision(application: Application, definition, settings) -> dict[str, Any]:
    proposal = application.proposals[-1] if application.proposals else None
    return {
        "kind": proposal.kind if proposal else "",
        "kind_label": proposal.decision_label if proposal else "",
        "amount": formatting.euro(proposal.amount) if proposal else "",
        "reasons": paragraphs(proposal.reasons) if proposal else [],
        "proposed_by": proposal.proposed_by.full_name if proposal else "",
        **decision_context(definition, settings, proposal, settings.proof_of_use_months),
    }

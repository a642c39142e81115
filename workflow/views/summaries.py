"""What ``cases/_summary.html`` shows of an application: from a submitted case, or from a draft before submission."""

from __future__ import annotations

from workflow import formatting
from workflow.engine.programmes import case_settings, definition_for
from workflow.engine.settings import to_json
from workflow.letters import summary


def summary_of_case(application, allocations) -> dict:
    """What ``cases/_summary.html`` shows, from a submitted case."""
    definition = definition_for(application.programme.code)
    settings = case_settings(application)
    return {
        "applicant": application.applicant,
        "joint": application.is_joint,
        "consortium_name": application.consortium.name if application.is_joint else None,
        "members": application.member_organisations,
        "per_organisation": allocations,
        "contact_name": application.contact_name,
        "contact_phone": application.contact_phone,
        "contact_email": application.contact_email,
        "account_holder": application.account_holder,
        "iban": formatting.iban(application.iban),
        "bic": application.bic,
        "schema": definition.schema,
        "application_values": summary.application_values(definition, settings, application.details),
        "positions": summary.case_positions(definition, settings, application.positions),
    }


def summary_of_draft(application, data, figures, members) -> dict:
    """What ``cases/_summary.html`` shows, from a validated draft before submission."""
    definition = definition_for(application.programme.code)
    return {
        "applicant": application.applicant,
        "joint": data.joint,
        "consortium_name": data.consortium_name,
        "members": members,
        "per_organisation": figures.per_organisation,
        "contact_name": data.contact_name,
        "contact_phone": data.contact_phone,
        "contact_email": data.contact_email,
        "account_holder": data.account_holder,
        "iban": formatting.iban(data.iban),
        "bic": data.bic,
        "schema": definition.schema,
        "application_values": summary.application_values(definition, case_settings(application), to_json(data.details)),
        "positions": summary.draft_positions(definition, case_settings(application), figures),
    }

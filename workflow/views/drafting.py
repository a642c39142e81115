"""What the application pages know beyond the typed data: the programmes open to an organisation, the application
that already binds it in a programme, the contact person of its last application, and a draft's title as lists
show it."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock, formatting
from workflow.engine.programmes import definition_for, settings_of, state_labels
from workflow.engine.schema import TEXT
from workflow.workflows.standard.drafts import entry_count
from workflow.models import Application, Participation
from workflow.programmes.programme_versions import active_version
from workflow.views.shared import installed_programmes

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


def programme_offers(session, organisation) -> list[dict]:
    """Every programme with an active version: its window today and what applies to ``organisation``."""
    rows = []
    for programme in installed_programmes(session):
        version = active_version(session, programme)
        if version is None:
            continue
        definition = definition_for(programme.code)
        if definition.refusal_for(organisation):
            continue
        settings = settings_of(version)
        bound = binding_application(session, programme.id, organisation.id)
        rows.append(
            {
                "programme": programme,
                "definition": definition,
                "window": definition.rules.window_text(settings, clock.today()),
                "status": definition.rules.applicant_status(session, programme, settings, organisation),
                "bound": bound_warning(bound, organisation.id) if bound is not None else None,
            }
        )
    return rows


def binding_application(session: Session, programme_id: int, organisation_id: int) -> Optional[Application]:
    """The application of the programme that binds the organisation (its own, or a consortium's it joined)."""
    return session.scalar(
        select(Application)
        .join(Participation, Participation.application_id == Application.id)
        .where(Participation.programme_id == programme_id, Participation.organisation_id == organisation_id)
    )


def bound_warning(application: Application, organisation_id: int) -> str:
    """Why the organisation cannot submit a second application of the programme, naming the one that binds it.

    The rule is the one the submission enforces (``membership.bind_participants``): one live application per
    organisation and programme, alone or in one consortium."""
    if application.applicant_id == organisation_id:
        part = "mit dem eigenen Antrag"
    else:
        part = (
            f"als Mitglied des Zusammenschlusses „{application.consortium.name}“ "
            f"(federführend: {application.applicant.name})"
        )
    status = state_labels().get(application.state, application.state)
    return (
        f"Ihre Kommune ist in diesem Programm bereits gebunden: {part}, Antrag {application.file_number}, "
        f"Status „{status}“. Eine Kommune kann in einem Programm nur an einem Antrag beteiligt sein – allein oder "
        "in einem Zusammenschluss."
    )


def last_contact(session: Session, organisation_id: int) -> dict[str, str]:
    """The contact person of the organisation's last submitted application, to prefill a new one."""
    last = session.execute(
        select(Application.contact_name, Application.contact_phone, Application.contact_email)
        .where(Application.applicant_id == organisation_id, Application.submitted_at.is_not(None))
        .order_by(Application.submitted_at.desc(), Application.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return {}
    return {name: value for name, value in zip(CONTACT_FIELDS, last) if value}


def draft_title(application: Application) -> str:
    """A draft as a person tells it apart from others: a name from the typed data (the consortium, the project's
    title, or the first measures' labels), when it was made and when last changed (never „Entwurf Nr. 3“)."""
    schema = definition_for(application.programme.code).schema
    data = application.draft_data or {}
    named = str(data.get("consortium_name") or "").strip() if data.get("joint") == "joint" else ""
    titled = next(
        (str(data.get(spec.name) or "").strip() for spec in schema.application_fields if spec.kind == TEXT), ""
    )
    labels = [
        label
        for index in range(entry_count(data, "positions"))
        if (label := str(data.get(f"positions-{index}-{schema.measure_shape.label_field}") or "").strip())
    ]
    shown = ", ".join(labels[:2]) + (f" und {len(labels) - 2} weitere" if len(labels) > 2 else "")
    label = named or titled or shown or "noch ohne Namen"
    return (
        f"„{label}“, angelegt am {formatting.date_de(application.created_at)}, "
        f"zuletzt geändert am {formatting.datetime_de(application.updated_at)}"
    )

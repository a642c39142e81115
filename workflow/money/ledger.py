"""What is allocated, requested and granted, in exact decimal (read side)."""

from __future__ import annotations

from decimal import Decimal
from dataclasses import dataclass
from typing import Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.models import Allocation, AllocationVersion, Application, Organisation, Participation, Programme

ZERO = Decimal("0.00")


def current_version(session: Session, programme: Programme) -> Optional[AllocationVersion]:
    return session.scalars(
        select(AllocationVersion).where(
            AllocationVersion.programme_id == programme.id, AllocationVersion.is_current.is_(True)
        )
    ).first()


def row_counts(session: Session, version_ids: Iterable[int]) -> dict[int, int]:
    """How many allocations each version holds."""
    rows = session.execute(
        select(Allocation.version_id, func.count())
        .where(Allocation.version_id.in_(list(version_ids)))
        .group_by(Allocation.version_id)
    )
    return dict(rows.all())


@dataclass(frozen=True)
class AllocationChanges:
    """What importing a table would change against the current Planungsrahmen."""

    added: int
    # (key, name, amount now, amount in the table) of every organisation whose amount would change.
    changed: list[tuple[str, str, Decimal, Decimal]]
    unchanged: int
    # (key, name, amount) of organisations that have a Planungsrahmen now and none in the table.
    dropped: list[tuple[str, str, Decimal]]


def changes_against_current(session: Session, programme: Programme, amounts: dict[str, Decimal]) -> AllocationChanges:
    """Compare ``amounts`` (by official key) with the programme's current allocations."""
    allocations = current_allocations(programme)
    current = session.execute(
        select(Organisation.ags, Organisation.name, allocations.c.amount)
        .join(allocations, allocations.c.organisation_id == Organisation.id)
        .order_by(Organisation.ags)
    ).all()
    now = {ags: amount for ags, _, amount in current}
    changed = [
        (ags, name, amount, amounts[ags]) for ags, name, amount in current if ags in amounts and amounts[ags] != amount
    ]
    return AllocationChanges(
        added=sum(1 for ags in amounts if ags not in now),
        changed=changed,
        unchanged=sum(1 for ags in amounts if ags in now) - len(changed),
        dropped=[(ags, name, amount) for ags, name, amount in current if ags not in amounts],
    )


def open_cases_of(
    session: Session, programme: Programme, ags_keys: Iterable[str], states: Iterable[str]
) -> list[Application]:
    """The applications in ``states`` that bind an organisation with one of ``ags_keys`` (as applicant or member)."""
    keys = list(ags_keys)
    if not keys:
        return []
    bound = (
        select(Participation.application_id)
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .where(Participation.programme_id == programme.id, Organisation.ags.in_(keys))
    )
    return list(
        session.scalars(
            select(Application)
            .where(Application.id.in_(bound), Application.state.in_(list(states)))
            .order_by(Application.file_number)
        )
    )


def current_allocations(programme: Programme):
    """The programme's current allocations as a subquery (organisation_id, amount)."""
    return (
        select(Allocation.organisation_id, Allocation.amount)
        .join(AllocationVersion, Allocation.version_id == AllocationVersion.id)
        .where(AllocationVersion.programme_id == programme.id, AllocationVersion.is_current.is_(True))
        .subquery()
    )


def allocations_by_organisation(
    session: Session, programme: Programme, organisation_ids: Iterable[int]
) -> dict[int, Decimal]:
    """The current Planungsrahmen of each given organisation (missing ones have none)."""
    ids = list(organisation_ids)
    if not ids:
        return {}
    allocations = current_allocations(programme)
    rows = session.execute(
        select(allocations.c.organisation_id, allocations.c.amount).where(allocations.c.organisation_id.in_(ids))
    )
    return dict(rows.all())


def pooled_allocation(session: Session, programme: Programme, organisation_ids: Iterable[int]) -> Decimal:
    return sum(allocations_by_organisation(session, programme, organisation_ids).values(), ZERO)


def granted_total(session: Session, programme: Programme) -> Decimal:
    total = session.scalar(select(func.sum(Application.granted_amount)).where(Application.programme_id == programme.id))
    return total if total is not None else ZERO


@dataclass(frozen=True)
class PooledLimit:
    """An application's own limit: its pooled Planungsrahmen, and what other applications pooling any of its
    organisations were granted already."""

    pooled: Decimal
    already_granted: Decimal


def pooled_limits(
    session: Session, programme: Programme, organisations_of: dict[int, set[int]]
) -> dict[int, PooledLimit]:
    """The limit of each application id in ``organisations_of`` (its pooled organisations), in two statements
    for any number of applications: a signing round reads its whole list at once."""
    every = set().union(*organisations_of.values())
    allocations = allocations_by_organisation(session, programme, every)
    granted_by_organisation: dict[int, tuple[int, Decimal]] = {
        organisation_id: (application_id, amount)
        for organisation_id, application_id, amount in session.execute(
            select(Participation.organisation_id, Application.id, Application.granted_amount)
            .join(Application, Application.id == Participation.application_id)
            .where(
                Participation.programme_id == programme.id,
                Participation.organisation_id.in_(list(every)),
                Application.granted_amount.is_not(None),
            )
        )
    }
    limits = {}
    for application_id, organisation_ids in organisations_of.items():
        # An organisation takes part in one application per programme; one pooling several counts once.
        others = dict(granted_by_organisation[o] for o in organisation_ids if o in granted_by_organisation)
        others.pop(application_id, None)
        limits[application_id] = PooledLimit(
            pooled=sum((allocations.get(o, ZERO) for o in organisation_ids), ZERO),
            already_granted=sum(others.values(), ZERO),
        )
    return limits


def application_organisation_ids(application: Application) -> set[int]:
    """The lead and, for a consortium, every member: whose allocations are pooled."""
    ids = {application.applicant_id}
    if application.consortium is not None:
        ids |= application.consortium.organisation_ids
    return ids

"""Consortia (Zusammenschlüsse) as lists: who leads, who belongs, and their pooled Planungsrahmen now."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workflow.money import ledger
from workflow import permissions
from workflow.money.ledger import ZERO
from workflow.models import Application, Consortium, ConsortiumMember, Organisation, Programme, User
from workflow.views.pagination import Paged, paginate


@dataclass(frozen=True)
class ConsortiumLine:
    application: Application
    # Every member, the lead first, then by name; each with its current Planungsrahmen.
    members: Sequence[tuple[Organisation, Decimal]]

    @property
    def consortium(self) -> Consortium:
        return self.application.consortium

    @property
    def pooled(self) -> Decimal:
        return sum((amount for _, amount in self.members), ZERO)

    @property
    def kreise(self) -> list[str]:
        """The Kreise the members lie in (more than one: across Kreis borders)."""
        return sorted({org.kreis.name for org, _ in self.members if org.kreis is not None})


def consortium_page(session: Session, user: User, programme: Programme, page: int, size: int) -> Paged:
    """The consortia of the submitted applications ``user`` may see, newest first; a fixed number of queries."""
    applications = paginate(
        session,
        select(Application)
        .where(
            Application.programme_id == programme.id,
            Application.consortium_id.is_not(None),
            Application.state != "draft",
            permissions.visible_applications(user),
        )
        .options(
            selectinload(Application.consortium)
            .selectinload(Consortium.members)
            .joinedload(ConsortiumMember.organisation)
            .joinedload(Organisation.kreis)
        )
        .order_by(Application.submitted_at.desc(), Application.id.desc()),
        page,
        size,
    )
    member_ids = {m.organisation_id for a in applications.items for m in a.consortium.members}
    amounts = ledger.allocations_by_organisation(session, programme, member_ids)
    lines = [
        ConsortiumLine(
            application=application,
            members=sorted(
                ((m.organisation, amounts.get(m.organisation_id, ZERO)) for m in application.consortium.members),
                key=lambda item: (item[0].id != application.consortium.lead_id, item[0].name),
            ),
        )
        for application in applications.items
    ]
    return Paged(items=lines, total=applications.total, number=applications.number, size=applications.size)

"""The lists beside the cases: notifications, programmes, organisations, allocations and the ledger."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask_smorest import abort
from sqlalchemy import or_, select

from workflow.money import budget
from workflow import permissions
from workflow.api.blueprint import api_blueprint
from workflow.api.paging import page_answer, page_of
from workflow.api.schemas import (
    AllocationOut,
    Amount,
    CaseOut,
    LedgerOut,
    NotificationOut,
    OrganisationOut,
    OrganisationQuery,
    PageQuery,
    ProgrammeOut,
    page_schema,
)
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.models import Allocation, AllocationVersion, Organisation, Programme
from workflow.views.pagination import paginate
from workflow.search.queries import notification_page
from workflow.views.shared import installed_programmes

bp = api_blueprint("api_catalogue", __name__, "Benachrichtigungen, Programme, Kommunen, Haushalt")


class LedgerLineOut(ma.Schema):
    organisations = ma.fields.List(ma.fields.Nested(OrganisationOut))
    case = ma.fields.Nested(CaseOut, attribute="application", allow_none=True)
    allocated = Amount(attribute="figures.allocated")
    requested = Amount(attribute="figures.requested")
    granted = Amount(attribute="figures.granted")


class LedgerPageOut(LedgerOut):
    budget = Amount()
    requested_total = Amount()
    lines = ma.fields.List(ma.fields.Nested(LedgerLineOut))
    next_cursor = ma.fields.String(allow_none=True)


def _programme(code: str) -> Programme:
    programme = next((p for p in installed_programmes(db.session) if p.code == code), None)
    if programme is None:
        abort(404, message=f"Ein Programm „{code}“ gibt es nicht.")
    return programme


@bp.get("/notifications")
@bp.arguments(PageQuery, location="query")
@bp.response(200, page_schema(NotificationOut))
def notifications(query):
    """Ihre Benachrichtigungen, neueste zuerst"""
    return page_answer(notification_page(db.session, g.user, page=page_of(query.get("cursor")), size=query["limit"]))


@bp.get("/programmes")
@bp.response(200, ProgrammeOut(many=True))
def programmes():
    """Die installierten Förderprogramme mit den Status und Schritten ihres Verfahrens"""
    return [
        {
            "code": p.code,
            "name": p.name,
            "states": [s.name for s in definition_for(p.code).workflow.states],
            "transitions": [t.name for t in definition_for(p.code).workflow.transitions],
        }
        for p in installed_programmes(db.session)
    ]


@bp.get("/organisations")
@bp.arguments(OrganisationQuery, location="query")
@bp.response(200, page_schema(OrganisationOut))
def organisations(query):
    """Kommunen, Kreise und Behörden (öffentliche Stammdaten), nach Namen"""
    statement = select(Organisation).order_by(Organisation.name, Organisation.id)
    if query.get("q"):
        text = query["q"].strip()
        statement = statement.where(or_(Organisation.name.contains(text, autoescape=True), Organisation.ags == text))
    return page_answer(paginate(db.session, statement, page_of(query.get("cursor")), query["limit"]))


@bp.get("/programmes/<code>/allocations")
@bp.arguments(PageQuery, location="query")
@bp.response(200, page_schema(AllocationOut))
def allocations(query, code: str):
    """Der geltende Planungsrahmen je Kommune (für die Administration, wie die Seite „Planungsrahmen“)"""
    if not permissions.can_administer(g.user):
        abort(403)
    programme = _programme(code)
    statement = (
        select(Allocation)
        .join(AllocationVersion, Allocation.version_id == AllocationVersion.id)
        .where(AllocationVersion.programme_id == programme.id, AllocationVersion.is_current.is_(True))
        .order_by(Allocation.id)
    )
    return page_answer(paginate(db.session, statement, page_of(query.get("cursor")), query["limit"]))


@bp.get("/programmes/<code>/ledger")
@bp.arguments(PageQuery, location="query")
@bp.response(200, LedgerPageOut)
def ledger(query, code: str):
    """Haushalt des Programms: Summen und je Kommune bzw. Antrag (wie die Übersicht „Haushalt“)"""
    if not permissions.can_view_ministry_overview(g.user):
        abort(403)
    programme = _programme(code)
    totals = budget.programme_ledger(db.session, programme)
    lines = page_answer(budget.ledger_page(db.session, programme, page_of(query.get("cursor")), query["limit"]))
    return {
        "programme": programme.code,
        "budget": totals.budget,
        "allocated_total": totals.figures.allocated,
        "requested_total": totals.figures.requested,
        "granted_total": totals.figures.granted,
        "lines": lines["items"],
        "next_cursor": lines["next_cursor"],
    }

"""Cases through the API: the list, one case, its history and deadlines, as the case page shows them."""

from __future__ import annotations

from flask import g
from flask_smorest import abort
from sqlalchemy import select

from workflow import permissions
from workflow.search import queries
from workflow.api.blueprint import api_blueprint
from workflow.api.paging import page_answer, page_of
from workflow.api.schemas import page_schema
from workflow.api.schemas import CaseDetailOut, CaseOut, CaseQuery, DeadlineOut, DocumentOut, HistoryEntryOut
from workflow.db import db
from workflow.history import HistoryStep, visible_history
from workflow.models import Application, Deadline, Document
from workflow.models.audit import VIA_API
from workflow.views.shared import installed_programmes, load_visible_application

bp = api_blueprint("api_cases", __name__, "Anträge und ihre Akte")


@bp.get("/cases")
@bp.arguments(CaseQuery, location="query")
@bp.response(200, page_schema(CaseOut))
def list_cases(query):
    """Anträge, die Sie sehen dürfen (wie die Listen der Weboberfläche), seitenweise"""
    where = None
    if "programme" in query:
        programme = next((p for p in installed_programmes(db.session) if p.code == query["programme"]), None)
        if programme is None:
            abort(422, message=f"Ein Programm „{query['programme']}“ gibt es nicht.")
        where = Application.programme_id == programme.id
    page = queries.application_page(
        db.session,
        g.user,
        where=where,
        states=query.get("state"),
        sort=query["sort"],
        page=page_of(query.get("cursor")),
        size=query["limit"],
    )
    return page_answer(page)


@bp.get("/cases/<int:application_id>")
@bp.etag
@bp.response(200, CaseDetailOut)
def show_case(application_id: int):
    """Ein Antrag mit Ansprechperson, Bankverbindung, Mitgliedern und Stellen"""
    return load_visible_application(db.session, application_id)


@bp.get("/cases/<int:application_id>/history")
@bp.response(200, HistoryEntryOut(many=True))
def history(application_id: int):
    """Der Verlauf, soweit Sie ihn sehen dürfen (interne Schritte nur für die Behörde)"""
    application = load_visible_application(db.session, application_id)
    return [history_row(application, step) for step in visible_history(db.session, g.user, application)]


def history_row(application: Application, step: HistoryStep) -> dict:
    entry = step.entry
    visible = permissions.document_visibility(g.user, application)
    return {
        "id": entry.id,
        "transition": entry.transition,
        "label": f"{step.procedure}: {step.label}" if step.procedure else step.label,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "actor": entry.actor.full_name,
        "created_at": entry.created_at,
        "comment": entry.comment,
        "via_api": bool(entry.details.get(VIA_API)),
        "entry_hash": entry.entry_hash,
        "documents": [d.id for d in entry.documents if visible(d)],
    }


@bp.get("/cases/<int:application_id>/deadlines")
@bp.response(200, DeadlineOut(many=True))
def deadlines(application_id: int):
    """Offene und erledigte Fristen des Antrags"""
    application = load_visible_application(db.session, application_id)
    return db.session.scalars(
        select(Deadline).where(Deadline.application_id == application.id).order_by(Deadline.due_on, Deadline.id)
    )


@bp.get("/cases/<int:application_id>/documents")
@bp.response(200, DocumentOut(many=True))
def documents(application_id: int):
    """Die erzeugten Dokumente (Bescheide, Schreiben), die Sie sehen dürfen"""
    application = load_visible_application(db.session, application_id)
    visible = permissions.document_visibility(g.user, application)
    found = db.session.scalars(select(Document).where(Document.application_id == application.id).order_by(Document.id))
    return [document for document in found if visible(document)]

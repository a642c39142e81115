"""The overview of the ministry and the Regierungspräsidium: budget use, lists, export."""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, current_app, g, render_template, send_file

from workflow import budget, budget_years, charts, clock, export, permissions, regions
from workflow.auth import login_required, require
from workflow.db import db
from workflow.engine.programmes import draft_states
from workflow.models import Application
from workflow.pagination import paginate
from workflow.queries import SORTS
from workflow.views import allocation_threshold, chosen_programme, requested_page
from workflow.views.queues import list_page

bp = Blueprint("overview", __name__, url_prefix="/uebersicht")

UNBOUND_LISTS = {
    "ohne_antrag": (False, "Kommunen ohne Antrag",
                    "Kommunen mit Planungsrahmen, die weder allein noch in einem Zusammenschluss einen laufenden oder "
                    "bewilligten Antrag haben (auch nach Rücknahme oder Ablehnung)."),
    "unter_mindestgrenze": (True, "Unter der Mindestgrenze ohne Zusammenschluss",
                            "Kommunen, deren Planungsrahmen unter der Mindestgrenze liegt und die keinem Zusammenschluss "
                            "mit Antrag angehören: Sie können nur gemeinsam mit anderen Kommunen Mittel erhalten."),
}


@bp.before_request
@login_required
def _only_for_overview_readers():
    """Every page here is for the ministry and the approvers (``permissions.can_view_ministry_overview``)."""
    require(permissions.can_view_ministry_overview(g.user))


def _page_number() -> int:
    return requested_page()


@bp.get("")
def index():
    session = db.session
    programme = chosen_programme(session)
    bezirke = regions.figures_by_region(session, programme, "regierungsbezirk")
    kreise = regions.figures_by_region(session, programme, "kreis")
    return render_template(
        "overview/index.html",
        programme=programme,
        ledger=budget.programme_ledger(session, programme),
        bezirke=bezirke,
        bezirke_chart=charts.budget_use_chart(bezirke),
        kreise=kreise,
        kreise_chart=charts.budget_use_chart(kreise),
    )


@bp.get("/haushaltsjahre")
def years():
    session = db.session
    programme = chosen_programme(session)
    return render_template("overview/years.html", programme=programme, years=budget_years.figures_by_year(session, programme),
                           bars=budget_years.quarter_bars(budget_years.granted_and_paid_over_time(session, programme)))


@bp.get("/antraege")
def applications():
    sort, page = list_page(None, default_sort="neu", where=Application.state.not_in(draft_states()))
    return render_template("overview/applications.html", page=page, sort=sort, sorts=SORTS)


@bp.get("/haushalt")
def ledger():
    session = db.session
    programme = chosen_programme(session)
    return render_template(
        "overview/ledger.html",
        programme=programme,
        ledger=budget.programme_ledger(session, programme),
        lines=budget.ledger_page(session, programme, _page_number(), current_app.config["PAGE_SIZE"]),
    )


@bp.get("/ohne-antrag")
def without_application():
    return _unbound("ohne_antrag")


@bp.get("/unter-mindestgrenze")
def below_threshold():
    return _unbound("unter_mindestgrenze")


def _unbound(which: str):
    session = db.session
    programme = chosen_programme(session)
    below, title, description = UNBOUND_LISTS[which]
    threshold = allocation_threshold(session, programme)
    rows = paginate(
        session,
        regions.unbound_municipalities(programme, threshold if below else None),
        _page_number(),
        current_app.config["PAGE_SIZE"],
        scalars=False,
    )
    return render_template(
        "overview/unbound.html", programme=programme, rows=rows, title=title, description=description,
        threshold=threshold,
    )


@bp.get("/export.xlsx")
def export_cases():
    """The list at once while it is short; a longer one is offered as a background job (``jobs.order_export``)."""
    programme = chosen_programme(db.session)
    count = export.count_cases(db.session, g.user, programme)
    if count > current_app.config["EXPORT_DIRECT_MAX_CASES"]:
        return render_template("overview/export_in_background.html", programme=programme, count=count)
    content = export.cases_workbook(db.session, g.user, programme)
    return send_file(
        BytesIO(content),
        mimetype=export.XLSX_MIMETYPE,
        as_attachment=True,
        download_name=f"antraege-{programme.code}-{clock.today():%Y-%m-%d}.xlsx",
        max_age=0,
    )

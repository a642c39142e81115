"""The overview of the ministry and the Regierungspräsidium: budget use, lists, export."""

from __future__ import annotations

from io import BytesIO
from typing import Optional, Sequence

from flask import Blueprint, current_app, g, render_template, request, send_file, url_for
from sqlalchemy import and_

from workflow.money import budget, budget_years
from workflow.views import charts
from workflow import clock, permissions
from workflow.exports import export
from workflow.reference import regions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.engine.programmes import ALLOCATION, definition_for, draft_states, state_labels
from workflow.models import Application, Organisation, Programme
from workflow.views.pagination import paginate
from workflow.search.queries import SORTS, state_counts
from workflow.views.shared import allocation_threshold, chosen_programme, installed_programmes, requested_page
from workflow.views.queues import list_page
from workflow.views.shared import GermanBadRequest

bp = Blueprint("overview", __name__, url_prefix="/uebersicht")


@bp.app_template_global()
def has_allocations(code: str) -> bool:
    """Whether the programme allots a Planungsrahmen (and so has a Mindestgrenze); without a code: any does."""
    codes = [code] if code else [each.code for each in installed_programmes(db.session)]
    return any(ALLOCATION in definition_for(each).reference_data for each in codes)


@bp.app_template_global()
def overview_programmes() -> list[Programme]:
    """The programmes the overview's switch offers (asked only where the overview's navigation is shown)."""
    return installed_programmes(db.session)


UNBOUND_LISTS = {
    "ohne_antrag": (
        False,
        "Kommunen ohne Antrag",
        "Kommunen mit Planungsrahmen, die weder allein noch in einem Zusammenschluss einen laufenden oder "
        "bewilligten Antrag haben (auch nach Rücknahme oder Ablehnung).",
    ),
    "unter_mindestgrenze": (
        True,
        "Unter der Mindestgrenze ohne Zusammenschluss",
        "Kommunen, deren Planungsrahmen unter der Mindestgrenze liegt und die keinem Zusammenschluss "
        "mit Antrag angehören: Sie können nur gemeinsam mit anderen Kommunen Mittel erhalten.",
    ),
}


@bp.before_request
@login_required
def _only_for_overview_readers():
    """Every page here is for the ministry and the approvers (``permissions.can_view_ministry_overview``)."""
    require(permissions.can_view_ministry_overview(g.user))


def _page_number() -> int:
    return requested_page()


def _chosen(name: str, allowed, default: str, message: str) -> str:
    """The value of query parameter ``name`` if it is one of ``allowed``; none given → ``default``; else 400."""
    value = request.args.get(name, "") or default
    if value not in allowed:
        raise GermanBadRequest(message)
    return value


@bp.get("")
def index():
    session = db.session
    programme = chosen_programme(session)
    sort = _chosen(
        "sortierung",
        regions.REGION_SORTS,
        "schluessel",
        "Diese Sortierung der Kreise gibt es nicht. Bitte wählen Sie eine aus der Liste.",
    )
    bezirke, kreise = regions.figures_by_regions(session, programme)
    kreise = regions.sorted_regions(kreise, sort)
    return render_template(
        "overview/index.html",
        programme=programme,
        all_programmes=[
            (each, budget.programme_ledger(session, each), budget_years.figures_by_year(session, each))
            for each in installed_programmes(session)
        ],
        ledger=budget.programme_ledger(session, programme),
        states=_states_with_counts(session, programme),
        bezirke=bezirke,
        bezirke_chart=charts.budget_use_chart(bezirke),
        kreise=kreise,
        kreise_chart=charts.budget_use_chart(kreise),
        sorts=regions.REGION_SORTS,
        sorting=_region_sorting(sort),
    )


def _states_with_counts(session, programme: Programme) -> list[tuple[str, str, int]]:
    """(state, label, how many) of the programme's submitted applications, in the order its workflow declares."""
    counts = state_counts(session, g.user, Application.programme_id == programme.id)
    return [
        (state.name, state.label, counts.get(state.name, 0))
        for state in definition_for(programme.code).workflow.states
        if not state.draft
    ]


def _region_sorting(sort: str) -> dict:
    """As ``queues.sorting``: the URL of the overview with the Kreise sorted by each key, at their section."""
    kept = {key: value for key, value in request.args.items() if key != "sortierung"}
    return {
        "current": sort,
        "descending": regions.DESCENDING_SORTS,
        "urls": {
            key: url_for("overview.index", **kept, sortierung=key, _anchor="kreise-titel")
            for key in regions.REGION_SORTS
        },
    }


@bp.get("/haushaltsjahre")
def years():
    session = db.session
    programme = chosen_programme(session)
    quarters = budget_years.granted_and_paid_over_time(session, programme)
    return render_template(
        "overview/years.html",
        programme=programme,
        years=budget_years.figures_by_year(session, programme),
        quarters=quarters,
        chart=charts.over_time_chart(quarters),
    )


@bp.get("/antraege")
def applications():
    programmes = installed_programmes(db.session)
    code = _chosen(
        "programm",
        [""] + [p.code for p in programmes],
        "",
        "Dieses Programm gibt es nicht. Bitte wählen Sie eines aus der Liste.",
    )
    labels = {name: label for name, label in state_labels().items() if name not in draft_states()}
    status = _chosen("status", ["", *labels], "", "Diesen Status gibt es nicht. Bitte wählen Sie einen aus der Liste.")
    where = Application.state.not_in(draft_states())
    if code:
        where = and_(where, Application.programme.has(Programme.code == code))
    sort, page = list_page([status] if status else None, default_sort="neu", where=where)
    return render_template(
        "overview/applications.html",
        page=page,
        sort=sort,
        sorts=SORTS,
        programmes=programmes,
        chosen_programme=code,
        states=labels,
        status=status,
    )


@bp.get("/haushalt")
def ledger():
    session = db.session
    programme = chosen_programme(session)
    bezirke, kreise = regions.regions_to_choose(session)
    bezirk = _region_chosen(bezirke, "bezirk", "Diesen Regierungsbezirk gibt es nicht.")
    kreis = _region_chosen(kreise, "kreis", "Diesen Kreis gibt es nicht.")
    elsewhere = kreis is not None and bezirk is not None and kreis.regierungsbezirk_id != bezirk.id
    return render_template(
        "overview/ledger.html",
        programme=programme,
        ledger=budget.programme_ledger(session, programme),
        lines=budget.ledger_page(session, programme, _page_number(), current_app.config["PAGE_SIZE"], kreis or bezirk),
        bezirke=bezirke,
        kreise=kreise,
        bezirk=bezirk,
        kreis=kreis,
        elsewhere=elsewhere,
    )


def _region_chosen(choices: Sequence[Organisation], name: str, unknown: str) -> Optional[Organisation]:
    """The region whose official key query parameter ``name`` gives, None for none; an unknown key is a 400."""
    key = request.args.get(name, "")
    if not key:
        return None
    region = next((region for region in choices if region.ags == key), None)
    if region is None:
        raise GermanBadRequest(f"{unknown} Bitte wählen Sie aus der Liste.")
    return region


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
        "overview/unbound.html",
        programme=programme,
        rows=rows,
        title=title,
        description=description,
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

"""Work queues: the reviewer's cases and the approver's signatures."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from sqlalchemy import and_

from workflow.security.auth import login_required
from workflow.db import db
from workflow.engine.programmes import draft_states, state_labels, states_waiting_for
from workflow.models import Application, Programme, Role
from workflow.search.queries import (
    SORTS,
    application_page,
    assignment_counts_by_state,
    programme_counts,
    search_filter,
)
from workflow.views.shared import installed_programmes, requested_page

bp = Blueprint("queues", __name__)


def list_page(states, default_sort="frist", where=None, total=None):
    """The page of applications the request asks for (``seite``, ``sortierung``, ``programm``); ``total``
    where the caller has counted them already."""
    sort = request.args.get("sortierung", default_sort)
    if sort not in SORTS:
        sort = default_sort
    return sort, application_page(
        db.session,
        g.user,
        where=where,
        states=states,
        sort=sort,
        page=requested_page(),
        size=current_app.config["PAGE_SIZE"],
        total=total,
    )


def _chosen(*filters):
    """The filters that apply, joined (None when none does)."""
    present = [f for f in filters if f is not None]
    return and_(*present) if present else None


def _programme_filter():
    code = request.args.get("programm")
    return Application.programme.has(Programme.code == code) if code else None


def sorting(sort: str) -> dict:
    """The current sort and, for each sortable column, the URL of this list sorted by it (on its first page)."""
    kept = {key: value for key, value in request.args.items() if key not in ("sortierung", "seite")}
    return {
        "current": sort,
        "urls": {key: url_for(request.endpoint, **kept, sortierung=key) for key in SORTS},
        "descending": ("beantragt",),
    }


# Whose cases: the reviewer's own, or those of the reviewer's Kreise that nobody took yet.
ASSIGNMENTS = {"mir": "Mir zugewiesen", "offen": "Meine Kreise, nicht übernommen", "": "Alle meiner Kreise"}


def _assignment_filter(chosen: str):
    if chosen == "mir":
        return Application.reviewer_id == g.user.id
    if chosen == "offen":
        return Application.reviewer_id.is_(None)
    return None


@bp.get("/pruefung")
@login_required
def review():
    if not g.user.has_role(Role.REVIEWER):
        return redirect(url_for("home.index"))
    labels = state_labels()
    open_states = [name for name in labels if name not in draft_states()]
    waiting = states_waiting_for(Role.REVIEWER)
    search = request.args.get("suche", "").strip()
    chosen = request.args.get("status", "")
    if chosen == "" and search:
        # A search is not hidden behind „Bei mir zu bearbeiten“: it looks at every case the reviewer may see.
        chosen = "alle"
    if chosen == "alle":
        states = open_states
    elif chosen in open_states:
        states = [chosen]
    else:
        states, chosen = waiting, ""
    assignment = request.args.get("zustaendig", "")
    if assignment not in ASSIGNMENTS:
        assignment = ""
    found = search_filter(search)
    narrowed = _chosen(_programme_filter(), found)
    session = db.session
    by_state = assignment_counts_by_state(session, g.user, g.user.id, narrowed)
    assigned = {key: sum(by_state.get(state, {}).get(key, 0) for state in states) for key in ASSIGNMENTS}
    sort, page = list_page(states, where=_chosen(narrowed, _assignment_filter(assignment)), total=assigned[assignment])
    return render_template(
        "queues/review.html",
        page=page,
        sorts=SORTS,
        sorting=sorting(sort),
        chosen=chosen,
        states=[(name, labels[name]) for name in open_states],
        state_counts={state: counts[assignment] for state, counts in by_state.items() if counts[assignment]},
        assignments=[(key, label, assigned[key]) for key, label in ASSIGNMENTS.items()],
        assignment=assignment,
        search=search,
        found_in=_found_in(session, found, open_states, assignment) if found is not None else None,
        programmes=[
            p for p in installed_programmes(session) if not g.user.programme_ids or p.id in g.user.programme_ids
        ],
        chosen_programme=request.args.get("programm", ""),
    )


def _found_in(session, found, states, assignment) -> dict:
    """Where a search found cases, whatever status and programme are chosen: the count per programme and in all."""
    programmes = programme_counts(session, g.user, _chosen(found, _assignment_filter(assignment)), states)
    return {"programmes": programmes, "total": sum(count for _, _, count in programmes)}


@bp.get("/zeichnung")
@login_required
def signature():
    if not g.user.has_role(Role.APPROVER):
        return redirect(url_for("home.index"))
    sort, page = list_page(states_waiting_for(Role.APPROVER), default_sort="eingang", where=_programme_filter())
    return render_template("queues/signature.html", page=page, sorting=sorting(sort))

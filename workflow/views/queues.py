"""Work queues: the reviewer's cases, the approver's signatures, the ministry's overview."""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from workflow import permissions
from workflow.auth import login_required
from workflow.db import db
from workflow.definition import STANDARD
from workflow.models import Application, Role
from workflow.queries import SORTS, application_page

bp = Blueprint("queues", __name__)


def _page(states, default_sort="frist", where=None):
    sort = request.args.get("sortierung", default_sort)
    if sort not in SORTS:
        sort = default_sort
    return sort, application_page(
        db.session,
        g.user,
        where=where,
        states=states,
        sort=sort,
        page=request.args.get("seite", 1, type=int),
        size=current_app.config["PAGE_SIZE"],
    )


@bp.get("/pruefung")
@login_required
def review():
    if not g.user.has_role(Role.REVIEWER):
        return redirect(url_for("home.index"))
    open_states = [state.name for state in STANDARD.states if state.name != "draft"]
    chosen = request.args.get("status", "")
    if chosen == "":
        states = STANDARD.states_waiting_for(Role.REVIEWER)
    elif chosen == "alle":
        states = open_states
    elif chosen in open_states:
        states = [chosen]
    else:
        states = STANDARD.states_waiting_for(Role.REVIEWER)
        chosen = ""
    sort, page = _page(states)
    return render_template(
        "queues/review.html",
        page=page,
        sort=sort,
        sorts=SORTS,
        chosen=chosen,
        states=[STANDARD.state(name) for name in open_states],
        workflow=STANDARD,
    )


@bp.get("/zeichnung")
@login_required
def signature():
    if not g.user.has_role(Role.APPROVER):
        return redirect(url_for("home.index"))
    sort, page = _page(["decision_proposed"], default_sort="eingang")
    return render_template("queues/signature.html", page=page, sort=sort, sorts=SORTS, workflow=STANDARD)


@bp.get("/uebersicht")
@login_required
def ministry():
    if not permissions.can_view_ministry_overview(g.user):
        return redirect(url_for("home.index"))
    sort, page = _page(None, default_sort="neu", where=Application.state != "draft")
    return render_template("queues/ministry.html", page=page, sort=sort, sorts=SORTS, workflow=STANDARD)

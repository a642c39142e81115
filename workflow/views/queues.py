"""Work queues: the reviewer's cases and the approver's signatures."""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from workflow.auth import login_required
from workflow.db import db
from workflow.workflows.standard import STANDARD
from workflow.models import Role
from workflow.queries import SORTS, application_page

bp = Blueprint("queues", __name__)


def list_page(states, default_sort="frist", where=None):
    """The page of applications the request asks for (``seite``, ``sortierung``)."""
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
    sort, page = list_page(states)
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
    sort, page = list_page(["decision_proposed"], default_sort="eingang")
    return render_template("queues/signature.html", page=page, sort=sort, sorts=SORTS, workflow=STANDARD)

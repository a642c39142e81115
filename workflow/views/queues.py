"""Work queues: the reviewer's cases and the approver's signatures."""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from sqlalchemy import and_

from workflow.auth import login_required
from workflow.db import db
from workflow.engine.programmes import draft_states, state_labels, states_waiting_for
from workflow.models import Application, Programme, Role
from workflow.queries import SORTS, application_page
from workflow.views import installed_programmes, requested_page

bp = Blueprint("queues", __name__)


def list_page(states, default_sort="frist", where=None):
    """The page of applications the request asks for (``seite``, ``sortierung``, ``programm``)."""
    sort = request.args.get("sortierung", default_sort)
    if sort not in SORTS:
        sort = default_sort
    code = request.args.get("programm")
    if code:
        by_programme = Application.programme.has(Programme.code == code)
        where = by_programme if where is None else and_(where, by_programme)
    return sort, application_page(
        db.session,
        g.user,
        where=where,
        states=states,
        sort=sort,
        page=requested_page(),
        size=current_app.config["PAGE_SIZE"],
    )


@bp.get("/pruefung")
@login_required
def review():
    if not g.user.has_role(Role.REVIEWER):
        return redirect(url_for("home.index"))
    labels = state_labels()
    open_states = [name for name in labels if name not in draft_states()]
    waiting = states_waiting_for(Role.REVIEWER)
    chosen = request.args.get("status", "")
    if chosen == "alle":
        states = open_states
    elif chosen in open_states:
        states = [chosen]
    else:
        states, chosen = waiting, ""
    sort, page = list_page(states)
    return render_template(
        "queues/review.html",
        page=page,
        sort=sort,
        sorts=SORTS,
        chosen=chosen,
        states=[(name, labels[name]) for name in open_states],
        programmes=[p for p in installed_programmes(db.session) if not g.user.programme_ids or p.id in g.user.programme_ids],
        chosen_programme=request.args.get("programm", ""),
    )


@bp.get("/zeichnung")
@login_required
def signature():
    if not g.user.has_role(Role.APPROVER):
        return redirect(url_for("home.index"))
    sort, page = list_page(states_waiting_for(Role.APPROVER), default_sort="eingang")
    return render_template("queues/signature.html", page=page, sort=sort, sorts=SORTS)

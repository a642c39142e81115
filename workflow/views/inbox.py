"""„Meine Aufgaben“: one list of everything a person can do now, with filters, saved filters and assignment."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from workflow import clock
from workflow import permissions
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.inbox import assignment, filters
from workflow.inbox.filters import Filter, FilterRefused
from workflow.inbox.items import LIMIT, Item, inbox, working_roles
from workflow.models import Role
from workflow.security.auth import login_required, require
from workflow.views.shared import installed_programmes

bp = Blueprint("inbox", __name__, url_prefix="/aufgaben")


def item_url(item: Item) -> str:
    if item.membership_request is not None:
        return url_for("membership.show", request_id=item.membership_request.id)
    if item.procedure is not None:
        return url_for("cases.show", application_id=item.application.id, _anchor="nach-dem-bescheid")
    return url_for("cases.show", application_id=item.application.id)


def _list_url(chosen: Filter) -> str:
    return url_for("inbox.index") + (f"?{chosen.query}" if chosen.query else "")


def _page(chosen: Filter, error: str | None = None, status: int = 200):
    session, today = db.session, clock.today()
    found = inbox(session, g.user, team=chosen.assignment == "team")
    items = found.items
    kept = [item for item in items if chosen.keeps(item, g.user, today)]
    counts = Counter(item.kind for item in kept)
    labels = {item.kind: item.kind_label for item in items}
    shown = [item for item in kept if not chosen.kind or item.kind == chosen.kind]
    assignable = [item.application for item in shown if item.assignable]
    # Only people who may take at least one of the cases shown: anyone else would be refused after choosing.
    assignees = [
        person
        for person in assignment.assignees(session, g.user)
        if any(permissions.can_assign_case(g.user, application, person) for application in assignable)
    ]
    return render_template(
        "inbox/index.html",
        items=shown,
        truncated=found.truncated,
        limit=LIMIT,
        total=len(kept),
        counts=[(kind, labels[kind], count) for kind, count in sorted(counts.items(), key=lambda c: labels[c[0]])],
        overdue=sum(1 for item in kept if item.overdue(today)),
        chosen=chosen,
        kinds=sorted(labels.items(), key=lambda kind: kind[1]),
        programmes=[
            p for p in installed_programmes(session) if not g.user.programme_ids or p.id in g.user.programme_ids
        ],
        assignments=filters.ASSIGNMENTS,
        due_choices=filters.DUE,
        saved=filters.saved_filters(session, g.user),
        # The assignment's form and column only where the lead sees work to assign (the team's view).
        assignees=assignees,
        may_assign=bool(assignees),
        # What a refused assignment had chosen stays chosen.
        chosen_assignee=request.form.get("bearbeitung", ""),
        ticked=set(request.form.getlist("antrag")),
        today=today,
        item_url=item_url,
        kind_url=lambda kind: _list_url(replace(chosen, kind=kind)),
        error=error,
    ), status


@bp.get("")
@login_required
def index():
    require(bool(working_roles(g.user)))
    return _page(Filter.from_args(request.args))


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(value) for value in values]
    except ValueError:
        abort(400)


@bp.post("/uebernehmen")
@login_required
def take():
    chosen = Filter.from_args(request.form)
    try:
        case = assignment.take(db.session, g.user, next(iter(_ids(request.form.getlist("antrag"))), 0))
    except (assignment.AssignmentRefused, TransitionRefused) as refusal:
        return _page(chosen, refusal.message, refusal.status)
    flash(f"Sie bearbeiten jetzt den Antrag {case.file_number}.", "success")
    return redirect(_list_url(chosen))


@bp.post("/zuweisen")
@login_required
def assign():
    chosen = Filter.from_args(request.form)
    assignee = request.form.get("bearbeitung", "")
    # „Zuweisen an …“ in a row assigns that case alone, whatever else is ticked.
    chosen_ids = _ids([request.form["nur"]] if request.form.get("nur") else request.form.getlist("antrag"))
    try:
        cases = assignment.assign(db.session, g.user, chosen_ids, int(assignee) if assignee.isdigit() else None)
    except assignment.AssignmentRefused as refusal:
        return _page(chosen, refusal.message, refusal.status)
    counted = "1 Antrag" if len(cases) == 1 else f"{len(cases)} Anträge"
    flash(f"{counted} an {cases[0].reviewer.full_name} zugewiesen.", "success")
    return redirect(_list_url(chosen))


@bp.post("/filter")
@login_required
def save_filter():
    chosen = Filter.from_args(request.form)
    try:
        saved = filters.save(db.session, g.user, request.form.get("name", ""), chosen)
    except FilterRefused as refusal:
        return _page(chosen, refusal.message, refusal.status)
    flash(f"Der Filter „{saved.name}“ ist gespeichert.", "success")
    return redirect(_list_url(chosen))


@bp.post("/filter/loeschen")
@login_required
def delete_filter():
    try:
        filters.delete(db.session, g.user, next(iter(_ids(request.form.getlist("filter"))), 0))
    except FilterRefused as refusal:
        return _page(Filter(), refusal.message, refusal.status)
    flash("Der gespeicherte Filter ist gelöscht.", "success")
    return redirect(url_for("inbox.index"))


@bp.get("/naechster")
@login_required
def next_item():
    """The oldest item of the user's inbox on another case than the one just worked on (``nach``)."""
    require(bool(working_roles(g.user)))
    after = request.args.get("nach", "")
    for item in inbox(db.session, g.user).items:
        if str(item.application.id) != after and Filter().keeps_assignment(item, g.user):
            return redirect(item_url(item))
    flash("In „Meine Aufgaben“ wartet nichts weiter auf Sie.", "success")
    return redirect(url_for("inbox.index"))


def offer_next(application_id: int) -> None:
    """After a step at the authority: the way to the next item of the inbox, as a notice."""
    if any(g.user.has_role(role) for role in (Role.REVIEWER, Role.APPROVER)):
        flash(url_for("inbox.next_item", nach=application_id), "next")

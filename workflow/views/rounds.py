"""A round of Bescheide: the approver chooses proposals from a list and signs them together in the background."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from workflow import permissions
from workflow.auth import login_required, require
from workflow.db import db
from workflow.jobs.rounds import candidates
from workflow.jobs.runner import order

bp = Blueprint("rounds", __name__, url_prefix="/sammelzeichnung")


def _page(shown, chosen: set[int], error: str | None = None, status: int = 200):
    return render_template("queues/round.html", candidates=shown, chosen=chosen, error=error), status


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    require(permissions.can_sign_rounds(g.user))
    shown = candidates(db.session, g.user)
    if request.method == "GET":
        return _page(shown, set())
    raw = request.form.getlist("antrag")
    signable = {candidate.application.id for candidate in shown if candidate.action.blocked_by is None}
    chosen = {int(value) for value in raw if value.isdigit() and int(value) in signable}
    if not raw:
        return _page(shown, chosen, "Bitte wählen Sie mindestens einen Vorschlag aus.", 400)
    if len(chosen) != len(set(raw)):
        return _page(shown, chosen, "Einige ausgewählte Anträge liegen nicht mehr zur Zeichnung vor; die Liste ist "
                                    "neu geladen. Bitte prüfen Sie Ihre Auswahl und zeichnen Sie erneut.", 409)
    ordered = [candidate.application.id for candidate in shown if candidate.application.id in chosen]
    job = order(db.session, g.user, "round", f"Sammelzeichnung: {len(ordered)} Bescheid{'' if len(ordered) == 1 else 'e'}",
                {"application_ids": ordered})
    return redirect(url_for("jobs.show", job_id=job.id), 303)

"""A round: the approver chooses proposals and checked payments from a list and signs them together in the background."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for

from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.jobs.rounds import Candidate, candidates, procedure_candidates
from workflow.jobs.runner import order

bp = Blueprint("rounds", __name__, url_prefix="/sammelzeichnung")


def _page(decisions, steps, chosen: set[str], error: str | None = None, status: int = 200):
    return render_template(
        "queues/round.html", candidates=decisions, steps=steps, chosen=chosen, error=error, key=_key
    ), status


def _key(candidate: Candidate) -> str:
    """The checkbox value of a list item: a case's decision or one of its procedures."""
    return (
        f"vorgang-{candidate.procedure.id}" if candidate.procedure is not None else f"antrag-{candidate.application.id}"
    )


def _title(decisions: int, steps: int) -> str:
    parts = [
        f"{decisions} Bescheid{'' if decisions == 1 else 'e'}" if decisions else "",
        f"{steps} Auszahlung{'' if steps == 1 else 'en'}" if steps else "",
    ]
    return "Sammelzeichnung: " + " und ".join(part for part in parts if part)


def _totals(chosen: list[Candidate]) -> dict[str, Any]:
    decisions = [c for c in chosen if c.procedure is None]
    payments = [c for c in chosen if c.procedure is not None]
    proposals = [c.application.open_proposal for c in decisions]
    return {
        "decisions": decisions,
        "payments": payments,
        "decision_total": sum((p.amount for p in proposals if p is not None), Decimal("0.00")),
        "payment_total": sum((c.procedure.amount or Decimal("0.00") for c in payments), Decimal("0.00")),
        "title": _title(len(decisions), len(payments)),
    }


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    require(permissions.can_sign_rounds(g.user))
    decisions, steps = candidates(db.session, g.user), procedure_candidates(db.session, g.user)
    if request.method == "GET":
        return _page(decisions, steps, set())
    raw = set(request.form.getlist("auswahl"))
    signable = [candidate for candidate in decisions + steps if candidate.action.blocked_by is None]
    chosen = [candidate for candidate in signable if _key(candidate) in raw]
    kept = {_key(candidate) for candidate in chosen}
    if not raw:
        return _page(
            decisions, steps, kept, "Bitte wählen Sie mindestens einen Vorschlag oder eine Auszahlung aus.", 400
        )
    if len(chosen) != len(raw):
        return _page(
            decisions,
            steps,
            kept,
            "Ein Teil Ihrer Auswahl liegt nicht mehr zur Zeichnung vor; die Liste ist "
            "neu geladen. Bitte prüfen Sie Ihre Auswahl und zeichnen Sie erneut.",
            409,
        )
    if not request.form.get("bestaetigt"):
        # Once more before anything is issued: what is chosen, how many and how much.
        return render_template("queues/round_confirm.html", chosen=chosen, key=_key, **_totals(chosen))
    application_ids = [candidate.application.id for candidate in chosen if candidate.procedure is None]
    procedure_ids = [candidate.procedure.id for candidate in chosen if candidate.procedure is not None]
    job = order(
        db.session,
        g.user,
        "round",
        _title(len(application_ids), len(procedure_ids)),
        {"application_ids": application_ids, "procedure_ids": procedure_ids},
    )
    return redirect(url_for("jobs.show", job_id=job.id), 303)

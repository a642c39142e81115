"""Requests to join a consortium, as the named municipality's clerk sees and answers them."""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from workflow.workflows.standard import drafts
from workflow.money import ledger
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.engine.programmes import case_settings, definition_for
from workflow.letters import summary
from workflow.models import MembershipRequest
from workflow.operations import membership_requests
from workflow.views.drafting import binding_application, bound_warning

bp = Blueprint("membership", __name__, url_prefix="/beitrittsanfragen")

ANSWERS = {"confirm": True, "decline": False}


@bp.get("")
@login_required
def index():
    require(permissions.can_view_membership_requests(g.user))
    requests = membership_requests.requests_for(db.session, g.user.organisation_id)
    return render_template("membership/index.html", requests=requests)


def _own_request(request_id: int) -> MembershipRequest:
    found = db.session.get(MembershipRequest, request_id)
    if (
        found is None
        or not permissions.can_view_membership_requests(g.user)
        or found.organisation_id != g.user.organisation_id
    ):
        abort(404)
    return found


@bp.get("/<int:request_id>")
@login_required
def show(request_id: int):
    return _page(_own_request(request_id))


def _page(found: MembershipRequest, status: int = 200, error: str | None = None):
    application = found.application
    organisations = [application.applicant, *drafts.named_members(db.session, application)]
    amounts = ledger.allocations_by_organisation(db.session, application.programme, [org.id for org in organisations])
    return render_template(
        "membership/show.html",
        request=found,
        consortium_name=drafts.consortium_name(application),
        members=[(org, amounts.get(org.id)) for org in organisations],
        pooled=sum((amount for amount in amounts.values() if amount is not None), Decimal("0.00")),
        own_allocation=amounts.get(found.organisation_id),
        schema=definition_for(application.programme.code).schema,
        commitment=_commitment(application),
        bound=_bound_elsewhere(application, found.organisation_id),
        can_answer=permissions.can_answer_membership_request(g.user, found),
        error=error,
    ), status


def _bound_elsewhere(application, organisation_id: int) -> Optional[str]:
    """Why joining cannot succeed: another application of the programme already binds the member."""
    bound = binding_application(db.session, application.programme_id, organisation_id)
    return bound_warning(bound, organisation_id) if bound is not None and bound.id != application.id else None


def _commitment(application) -> Optional[tuple[list, Decimal]]:
    """The measures and the amount the joint application asks for, which the member commits to: the submitted
    case's, or the draft's as computed now (None while the draft is incomplete)."""
    definition = definition_for(application.programme.code)
    settings = case_settings(application)
    if application.submitted_at is not None:
        return summary.case_positions(definition, settings, application.positions), application.requested_amount
    validation = drafts.validate_draft(db.session, application)
    if not validation.valid:
        return None
    figures = drafts.compute_figures(db.session, application, validation.data)
    return summary.draft_positions(definition, settings, figures), figures.requested_amount


@bp.post("/<int:request_id>")
@login_required
def answer(request_id: int):
    found = _own_request(request_id)
    choice = request.form.get("answer", "")
    if choice not in ANSWERS:
        return _page(found, 400, "Bitte wählen Sie „Beitritt zustimmen“ oder „Beitritt ablehnen“.")
    answered = membership_requests.answer_request(db.session, request_id, g.user, ANSWERS[choice])
    flash(
        f"Ihre Antwort ist gespeichert: {answered.label}. {answered.application.applicant.name} ist benachrichtigt.",
        "success",
    )
    return redirect(url_for(".show", request_id=request_id))

"""Start pages per role: the clerk's overview, and the way to everybody else's."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, url_for

from workflow import clock, permissions
from workflow.security.auth import login_required
from workflow.db import db
from workflow.operations import membership_requests
from workflow.models import Role
from workflow.search.queries import application_page
from workflow.engine.programmes import settings_of
from workflow.reference.authorities import authority_name
from workflow.programmes.programme_versions import active_version
from workflow.views.shared import installed_programmes, requested_page
from workflow.views.drafting import programme_offers
from workflow.views.attention import needs_attention
from workflow.inbox.items import inbox, summary

bp = Blueprint("home", __name__)

START_PAGES = (
    (Role.CLERK, "home.municipality"),
    (Role.REVIEWER, "inbox.index"),
    (Role.APPROVER, "inbox.index"),
    (Role.MINISTRY, "overview.index"),
    (Role.ADMIN, "home.administration"),
    (Role.MANAGER, "counselling.index"),
    (Role.MANAGER_LEAD, "counselling.index"),
)


@bp.get("/")
@login_required
def index():
    for role, endpoint in START_PAGES:
        if g.user.has_role(role):
            return redirect(url_for(endpoint))
    return render_template("home/no_role.html"), 403


@bp.get("/kommune")
@login_required
def municipality():
    if not g.user.has_role(Role.CLERK):
        return redirect(url_for("home.index"))
    session = db.session
    organisation = g.user.organisation
    page = application_page(
        session,
        g.user,
        sort="neu",
        page=requested_page(),
        size=current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "home/municipality.html",
        organisation=organisation,
        rows=programme_offers(session, organisation),
        page=page,
        can_create=permissions.can_create_application(g.user),
        open_requests=[r for r in membership_requests.requests_for(session, organisation.id) if r.status == r.PENDING],
        tasks=summary(inbox(session, g.user).items, clock.today()),
    )


@bp.get("/verwaltung")
@login_required
def administration():
    if not permissions.can_administer(g.user):
        return redirect(url_for("home.index"))
    session = db.session
    programmes = []
    for programme in installed_programmes(session):
        version = active_version(session, programme)
        authority = authority_name(programme, settings_of(version)) if version else ""
        programmes.append({"programme": programme, "version": version, "authority": authority})
    return render_template(
        "home/administration.html",
        programmes=programmes,
        attention=needs_attention(session, clock.today(), clock.now()),
    )

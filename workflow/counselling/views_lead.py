"""The lead's pages (assignment, access log), the organisation's key figures, and the authority's anonymous
aggregate (small numbers suppressed) – the only counselling page outside the counselling organisation."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workflow import clock, permissions
from workflow.security.auth import login_required, require
from workflow.counselling import operations
from workflow.counselling.figures import compared, figures_by, key_figures, published_year
from workflow.counselling.forms import AssignmentForm, choices
from workflow.counselling.models import AccessLogEntry, CounsellingStaff
from workflow.counselling.plan import AREAS
from workflow.counselling.views import bp, load_client, refuse
from workflow.db import db
from workflow.engine.programmes import draft_states
from workflow.models import Application, Position, Role, RoleGrant, User, UserRole
from workflow.models.user import ROLE_LABELS
from workflow.operations import counselling_roles
from workflow.views.pagination import paginate
from workflow.views.shared import requested_page

authority_bp = Blueprint(
    "counselling_figures", __name__, url_prefix="/uebersicht/integrationsplaene", template_folder="templates"
)


def _colleagues() -> list[User]:
    """The organisation's integration managers (and leads), by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(
                User.organisation_id == g.user.organisation_id,
                User.active,
                UserRole.role.in_(permissions.COUNSELLING_ROLES),
            )
            .options(selectinload(User.role_rows))
            .distinct()
            .order_by(User.full_name)
        )
    )


@bp.route("/personen/<int:client_id>/zuordnung", methods=["GET", "POST"])
@login_required
def assign(client_id: int):
    client = load_client(client_id)
    if not permissions.can_lead_counselling(g.user):
        refuse(client)
    colleagues = {user.id: user for user in _colleagues()}
    form = (
        AssignmentForm()
        if request.method == "POST"
        else AssignmentForm(data={"responsible": client.responsible_id, "deputies": sorted(client.deputy_ids)})
    )
    form.responsible.choices = form.deputies.choices = choices(
        (user.id, user.full_name) for user in colleagues.values()
    )
    if request.method == "POST":
        if not form.validate():
            return render_template("counselling/assign.html", client=client, form=form), 422
        operations.assign(
            db.session,
            g.user,
            client,
            colleagues[form.responsible.data],
            [colleagues[user_id] for user_id in form.deputies.data],
        )
        flash("Die Zuständigkeit ist gespeichert.", "success")
        return redirect(url_for(".show", client_id=client.id))
    return render_template("counselling/assign.html", client=client, form=form)


def _funded_positions() -> dict[int, str]:
    """The positions of the organisation's submitted applications, as the team page offers them."""
    rows = db.session.execute(
        select(Position.id, Position.person_name, Application.file_number)
        .join(Application)
        .where(Application.applicant_id == g.user.organisation_id, Application.state.not_in(draft_states()))
        .order_by(Application.file_number, Position.sort_order)
    )
    return {row.id: f"{row.person_name} ({row.file_number})" for row in rows}


@bp.route("/team", methods=["GET", "POST"])
@login_required
def team():
    """The lead links each manager to the funded position they fill (or none)."""
    require(permissions.can_lead_counselling(g.user))
    colleagues, positions = _colleagues(), _funded_positions()
    chosen = {
        row.user_id: row.position_id
        for row in db.session.scalars(
            select(CounsellingStaff).where(CounsellingStaff.user_id.in_([user.id for user in colleagues]))
        )
    }
    errors = {}
    if request.method == "POST":
        typed = {user.id: request.form.get(f"stelle-{user.id}", "") for user in colleagues}
        errors = {
            user_id: "Bitte wählen Sie eine Stelle aus der Liste."
            for user_id, value in typed.items()
            if value and (not value.isdigit() or int(value) not in positions)
        }
        chosen = {user_id: int(value) if value.isdigit() else None for user_id, value in typed.items()}
        if not errors:
            operations.link_positions(db.session, chosen)
            flash("Die Stellen sind gespeichert.", "success")
            return redirect(url_for(".team"))
    return _team_page(colleagues, positions, chosen, errors), 422 if errors else 200


def _team_page(colleagues, positions, chosen, errors, grant_problem: str = ""):
    people = db.session.scalars(
        select(User)
        .where(User.organisation_id == g.user.organisation_id, User.active)
        .options(selectinload(User.role_rows))
        .order_by(User.full_name)
    ).all()
    return render_template(
        "counselling/team.html",
        colleagues=colleagues,
        positions=positions,
        chosen=chosen,
        errors=errors,
        grant_problem=grant_problem,
        role_labels=ROLE_LABELS,
        grantable=[p for p in people if permissions.can_grant_counselling_role(g.user, p)],
        grants=counselling_roles.grants_of(db.session, g.user.organisation_id),
    )


@bp.post("/team/rollen")
@login_required
def grant_role():
    """The lead gives a person of the organisation a counselling role; every grant stays listed on the team page."""
    require(permissions.can_lead_counselling(g.user))
    person = db.session.get(User, request.form.get("person", type=int) or 0)
    role = request.form.get("role", "")
    try:
        if person is None or role not in {r.value for r in counselling_roles.COUNSELLING_ROLES}:
            raise counselling_roles.GrantRefused("Bitte wählen Sie eine Person und eine Rolle aus der Liste.")
        counselling_roles.grant_by_lead(db.session, g.user, person, Role(role))
    except counselling_roles.GrantRefused as refused:
        db.session.rollback()
        return _team_page(_colleagues(), _funded_positions(), {}, {}, refused.message), refused.status
    flash(f"{person.full_name} hat jetzt die Rolle {ROLE_LABELS[Role(role)]}.", "success")
    return redirect(url_for(".team"))


@bp.get("/protokoll")
@login_required
def access_log():
    require(permissions.can_lead_counselling(g.user))
    entries = paginate(
        db.session,
        select(AccessLogEntry)
        .where(AccessLogEntry.organisation_id == g.user.organisation_id)
        .order_by(AccessLogEntry.id.desc()),
        requested_page(),
        current_app.config["PAGE_SIZE"],
    )
    return render_template("counselling/access_log.html", entries=entries, actions=operations.ACTION_LABELS)


def _first_lead_page(problem: str = "", status: int = 200):
    people = db.session.scalars(
        select(User)
        .where(User.organisation_id == g.user.organisation_id, User.active)
        .options(selectinload(User.role_rows))
        .order_by(User.full_name)
    ).all()
    return render_template(
        "counselling/first_lead.html",
        problem=problem,
        role_labels=ROLE_LABELS,
        has_lead=counselling_roles.has_lead(db.session, g.user.organisation_id),
        people=[p for p in people if permissions.can_propose_counselling_lead(g.user, p)],
        grants=counselling_roles.grants_of(db.session, g.user.organisation_id),
        can_approve=permissions.can_approve_role_grant,
    ), status


@bp.route("/leitung-bestimmen", methods=["GET", "POST"])
@login_required
def first_lead():
    """A municipality without a lead names its first one: a clerk proposes, a second clerk agrees."""
    require(permissions.can_name_first_lead(g.user))
    if request.method == "GET":
        return _first_lead_page()
    person = db.session.get(User, request.form.get("person", type=int) or 0)
    try:
        if person is None:
            raise counselling_roles.GrantRefused("Bitte wählen Sie eine Person aus der Liste.")
        counselling_roles.propose_by_clerk(db.session, g.user, person)
    except counselling_roles.GrantRefused as refused:
        db.session.rollback()
        return _first_lead_page(refused.message, refused.status)
    flash(
        f"{person.full_name} ist als Leitung vorgeschlagen; die Rolle gilt, sobald eine zweite Person Ihrer "
        "Kommune zustimmt.",
        "success",
    )
    return redirect(url_for(".first_lead"))


@bp.post("/leitung-bestimmen/<int:grant_id>/zustimmen")
@login_required
def approve_first_lead(grant_id: int):
    require(permissions.can_name_first_lead(g.user))
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None or grant.organisation_id != g.user.organisation_id:
        abort(404)
    try:
        counselling_roles.approve_first_lead(db.session, g.user, grant)
    except counselling_roles.GrantRefused as refused:
        db.session.rollback()
        return _first_lead_page(refused.message, refused.status)
    flash(f"{grant.user.full_name} ist Leitung Integrationsmanagement.", "success")
    return redirect(url_for(".first_lead"))


def requested_period() -> tuple[int, date, date]:
    """The year a figures page is asked for (``jahr``), this year by default; a nonsense year is 404."""
    raw = request.args.get("jahr", str(clock.today().year))
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        abort(404)
    year = int(raw)
    return year, date(year, 1, 1), date(year, 12, 31)


@bp.get("/kennzahlen")
@login_required
def figures():
    require(permissions.can_counsel(g.user))
    year, start, end = requested_period()
    organisation_id = g.user.organisation_id
    by_manager = figures_by(db.session, "manager", start, end, organisation_id=organisation_id)
    managers = {user.id: user for user in _colleagues()}
    return render_template(
        "counselling/figures.html",
        year=year,
        areas=AREAS,
        total=key_figures(db.session, organisation_id, start, end),
        by_manager=[(managers[i].full_name if i in managers else "Ehemalige", f) for i, f in by_manager.items()],
    )


@authority_bp.get("")
@login_required
def aggregate():
    require(permissions.can_view_counselling_aggregates(g.user))
    year, _, _ = requested_period()
    shown, before = published_year(db.session, year), published_year(db.session, year - 1)
    names, compared_lines = compared(before, shown)
    return render_template(
        "counselling/aggregate.html", year=year, areas=AREAS, shown=shown, compared_names=names, compared=compared_lines
    )

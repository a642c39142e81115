"""The administration of users: list, create (with invitation), change, deactivate, reactivate, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from forms.users import DeactivateForm, UserForm
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.models import AdminAuditEntry, Role, RoleGrant, User, UserRole
from workflow.operations import account_links, counselling_roles, users
from workflow.operations.account_links import LinkRefused
from workflow.operations.counselling_roles import GrantRefused
from workflow.operations.users import UserRefused
from workflow.views.pagination import paginate
from workflow.seed import SYSTEM_USERNAME
from workflow.search.text_search import Contains
from workflow.views.shared import installed_programmes, requested_page

bp = Blueprint("users", __name__, url_prefix="/verwaltung/benutzer")
WAITS_FOR_APPROVAL = (
    "Die Rolle Leitung Integrationsmanagement gilt erst, wenn eine zweite Person der Verwaltung "
    "zustimmt; dann erfährt es die Sachbearbeitung der Kommune."
)


def _saved(user: User, message: str) -> None:
    flash(message, "success")
    if counselling_roles.pending_grants(db.session, user):
        flash(WAITS_FOR_APPROVAL, "warning")


def _load_user(user_id: int) -> User:
    """A person's account; the system's own user (it fires the sweep's steps) is no one to administer."""
    require(permissions.can_manage_users(g.user))
    user = db.session.get(User, user_id)
    if user is None or user.username == SYSTEM_USERNAME:
        abort(404)
    return user


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user) if user is not None and request.method == "GET" else UserForm()
    form.kept_email = user.email if user is not None else ""
    session = db.session
    form.roles.choices = users.role_choices()
    form.authority.choices = [("", "– keine (Kommune) –"), *users.authority_choices(session)]
    form.kreise.choices = users.kreis_choices(session)
    form.programmes.choices = [(p.id, p.name) for p in installed_programmes(session)]
    if user is not None and request.method == "GET":
        form.roles.data = sorted(role.value for role in user.roles)
        municipal = users.works_for_municipality(user.roles)
        form.municipality_ags.data = user.organisation.ags if municipal else ""
        form.authority.data = "" if municipal else user.organisation.ags
        form.kreise.data = sorted(user.kreis_ids)
        form.programmes.data = sorted(user.programme_ids)
    return form


def _refused_on(form: UserForm, refused: UserRefused) -> None:
    getattr(form, refused.field or "username").errors.append(refused.message)


@bp.get("")
@login_required
def index():
    require(permissions.can_manage_users(g.user))
    session = db.session
    statement = (
        select(User)
        .where(User.username != SYSTEM_USERNAME)
        .options(selectinload(User.role_rows))
        .order_by(User.active.desc(), User.full_name, User.id)
    )
    query = request.args.get("suche", "").strip()[:100]
    if query:
        statement = statement.where(
            or_(Contains(User.username, query), Contains(User.full_name, query), Contains(User.email, query))
        )
    role = request.args.get("rolle", "")
    if role in {r.value for r in users.ASSIGNABLE_ROLES}:
        statement = statement.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == Role(role))))
    page = paginate(session, statement, requested_page(), 50)
    return render_template(
        "users/index.html",
        page=page,
        query=query,
        role=role,
        roles=users.role_choices(),
        open_cases=users.open_case_counts(session, [user.id for user in page.items]),
    )


@bp.route("/neu", methods=["GET", "POST"])
@login_required
def create():
    require(permissions.can_manage_users(g.user))
    form = _user_form()
    if form.validate_on_submit():
        session = db.session
        try:
            user = users.add_user(session, g.user, form.user_data())
            account_links.invite(session, g.user, user)
            session.commit()
        except UserRefused as refused:
            session.rollback()
            _refused_on(form, refused)
            return render_template("users/edit.html", form=form, user=None), refused.status
        _saved(user, f"{user.full_name} ist angelegt; die Einladung an {user.email} ist unterwegs.")
        return redirect(url_for("users.show", user_id=user.id))
    return render_template("users/edit.html", form=form, user=None), 422 if form.errors else 200


def _user_page(user: User, status: int = 200, problem: str | None = None):
    session = db.session
    history = session.scalars(
        select(AdminAuditEntry).where(AdminAuditEntry.subject_user_id == user.id).order_by(AdminAuditEntry.id.desc())
    ).all()
    return render_template(
        "users/show.html",
        user=user,
        history=history,
        cases=users.open_cases(session, user),
        invitation=account_links.open_invitation(session, user),
        problem=problem,
        pending=counselling_roles.pending_grants(session, user),
        can_approve=permissions.can_approve_role_grant,
    ), status


@bp.get("/<int:user_id>")
@login_required
def show(user_id: int):
    return _user_page(_load_user(user_id))


@bp.route("/<int:user_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(user_id: int):
    user = _load_user(user_id)
    form = _user_form(user)
    if form.validate_on_submit():
        try:
            access_ended = users.update_user(db.session, g.user, user, form.user_data())
        except UserRefused as refused:
            _refused_on(form, refused)
            return render_template("users/edit.html", form=form, user=user), refused.status
        _saved(
            user,
            "Die Änderungen sind gespeichert."
            + (
                " Da sich Rollen oder Organisation geändert haben, sind die Sitzungen und Zugangsschlüssel der Person "
                "beendet; sie meldet sich neu an."
                if access_ended
                else ""
            ),
        )
        return redirect(url_for("users.show", user_id=user.id))
    return render_template("users/edit.html", form=form, user=user), 422 if form.errors else 200


@bp.route("/<int:user_id>/deaktivieren", methods=["GET", "POST"])
@login_required
def deactivate(user_id: int):
    user = _load_user(user_id)
    session = db.session
    cases = users.open_cases(session, user)
    candidates = users.successor_candidates(session, user, cases) if cases else []
    form = DeactivateForm()
    form.successor.choices = [(0, "– bitte wählen –"), *((c.id, c.full_name) for c in candidates)]
    status = 200
    if form.is_submitted() and not form.validate():
        status = 422
    elif form.is_submitted():
        successor = session.get(User, form.successor.data) if form.successor.data else None
        try:
            users.deactivate_user(session, g.user, user, successor)
        except UserRefused as refused:
            form.successor.errors.append(refused.message)
            status = refused.status
        else:
            flash(f"{user.full_name} ist deaktiviert und kann sich nicht mehr anmelden.", "success")
            return redirect(url_for("users.show", user_id=user.id))
    return render_template("users/deactivate.html", form=form, user=user, cases=cases), status


def _account_step(user_id: int, step, done: str):
    """One button on a user's page: ``step`` (an operation that commits), then ``done`` as the message."""
    user = _load_user(user_id)
    try:
        step(db.session, g.user, user)
    except (UserRefused, LinkRefused, GrantRefused) as refused:
        db.session.rollback()
        return _user_page(user, refused.status, refused.message)
    flash(done.format(name=user.full_name, email=user.email), "success")
    return redirect(url_for("users.show", user_id=user.id))


@bp.post("/<int:user_id>/reaktivieren")
@login_required
def reactivate(user_id: int):
    return _account_step(user_id, users.reactivate_user, "{name} ist wieder aktiv.")


@bp.post("/<int:user_id>/einladung")
@login_required
def invite(user_id: int):
    return _account_step(
        user_id,
        account_links.send_invitation,
        "Die Einladung an {email} ist unterwegs; frühere Einladungslinks gelten nicht mehr.",
    )


@bp.post("/<int:user_id>/einladung/widerrufen")
@login_required
def revoke_invitation(user_id: int):
    return _account_step(
        user_id, account_links.revoke_invitation, "Die Einladung ist widerrufen; ihr Link gilt nicht mehr."
    )


@bp.post("/<int:user_id>/leitung/<int:grant_id>/zustimmen")
@login_required
def approve_lead(user_id: int, grant_id: int):
    def approve(session, actor, user):
        grant = session.get(RoleGrant, grant_id)
        if grant is None or grant.user_id != user.id:
            abort(404)
        counselling_roles.approve_first_lead(session, actor, grant)

    return _account_step(
        user_id,
        approve,
        "{name} ist Leitung Integrationsmanagement; die Sachbearbeitung der Kommune ist benachrichtigt.",
    )

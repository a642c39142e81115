"""Administration of the Einwohnerzahlen: the versions, and the import in two steps (upload and check, then confirm)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from sqlalchemy import func, select

from forms.population import PopulationUploadForm
from workflow import permissions
from workflow.reference import population
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.views.shared import requested_page
from workflow.formatting import date_de, decimal_de
from workflow.models import Organisation, PopulationVersion
from workflow.operations import population_import
from workflow.views.pagination import paginate
from workflow.views.allocations import source_name

bp = Blueprint("population", __name__, url_prefix="/verwaltung/einwohnerzahlen")


def _index(form, checked=None, filename=None, status=200):
    session = db.session
    versions = paginate(
        session,
        select(PopulationVersion).order_by(PopulationVersion.number.desc()),
        requested_page(),
        current_app.config["PAGE_SIZE"],
    )
    return (
        render_template(
            "population/index.html",
            versions=versions,
            row_counts=population.row_counts(session, [version.id for version in versions.items]),
            form=form,
            checked=checked,
            filename=filename,
        ),
        status,
    )


@bp.get("")
@login_required
def index():
    require(permissions.can_administer(g.user))
    return _index(PopulationUploadForm())


@bp.post("")
@login_required
def upload():
    require(permissions.can_administer(g.user))
    form = PopulationUploadForm()
    if not form.validate():
        return _index(form, status=422)
    filename = source_name(form.table.data.filename, "Einwohnerzahlen")
    checked, pending = population_import.stage_import(
        db.session, g.user, filename, form.table.data.read(), form.parsed_reference_date
    )
    if pending is None:
        form.table.errors = [f"Die Tabelle enthält {len(checked.problems)} Fehler; es wurde nichts importiert."]
        return _index(form, checked, filename, 422)
    return redirect(url_for("population.preview", pending_id=pending.id))


def _preview(pending, status=200, error=None):
    session = db.session
    checked = population_import.check_table(session, pending.content)
    gemeinden = session.scalar(select(func.count()).select_from(Organisation).where(func.length(Organisation.ags) == 8))
    return (
        render_template(
            "population/preview.html",
            pending=pending,
            checked=checked,
            current=population.current_version(session),
            missing=gemeinden - len(checked.rows),
            error=error,
        ),
        status,
    )


def _pending_or_404(pending_id: int):
    try:
        return population_import.pending_import(db.session, pending_id, g.user)
    except population_import.ImportRefused:
        abort(404)


@bp.get("/import/<int:pending_id>")
@login_required
def preview(pending_id: int):
    require(permissions.can_administer(g.user))
    return _preview(_pending_or_404(pending_id))


@bp.post("/import/<int:pending_id>")
@login_required
def confirm(pending_id: int):
    require(permissions.can_administer(g.user))
    _pending_or_404(pending_id)
    # Nothing to fill in: the button is the confirmation; CSRFProtect has checked the token.
    try:
        version = population_import.confirm_pending_import(db.session, pending_id, g.user)
    except population_import.ImportRefused as refusal:
        return _preview(_pending_or_404(pending_id), refusal.status, refusal.message)
    rows = population.row_counts(db.session, [version.id])[version.id]
    flash(
        f"Die Einwohnerzahlen sind eingespielt: Fassung {version.number} mit {decimal_de(rows, 0)} Gemeinden, "
        f"Stichtag {date_de(version.reference_date)}. Sie gilt ab sofort.",
        "success",
    )
    return redirect(url_for("population.index"))


@bp.post("/import/<int:pending_id>/verwerfen")
@login_required
def discard(pending_id: int):
    require(permissions.can_administer(g.user))
    try:
        population_import.discard_pending_import(db.session, pending_id, g.user)
    except population_import.ImportRefused:
        abort(404)
    flash("Der Import wurde verworfen; die Einwohnerzahlen sind unverändert.", "success")
    return redirect(url_for("population.index"))

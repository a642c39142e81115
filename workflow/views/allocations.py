"""Administration of the Planungsrahmen: the versions, and the import in two steps (upload and check, then confirm)."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from sqlalchemy import select

from forms.allocations import AllocationConfirmForm, AllocationUploadForm
from workflow.text import strip_control_characters
from workflow.money import ledger
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.formatting import decimal_de, euro
from workflow.models import AllocationVersion
from workflow.operations import allocation_import
from workflow.views.pagination import paginate
from workflow.engine.programmes import undecided_states
from workflow.views.shared import chosen_programme, requested_page

bp = Blueprint("allocations", __name__, url_prefix="/verwaltung/planungsrahmen")


def source_name(raw: str, fallback: str = "Planungsrahmen") -> str:
    """The uploaded file's own name, without any path a browser sent along."""
    name = re.split(r"[\\/]", strip_control_characters(raw or ""))[-1].strip()
    return name[:255] or fallback


def _index(form, checked=None, filename=None, status=200):
    session = db.session
    programme = chosen_programme(session)
    versions = paginate(
        session,
        select(AllocationVersion)
        .where(AllocationVersion.programme_id == programme.id)
        .order_by(AllocationVersion.number.desc()),
        requested_page(),
        current_app.config["PAGE_SIZE"],
    )
    return (
        render_template(
            "allocations/index.html",
            programme=programme,
            versions=versions,
            row_counts=ledger.row_counts(session, [version.id for version in versions.items]),
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
    return _index(AllocationUploadForm())


@bp.post("")
@login_required
def upload():
    require(permissions.can_administer(g.user))
    form = AllocationUploadForm()
    if not form.validate():
        return _index(form, status=422)
    filename = source_name(form.table.data.filename)
    checked, pending = allocation_import.stage_import(
        db.session, chosen_programme(db.session), g.user, filename, form.table.data.read()
    )
    if pending is None:
        form.table.errors = [f"Die Tabelle enthält {len(checked.problems)} Fehler; es wurde nichts importiert."]
        return _index(form, checked, filename, 422)
    return redirect(url_for("allocations.preview", pending_id=pending.id))


def _preview(pending, form, status=200, error=None):
    session = db.session
    programme = chosen_programme(session)
    checked = allocation_import.check_table(session, pending.content)
    changes = ledger.changes_against_current(session, programme, {row.ags: row.amount for row in checked.rows})
    affected_keys = [ags for ags, *_ in changes.changed] + [ags for ags, *_ in changes.dropped]
    return (
        render_template(
            "allocations/preview.html",
            programme=programme,
            pending=pending,
            checked=checked,
            changes=changes,
            # Open cases whose limit (the current pooled Planungsrahmen) the new table would move.
            affected=ledger.open_cases_of(session, programme, affected_keys, undecided_states()),
            deviation=allocation_import.total_deviation(checked, programme),
            form=form,
            error=error,
        ),
        status,
    )


def _pending_or_404(pending_id: int):
    try:
        return allocation_import.pending_import(db.session, pending_id, g.user)
    except allocation_import.ImportRefused:
        abort(404)


@bp.get("/import/<int:pending_id>")
@login_required
def preview(pending_id: int):
    require(permissions.can_administer(g.user))
    return _preview(_pending_or_404(pending_id), AllocationConfirmForm())


@bp.post("/import/<int:pending_id>")
@login_required
def confirm(pending_id: int):
    require(permissions.can_administer(g.user))
    pending = _pending_or_404(pending_id)
    programme = chosen_programme(db.session)
    deviation = allocation_import.total_deviation(allocation_import.check_table(db.session, pending.content), programme)
    form = AllocationConfirmForm(deviation=deviation)
    if not form.validate():
        return _preview(pending, form, 422)
    try:
        version = allocation_import.confirm_pending_import(db.session, pending_id, g.user, form.confirm_total.data)
    except allocation_import.ImportRefused as refusal:
        return _preview(_pending_or_404(pending_id), form, refusal.status, refusal.message)
    rows = ledger.row_counts(db.session, [version.id])[version.id]
    flash(
        f"Der Planungsrahmen ist eingespielt: Fassung {version.number} mit {decimal_de(rows, 0)} Zeilen, "
        f"Summe {euro(version.total)}. Sie gilt ab sofort.",
        "success",
    )
    return redirect(url_for("allocations.index"))


@bp.post("/import/<int:pending_id>/verwerfen")
@login_required
def discard(pending_id: int):
    require(permissions.can_administer(g.user))
    try:
        allocation_import.discard_pending_import(db.session, pending_id, g.user)
    except allocation_import.ImportRefused:
        abort(404)
    flash("Der Import wurde verworfen; der Planungsrahmen ist unverändert.", "success")
    return redirect(url_for("allocations.index"))

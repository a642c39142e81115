"""The cash office's files: ordered payments not yet handed over, a new export, and the earlier ones to download."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from forms.base import BaseForm
from forms.procedures import ExecutionForm
from workflow import clock, permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import ALLOCATION
from workflow.exports.export import XLSX_MIMETYPE
from workflow.formatting import date_de
from workflow.models import CashExport, Programme
from workflow.operations.cash_exports import (
    ExportRefused,
    confirm_execution,
    create_export,
    handover_due_dates,
    pending_payments,
    select_payments,
)
from workflow.workflows.post_award.accounts import ORDERED_STATE
from workflow.views.shared import chosen_programme

bp = Blueprint("cash", __name__, url_prefix="/kasse")


def _page(
    programme: Programme,
    form: BaseForm,
    status: int = 200,
    error: str | None = None,
    execution_form: ExecutionForm | None = None,
    execution_export_id: int | None = None,
):
    exports = db.session.scalars(
        select(CashExport).where(CashExport.programme_id == programme.id).order_by(CashExport.id.desc()).limit(50)
    ).all()
    pending = pending_payments(db.session, programme)
    # A form per export the cash office has not confirmed yet, each with its own field ids.
    execution_forms = {
        export.id: _execution_form(export)
        for export in exports
        if any(payment.state == ORDERED_STATE for payment in export.payments)
    }
    if execution_form is not None:
        execution_forms[execution_export_id] = execution_form
    return render_template(
        "cash/index.html",
        programme=programme,
        payments=pending,
        handover_due=handover_due_dates(db.session, pending),
        today=clock.today(),
        selection=select_payments(db.session, pending, g.user),
        exports=exports,
        form=form,
        error=error,
        execution_forms=execution_forms,
    ), status


def _execution_form(export: CashExport, formdata=None) -> ExecutionForm:
    form = ExecutionForm(formdata=formdata, prefix=f"export-{export.id}")
    if formdata is None and export.execution_date:
        form.executed_on.data = date_de(export.execution_date)
    return form


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    programme = chosen_programme(db.session, needs=ALLOCATION)
    require(permissions.can_export_payments(g.user, programme))
    form = BaseForm()
    if not form.is_submitted():
        return _page(programme, form)
    if not form.validate():
        return _page(programme, form, 400, "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu.")
    try:
        export = create_export(db.session, programme, g.user)
    except ExportRefused as refusal:
        return _page(programme, form, 409, refusal.message)
    flash(f"Übergabe an die Kasse erstellt: {export.count} Auszahlung{'' if export.count == 1 else 'en'}.", "success")
    return redirect(url_for("cash.index", programm=programme.code))


@bp.post("/<int:export_id>/ausgefuehrt")
@login_required
def executed(export_id: int):
    """The cash office confirmed the transfer: every payment of the export is paid from the day it names."""
    export = _export(export_id)
    programme = db.session.get(Programme, export.programme_id)
    form = _execution_form(export, request.form)
    if not form.validate():
        return _page(programme, BaseForm(), 422, "Bitte geben Sie den Tag der Ausführung an.", form, export.id)
    try:
        count = confirm_execution(db.session, export, form.executed_on.data, g.user)
    except TransitionRefused as refusal:
        return _page(programme, BaseForm(), refusal.status, refusal.message, form, export.id)
    flash(f"Ausführung am {form.executed_on.data} erfasst: {count} Auszahlung{'' if count == 1 else 'en'}.", "success")
    return redirect(url_for("cash.index", programm=programme.code))


def _export(export_id: int) -> CashExport:
    export = db.session.get(CashExport, export_id)
    if export is None:
        abort(404)
    require(permissions.can_export_payments(g.user, db.session.get(Programme, export.programme_id)))
    return export


@bp.get("/<int:export_id>/sepa.xml")
@login_required
def sepa(export_id: int):
    export = _export(export_id)
    return send_file(
        BytesIO(export.sepa_xml),
        mimetype="application/xml",
        as_attachment=True,
        download_name=f"{export.message_id}.xml",
    )


@bp.get("/<int:export_id>/liste.xlsx")
@login_required
def listing(export_id: int):
    export = _export(export_id)
    return send_file(
        BytesIO(export.xlsx), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=f"{export.message_id}.xlsx"
    )

"""How each addressee's copy of a Bescheid went out: the Ab-Vermerk of a copy the Bewilligungsstelle posts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for

from forms.dispatch import DispatchForm
from workflow import permissions
from workflow.db import db
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de
from workflow.letters import dispatch
from workflow.models import LetterDispatch
from workflow.security.auth import login_required
from workflow.views.shared import load_visible_application

bp = Blueprint("dispatch", __name__, url_prefix="/antraege")


def _load(application_id: int, dispatch_id: int) -> LetterDispatch:
    application = load_visible_application(db.session, application_id)
    if not permissions.can_record_dispatch(g.user, application):
        abort(403)
    record = db.session.get(LetterDispatch, dispatch_id)
    if record is None or record.application_id != application.id:
        abort(404)
    return record


def _page(record: LetterDispatch, form: DispatchForm, status: int = 200):
    application = record.document.application
    fiction_days = case_settings(application).notification_fiction_days
    page = render_template(
        "cases/dispatch.html", record=record, application=application, form=form, fiction_days=fiction_days
    )
    return page, status


@bp.get("/<int:application_id>/versand/<int:dispatch_id>")
@login_required
def show(application_id: int, dispatch_id: int):
    return _page(_load(application_id, dispatch_id), DispatchForm())


@bp.post("/<int:application_id>/versand/<int:dispatch_id>")
@login_required
def record(application_id: int, dispatch_id: int):
    record = _load(application_id, dispatch_id)
    form = DispatchForm()
    if not form.validate():
        return _page(record, form, 422)
    try:
        dispatch.record_dispatch(db.session, record, form.channel.data, form.parsed_day, g.user)
    except dispatch.DispatchRefused as refusal:
        db.session.rollback()
        form.day.errors = [str(refusal)]
        return _page(_load(application_id, dispatch_id), form, 422)
    db.session.commit()
    flash(
        f"Versand an {record.organisation.name} vermerkt: bekannt gegeben am {date_de(record.notified_on)}.", "success"
    )
    return redirect(url_for("cases.show", application_id=application_id))

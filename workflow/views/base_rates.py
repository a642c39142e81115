"""The Basiszinssatz for the administration: every entered rate, and the next one as the Bundesbank publishes it.

The same checks as ``foerderweg basiszinssatz add``: only 1 January or 1 July, no gap, never overwritten.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for

from forms.base_rates import BaseRateForm
from workflow import clock, permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.formatting import date_de
from workflow.money.interest import next_half_year
from workflow.operations import base_rates

bp = Blueprint("base_rates", __name__, url_prefix="/verwaltung/basiszinssatz")
# Three years stand open; the older rates (from 2002) behind a disclosure.
RECENT = 6


def _page(form: BaseRateForm, status: int = 200):
    rates = base_rates.entered_rates(db.session)
    due = next_half_year(rates[-1].valid_from) if rates else None
    if due is not None and not form.is_submitted():
        form.valid_from.data = date_de(due)
    return render_template(
        "base_rates/index.html",
        form=form,
        rates=list(reversed(rates)),
        due=due,
        missing=due is not None and due <= clock.today(),
        percent=base_rates.percent,
        recent=RECENT,
    ), status


@bp.get("")
@login_required
def index():
    require(permissions.can_administer(g.user))
    return _page(BaseRateForm())


@bp.post("")
@login_required
def add():
    require(permissions.can_administer(g.user))
    form = BaseRateForm()
    if not form.validate():
        return _page(form, 422)
    valid_from, rate, source = form.entry
    try:
        row = base_rates.add_rate(db.session, valid_from, rate, source, g.user.full_name, g.user)
    except base_rates.RateRefused as refusal:
        getattr(form, refusal.field).errors = [refusal.message]
        return _page(form, 422)
    flash(
        f"Basiszinssatz ab {date_de(row.valid_from)}: {base_rates.percent(row.rate)} eingetragen. "
        f"Erstattungszinsen ab diesem Tag: {base_rates.percent(row.rate + 5)}.",
        "success",
    )
    return redirect(url_for("base_rates.index"))

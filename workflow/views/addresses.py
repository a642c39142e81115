"""Administration of the postal addresses and heads of Gemeinden and Kreise: one upload, checked, all or nothing.

No preview step as for the Einwohnerzahlen: addresses are current facts, not a
version that programmes compute with; a table without problems is taken over
at once, and the list of imports says who took over which file.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select

from forms.addresses import AddressUploadForm
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.formatting import decimal_de
from workflow.models import AddressImport, Organisation, OrganisationKind
from workflow.operations import address_import
from workflow.views.pagination import paginate
from workflow.views.allocations import source_name

bp = Blueprint("addresses", __name__, url_prefix="/verwaltung/anschriften")


def _without_address(session) -> list[Organisation]:
    """Gemeinden without a complete postal address: a Bescheid to them cannot be signed."""
    incomplete = (Organisation.street.is_(None)) | (Organisation.postcode.is_(None)) | (Organisation.city.is_(None))
    return session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.GEMEINDE, incomplete)
        .order_by(Organisation.ags)
    ).all()


def _index(form, checked=None, filename=None, status=200):
    session = db.session
    imports = paginate(
        session,
        select(AddressImport).order_by(AddressImport.id.desc()),
        request.args.get("seite", 1, type=int),
        current_app.config["PAGE_SIZE"],
    )
    gemeinden = session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.kind == OrganisationKind.GEMEINDE)
    )
    return (
        render_template(
            "addresses/index.html",
            imports=imports,
            form=form,
            checked=checked,
            filename=filename,
            without_address=_without_address(session),
            gemeinden=gemeinden,
        ),
        status,
    )


@bp.get("")
@login_required
def index():
    require(permissions.can_administer(g.user))
    return _index(AddressUploadForm())


@bp.post("")
@login_required
def upload():
    require(permissions.can_administer(g.user))
    form = AddressUploadForm()
    if not form.validate():
        return _index(form, status=422)
    filename = source_name(form.table.data.filename, "Anschriften")
    try:
        record = address_import.import_addresses(db.session, g.user, filename, form.table.data.read())
    except address_import.ImportRefused as refusal:
        if refusal.checked is None:
            form.table.errors = [refusal.message]
            return _index(form, status=refusal.status)
        form.table.errors = [f"Die Tabelle enthält {len(refusal.checked.problems)} Fehler; es wurde nichts übernommen."]
        return _index(form, refusal.checked, filename, refusal.status)
    flash(
        f"Die Anschriften sind übernommen: {decimal_de(record.rows, 0)} Körperschaften aus „{record.source_name}“.",
        "success",
    )
    return redirect(url_for("addresses.index"))

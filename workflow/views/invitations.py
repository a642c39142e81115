"""Onboarding at scale: a table of municipal contacts becomes clerk accounts with invitations, all or nothing."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for

from forms.users import ContactUploadForm
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.formatting import decimal_de
from workflow.operations.contact_import import ContactsRefused, import_contacts
from workflow.views.allocations import source_name

bp = Blueprint("invitations", __name__, url_prefix="/verwaltung/benutzer/einspielen")


@bp.route("", methods=["GET", "POST"])
@login_required
def import_contacts_page():
    require(permissions.can_manage_users(g.user))
    form = ContactUploadForm()
    if not form.is_submitted():
        return render_template("users/import.html", form=form, checked=None, filename=None)
    if not form.validate():
        return render_template("users/import.html", form=form, checked=None, filename=None), 422
    filename = source_name(form.table.data.filename, "Kontakte")
    try:
        created = import_contacts(db.session, g.user, filename, form.table.data.read())
    except ContactsRefused as refused:
        form.table.errors = [f"Die Tabelle enthält {len(refused.checked.problems)} Fehler; es wurde nichts übernommen."]
        return render_template("users/import.html", form=form, checked=refused.checked, filename=filename), 422
    flash(f"{decimal_de(len(created), 0)} Konten angelegt; die Einladungen sind unterwegs.", "success")
    return redirect(url_for("users.index"))

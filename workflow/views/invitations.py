"""Onboarding at scale: a table of municipal contacts becomes clerk accounts with invitations, all or nothing.

Two steps, like the Planungsrahmen import: the upload is checked and shown row by row; only a confirmation
creates the accounts. The checked file travels with the confirmation, signed with the installation's secret,
so that exactly the table the administrator saw is imported (and checked once more), and no personal data
of an unconfirmed upload stays in the database.
"""

from __future__ import annotations

import base64

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from forms.users import ContactUploadForm
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.formatting import decimal_de
from workflow.operations.contact_import import ContactsRefused, check_contacts, import_contacts
from workflow.views.allocations import source_name

bp = Blueprint("invitations", __name__, url_prefix="/verwaltung/benutzer/einspielen")


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="kontakte-einspielen")


def _refused(form, checked, filename):
    form.table.errors = [f"Die Tabelle enthält {len(checked.problems)} Fehler; es wurde nichts übernommen."]
    return render_template("users/import.html", form=form, checked=checked, filename=filename), 422


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
    content = form.table.data.read()
    checked = check_contacts(db.session, content)
    if not checked.ok:
        return _refused(form, checked, filename)
    upload = _signer().dumps({"datei": filename, "inhalt": base64.b64encode(content).decode("ascii")})
    return render_template("users/import_preview.html", checked=checked, filename=filename, upload=upload)


@bp.post("/bestaetigen")
@login_required
def confirm():
    require(permissions.can_manage_users(g.user))
    try:
        upload = _signer().loads(request.form.get("upload", ""))
    except BadSignature:
        return render_template(
            "users/import.html",
            form=ContactUploadForm(formdata=None),
            checked=None,
            filename=None,
            problem="Die Bestätigung gehört zu keiner geprüften Tabelle. Bitte laden Sie die Datei erneut hoch.",
        ), 400
    try:
        created = import_contacts(db.session, g.user, upload["datei"], base64.b64decode(upload["inhalt"]))
    except ContactsRefused as refused:
        # Since the preview an account or a Gemeinde may have changed: the table is shown with what is wrong now.
        return _refused(ContactUploadForm(formdata=None), refused.checked, upload["datei"])
    flash(f"{decimal_de(len(created), 0)} Konten angelegt; die Einladungen sind unterwegs.", "success")
    return redirect(url_for("users.index"))

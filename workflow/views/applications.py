"""Draft pages: the programmes open to clerks, and the application form, saved as typed, with repeatable rows."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from forms.application import application_form
from workflow import permissions, uploads
from workflow.workflows.standard import drafts
from workflow.money import ledger
from workflow.reference import municipality_search
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.engine.programmes import definition_for, settings_of
from workflow.engine.settings import display
from workflow.models import Attachment, Organisation
from workflow.operations import membership_requests
from workflow.operations.attachments import add_draft_attachments, remove_draft_attachment
from workflow.operations.drafts import create_draft, delete_draft, save_draft, size_problem
from workflow.programmes.programme_versions import active_version
from workflow.views.drafting import binding_application, bound_warning, draft_title, last_contact, programme_offers
from workflow.views.shared import allocation_threshold, load_programme, load_visible_application

bp = Blueprint("applications", __name__)

# Buttons of the form besides "save": add or remove a row, or go on to the summary.
ADD_ROW = {"add_position": "positions", "add_member": "members"}
# Remove buttons: the repeated group they act on and where to jump back to.
REMOVE_ROW = {"remove_position": ("positions", "abschnitt-stellen"), "remove_member": ("members", "members-zeile")}
REVIEW = "review"
# Upload buttons: the file field, what the file is for, where to jump back to.
UPLOADS = {
    "upload": ("attachment", None, "anlagen"),
    "upload_agreement": ("agreement", Attachment.CONSORTIUM_AGREEMENT, "zustimmung"),
}


@bp.get("/programme")
@login_required
def programmes():
    """The programmes a clerk can apply under, with what each funds and until when applications are taken."""
    require(permissions.can_create_application(g.user))
    return render_template("applications/programmes.html", rows=programme_offers(db.session, g.user.organisation))


def _edited_draft(raw: dict[str, str], programme_code: str, settings) -> tuple[dict[str, str], str | None]:
    """Apply the button pressed to the typed data; return the anchor to jump back to."""
    action = request.form.get("action", "save")
    if action in ADD_ROW:
        prefix = ADD_ROW[action]
        grown = drafts.add_entry(raw, prefix, programme_code)
        if size_problem(settings, grown):
            flash(size_problem(settings, grown), "warning")
            return raw, f"{prefix}-{drafts.entry_count(raw, prefix) - 1}-zeile"
        raw = grown
        return raw, f"{prefix}-{drafts.entry_count(raw, prefix) - 1}-zeile"
    picked = request.form.get("pick_member", "")
    index, _, value = picked.partition(":")
    if index.isdigit() and value and int(index) < drafts.entry_count(raw, "members"):
        # Without JavaScript the candidates are buttons; the one pressed fills its row.
        return {**raw, f"members-{index}": value}, f"members-{index}-zeile"
    for button, (prefix, anchor) in REMOVE_ROW.items():
        index = request.form.get(button, type=int)
        if index is not None:
            return drafts.remove_entry(raw, prefix, index), anchor
    return raw, None


def _form(programme, version, raw: dict[str, str], errors=None):
    definition = definition_for(programme.code)
    settings = settings_of(version)
    shown = display(definition.all_settings, settings)
    return application_form(programme.code, definition.schema, settings, shown, MultiDict(raw), errors)


def render_form(
    programme, application, raw, status=200, upload_errors=(), errors=None, agreement_errors=(), prefilled=False
):
    """The form page; ``errors`` are the engine's messages by field (after a validation); ``prefilled``: the
    contact person comes from the organisation's last application."""
    version = application.programme_version if application is not None else active_version(db.session, programme)
    bound = binding_application(db.session, programme.id, g.user.organisation_id)
    definition = definition_for(programme.code)
    settings = settings_of(version)
    organisations = db.session.scalars(
        select(Organisation)
        .where(Organisation.kind.in_(drafts.APPLICANT_KINDS), Organisation.id != g.user.organisation_id)
        .order_by(Organisation.name)
    ).all()
    attachments = []
    if application is not None:
        attachments = db.session.scalars(
            select(Attachment).where(Attachment.application_id == application.id).order_by(Attachment.id)
        ).all()
    hints = {
        name: getattr(definition.schema, name).format(**display(definition.all_settings, settings))
        for name in ("measure_hint", "joint_hint")
    }
    return (
        render_template(
            "applications/edit.html",
            programme=programme,
            schema=definition.schema,
            hints=hints,
            application=application,
            form=_form(programme, version, raw, errors),
            organisations=organisations,
            attachments=attachments,
            upload_errors=upload_errors,
            agreement_errors=agreement_errors,
            consent=membership_requests.requests_of(db.session, application) if application is not None else [],
            member_choices=drafts.member_choices(db.session, raw, g.user.organisation_id)
            if raw.get("joint") == "joint"
            else {},
            pool=_pool(programme, raw),
            prefilled=prefilled,
            bound=bound_warning(bound, g.user.organisation_id)
            if bound is not None and (application is None or bound.id != application.id)
            else None,
        ),
        status,
    )


def _pool(programme, raw: dict[str, str]) -> dict | None:
    """The Planungsrahmen of the lead and each named member, pooled, against the threshold (programmes with one)."""
    threshold = allocation_threshold(db.session, programme)
    if threshold is None or raw.get("joint") != "joint":
        return None
    organisations = [
        g.user.organisation,
        *drafts.members_named_in(db.session, raw, programme.code, g.user.organisation_id),
    ]
    amounts = ledger.allocations_by_organisation(db.session, programme, [org.id for org in organisations])
    rows = [(org, amounts.get(org.id)) for org in organisations]
    pooled = sum((amount for _, amount in rows if amount is not None), Decimal("0.00"))
    return {"rows": rows, "pooled": pooled, "threshold": threshold}


def starts_joint(programme) -> bool:
    """A municipality below the programme's threshold can only apply jointly: its form starts that way."""
    threshold = allocation_threshold(db.session, programme)
    if threshold is None or not definition_for(programme.code).schema.consortia:
        return False
    own = ledger.allocations_by_organisation(db.session, programme, [g.user.organisation_id]).get(
        g.user.organisation_id
    )
    return own is not None and own < threshold


def render_checked(application, status=422):
    """The form of a draft with every message of its validation."""
    validation = drafts.validate_draft(db.session, application)
    return render_form(application.programme, application, application.draft_data, status, errors=validation.errors)


def _uploads(field: str) -> tuple[list, list[str]]:
    """The files of the upload field ``field``, accepted or refused (with the reasons)."""
    accepted, refused = [], []
    for storage in request.files.getlist(field):
        if not storage.filename:
            continue
        try:
            accepted.append(
                uploads.accept(storage.filename, storage.read(), current_app.config["MAX_ATTACHMENT_BYTES"])
            )
        except uploads.UploadRefused as refusal:
            refused.append(str(refusal))
    return accepted, refused


def _after_save(application, anchor):
    """Handle the button pressed after the typed data is safe in the draft."""
    if request.form.get("action") in UPLOADS:
        field, purpose, anchor = UPLOADS[request.form["action"]]
        accepted, refused = _uploads(field)
        if refused or not accepted:
            flash("Der Entwurf ist gespeichert, die Datei aber nicht.", "warning")
            reasons = refused or ["Bitte wählen Sie zuerst eine Datei aus."]
            return render_form(
                application.programme,
                application,
                application.draft_data,
                422,
                **{"agreement_errors" if purpose else "upload_errors": reasons},
            )
        add_draft_attachments(db.session, application.id, g.user, accepted, purpose)
        flash("Der Entwurf und die Datei sind gespeichert.", "success")
        return redirect(url_for("applications.edit", application_id=application.id, _anchor=anchor))
    attachment_id = request.form.get("remove_attachment", type=int)
    if attachment_id is not None:
        remove_draft_attachment(db.session, application.id, attachment_id, g.user)
        flash("Die Anlage ist entfernt.", "success")
        return redirect(url_for("applications.edit", application_id=application.id, _anchor="anlagen"))
    if request.form.get("action") == REVIEW:
        if drafts.validate_draft(db.session, application).valid:
            return redirect(url_for("cases.action", application_id=application.id, name="submit"))
        flash("Der Entwurf ist gespeichert, aber noch nicht vollständig.", "warning")
        return render_checked(application)
    flash("Der Entwurf ist gespeichert.", "success")
    return redirect(url_for("applications.edit", application_id=application.id, _anchor=anchor))


@bp.get("/kommunen/suche")
@login_required
def municipality_candidates():
    """The candidates for what a clerk typed into a member field, for the autocomplete (JSON)."""
    require(permissions.can_create_application(g.user))
    text = request.args.get("q", "")[:100]
    found = municipality_search.candidates(db.session, text, drafts.APPLICANT_KINDS, g.user.organisation_id)
    return jsonify({"candidates": [{"label": c.label, "value": c.value} for c in found]})


@bp.get("/antraege/neu")
@login_required
def choose():
    return redirect(url_for("applications.programmes"))


@bp.route("/programme/<code>/antraege/neu", methods=["GET", "POST"])
@login_required
def new(code: str):
    require(permissions.can_create_application(g.user))
    session = db.session
    programme = load_programme(session, code)
    if request.method == "POST":
        raw, anchor = _edited_draft(
            drafts.raw_form_data(request.form), code, settings_of(active_version(session, programme))
        )
        application = create_draft(session, g.user, programme, raw)
        return _after_save(application, anchor)
    contact = last_contact(session, g.user.organisation_id)
    blank = drafts.add_entry(contact, "positions", code)
    if starts_joint(programme):
        blank = drafts.add_entry({**blank, "joint": "joint"}, "members", code)
    return render_form(programme, None, blank, prefilled=bool(contact))


@bp.route("/antraege/<int:application_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(application_id: int):
    session = db.session
    application = load_visible_application(session, application_id)
    if not permissions.can_edit_draft(g.user, application):
        return redirect(url_for("cases.show", application_id=application.id))
    if request.method == "POST":
        raw, anchor = _edited_draft(
            drafts.raw_form_data(request.form), application.programme.code, settings_of(application.programme_version)
        )
        application = save_draft(session, application.id, g.user, raw)
        return _after_save(application, anchor)
    return render_form(application.programme, application, application.draft_data)


@bp.route("/antraege/<int:application_id>/loeschen", methods=["GET", "POST"])
@login_required
def delete(application_id: int):
    """Ask before deleting a draft; delete it when confirmed (its organisation's clerks only)."""
    session = db.session
    application = load_visible_application(session, application_id)
    require(permissions.can_delete_draft(g.user, application))
    if request.method == "GET":
        return render_template(
            "applications/delete.html",
            application=application,
            title=draft_title(application),
            members=drafts.named_members(session, application),
        )
    title = draft_title(application)
    delete_draft(session, application.id, g.user, title)
    flash(
        f"Der Entwurf {title} ist gelöscht. Anfragen an Mitgliedskommunen sind damit zurückgenommen; "
        "einen neuen Antrag können Sie jederzeit stellen.",
        "success",
    )
    return redirect(url_for("home.index"))


bp.add_app_template_global(draft_title)

"""Administration of a programme's settings: its versions with their changes, a new version, its activation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from forms.programme_settings import parsed_base_version, settings_form
from forms.programme_templates import TemplateUploadForm
from workflow.letters.documents import DOCUMENT_KINDS
from workflow.views.allocations import source_name
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.engine.programmes import definition_for, settings_of
from workflow.engine.settings import described
from workflow.operations.programme_settings import (
    SettingsRefused,
    activate_version,
    create_settings_version,
    create_template_version,
)
from workflow.operations.programme_versions import VersionRefused
from workflow.programmes.programme_versions import (
    active_version,
    case_counts,
    template_hashes,
    version_by_number,
    versions,
)
from workflow.programmes.settings_changes import setting_changes, template_changes
from workflow.views.shared import load_programme

bp = Blueprint("programme_settings", __name__, url_prefix="/verwaltung/programme")


def _changes(programme, older, newer) -> list:
    """What ``newer`` changes against ``older`` (everything if there is no older version)."""
    declared = definition_for(programme.code).all_settings
    changes = setting_changes(declared, settings_of(older) if older else None, settings_of(newer))
    return changes + (template_changes(template_hashes(older), template_hashes(newer)) if older else [])


@bp.get("/<code>")
@login_required
def index(code: str):
    require(permissions.can_manage_programmes(g.user))
    session = db.session
    programme = load_programme(session, code)
    listed = versions(session, programme)
    previous = {version.id: older for version, older in zip(listed, listed[1:])}
    return render_template(
        "programme_settings/index.html",
        programme=programme,
        current=active_version(session, programme),
        versions=listed,
        changes={
            version.id: _changes(programme, previous[version.id], version)
            for version in listed
            if version.id in previous
        },
        cases=case_counts(session, [version.id for version in listed]),
    )


def _version_page(programme, version, status=200, problems=None):
    session = db.session
    current = active_version(session, programme)
    previous = version_by_number(session, programme, version.number - 1)
    return (
        render_template(
            "programme_settings/version.html",
            programme=programme,
            version=version,
            current=current,
            previous=previous,
            changes=_changes(programme, previous, version) if previous else None,
            against_current=_changes(programme, current, version)
            if current and current.id not in (version.id, previous.id if previous else None)
            else None,
            settings=described(definition_for(programme.code).all_settings, settings_of(version)),
            cases=case_counts(session, [version.id]).get(version.id, 0),
            problems=problems,
        ),
        status,
    )


def _version_or_404(programme, number: int):
    return version_by_number(db.session, programme, number) or abort(404)


@bp.get("/<code>/fassungen/<int:number>")
@login_required
def version(code: str, number: int):
    require(permissions.can_manage_programmes(g.user))
    programme = load_programme(db.session, code)
    return _version_page(programme, _version_or_404(programme, number))


@bp.post("/<code>/fassungen/<int:number>/aktivieren")
@login_required
def activate(code: str, number: int):
    require(permissions.can_manage_programmes(g.user))
    programme = load_programme(db.session, code)
    version = _version_or_404(programme, number)
    try:
        changed = activate_version(db.session, version, g.user)
    except VersionRefused as refusal:
        return _version_page(programme, _version_or_404(programme, number), 422, refusal.problems)
    flash(
        f"Fassung {number} gilt ab sofort für neue Anträge und alle Entwürfe; eingereichte Anträge behalten ihre Fassung."
        if changed
        else f"Fassung {number} ist bereits die geltende Fassung; es wurde nichts geändert.",
        "success",
    )
    return redirect(url_for("programme_settings.version", code=code, number=number))


def _edit_page(programme, form, current, status=200, refusal=None):
    return render_template(
        "programme_settings/edit.html",
        programme=programme,
        form=form,
        current=current,
        problems=refusal.problems if refusal else [],
        checked=refusal is not None and not isinstance(refusal, SettingsRefused),
    ), status


@bp.route("/<code>/neue-fassung", methods=["GET", "POST"])
@login_required
def new_version(code: str):
    require(permissions.can_manage_programmes(g.user))
    session = db.session
    programme = load_programme(session, code)
    current = active_version(session, programme) or abort(404)
    declared = definition_for(code).all_settings
    if request.method == "GET":
        return _edit_page(programme, settings_form(declared, settings_of(current), current.number)[0], current)
    form, row_button = settings_form(declared, settings_of(current), current.number, request.form)
    if row_button:
        return _edit_page(programme, form, current)
    if not form.validate():
        return _edit_page(programme, form, current, 422)
    try:
        created = create_settings_version(
            session, programme, form.stored_settings(), g.user, form.note.data, parsed_base_version(form)
        )
    except VersionRefused as refusal:
        return _edit_page(programme, form, current, 422, refusal)
    flash(f"Fassung {created.number} ist gespeichert und geprüft. Sie gilt erst, wenn Sie sie aktivieren.", "success")
    return redirect(url_for("programme_settings.version", code=code, number=created.number))


def _template_page(programme, form, current, status=200, problems=()):
    files = {row.kind: row.filename.rsplit("/", 1)[-1] for row in current.templates}
    return render_template(
        "programme_settings/template.html",
        programme=programme,
        form=form,
        current=current,
        problems=problems,
        files=files,
    ), status


@bp.route("/<code>/neue-vorlage", methods=["GET", "POST"])
@login_required
def new_template(code: str):
    require(permissions.can_manage_programmes(g.user))
    session = db.session
    programme = load_programme(session, code)
    current = active_version(session, programme) or abort(404)
    form = TemplateUploadForm(base_version=str(current.number))
    form.kind.choices = [
        (row.kind, DOCUMENT_KINDS[row.kind].title if row.kind in DOCUMENT_KINDS else row.kind)
        for row in current.templates
    ]
    if not form.is_submitted():
        return _template_page(programme, form, current)
    if not form.validate():
        return _template_page(programme, form, current, 422)
    filename = source_name(form.template.data.filename, "Vorlage.docx")
    content = form.template.data.read()
    if not filename.lower().endswith(".docx"):
        form.template.errors = ["Bitte laden Sie eine Word-Datei im Format .docx hoch."]
        return _template_page(programme, form, current, 422)
    try:
        created = create_template_version(
            session, programme, form.kind.data, filename, content, g.user, form.note.data, parsed_base_version(form)
        )
    except VersionRefused as refusal:
        return _template_page(programme, form, current, 422, refusal.problems)
    flash(
        f"Fassung {created.number} mit der neuen Vorlage ist gespeichert und geprüft. Sie gilt erst, wenn Sie sie "
        "aktivieren.",
        "success",
    )
    return redirect(url_for("programme_settings.version", code=code, number=created.number))

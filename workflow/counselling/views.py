"""The managers' pages: their persons, a person with consent, the Integrationsplan and its versions, exports,
and the person's rights. Every handler loads, checks (``permissions``), then acts through ``operations``."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from workflow import clock, permissions
from workflow.security.auth import login_required, require
from workflow.counselling import letter, operations
from workflow.counselling.forms import CONSENT_POINTS, ClientForm, PlanForm
from workflow.counselling.models import Client, Reminder
from workflow.counselling.plan import AREA_LABELS, SITUATION_FIELDS, STATUS_LABELS, WHO_LABELS, changes_between
from workflow.db import db
from workflow.formatting import date_de, time_de
from workflow.text import parse_german_date
from workflow.uploads import UploadRefused, accept
from workflow.views.shared import stored_file

bp = Blueprint("counselling", __name__, url_prefix="/beratung", template_folder="templates")
LABELS = {
    "areas": AREA_LABELS,
    "who": WHO_LABELS,
    "statuses": STATUS_LABELS,
    "situation": SITUATION_FIELDS,
    "consent": dict(CONSENT_POINTS),
}


@bp.context_processor
def labels():
    return {"labels": LABELS}


def load_client(client_id: int) -> Client:
    """The person, or 404 if there is none or ``g.user`` may not see them (no hint that they exist); a refusal
    is in the access log of the person's organisation."""
    client = db.session.get(Client, client_id)
    if client is None:
        abort(404)
    if not permissions.can_view_client(g.user, client):
        refuse(client, 404)
    return client


def refuse(client: Client, status: int = 403):
    """Log the refused attempt on ``client`` for its organisation's lead, then answer ``status``."""
    operations.record_access(db.session, g.user, client, "refused")
    abort(status)


@bp.get("")
@login_required
def index():
    require(permissions.can_counsel(g.user))
    clients = db.session.scalars(select(Client).where(permissions.visible_clients(g.user)).order_by(Client.id)).all()
    reminders = db.session.scalars(
        select(Reminder)
        .join(Client)
        .where(
            Reminder.user_id == g.user.id, Reminder.review_on == Client.review_on, permissions.visible_clients(g.user)
        )
        .order_by(Reminder.review_on)
    ).all()
    return render_template(
        "counselling/index.html",
        clients=sorted(clients, key=lambda c: c.name.lower()),
        reminders=reminders,
        clients_by_id={c.id: c for c in clients},
    )


def _consent_file(form: ClientForm):
    """The uploaded consent (content, filename), None without one; UploadRefused names the problem."""
    upload = form.consent_file.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    accepted = accept(upload.filename, upload.read(), current_app.config["MAX_ATTACHMENT_BYTES"])
    if accepted.mimetype not in ("application/pdf", "image/png", "image/jpeg"):
        raise UploadRefused("Bitte laden Sie die Einwilligung als PDF, PNG oder JPEG hoch.")
    return accepted


def _dates(form: ClientForm):
    start = parse_german_date(form.counselling_start.data)
    end = parse_german_date(form.counselling_end.data or "")
    if end is not None and end < start:
        form.counselling_end.errors.append("Das Ende der Beratung liegt vor ihrem Beginn.")
        return None
    return start, end


def _checked_client_form(form: ClientForm):
    """(dates, consent file) of a valid form, or None with the errors on the form."""
    if not form.validate():
        return None
    dates = _dates(form)
    try:
        upload = _consent_file(form)
    except UploadRefused as refusal:
        form.consent_file.errors = [str(refusal)]
        return None
    return (dates, upload) if dates else None


def _personal(form: ClientForm, upload) -> dict:
    return {**form.personal(), "consent_filename": upload.filename if upload else ""}


@bp.route("/personen/neu", methods=["GET", "POST"])
@login_required
def new_client():
    require(permissions.can_counsel(g.user))
    form = ClientForm()
    if request.method == "GET":
        form.counselling_start.data = form.consent_given_on.data = date_de(clock.today())
        return render_template("counselling/client_form.html", form=form, client=None)
    checked = _checked_client_form(form)
    if checked is None:
        return render_template("counselling/client_form.html", form=form, client=None), 422
    (start, end), upload = checked
    client = operations.create_client(
        db.session,
        g.user,
        _personal(form, upload),
        start,
        end,
        parse_german_date(form.consent_given_on.data),
        upload.content if upload else None,
    )
    flash("Die Person ist angelegt. Schreiben Sie jetzt den Integrationsplan.", "success")
    return redirect(url_for(".edit_plan", client_id=client.id))


@bp.get("/personen/<int:client_id>")
@login_required
def show(client_id: int):
    client = load_client(client_id)
    operations.record_access(db.session, g.user, client, "read")
    versions = client.versions
    current = versions[-1] if versions else None
    previous = versions[-2].content if len(versions) > 1 else None
    changes = changes_between(previous, current.content) if current else []
    return render_template(
        "counselling/show.html",
        client=client,
        current=current,
        changes=changes,
        can_edit=permissions.can_edit_plan(g.user, client),
        can_lead=permissions.can_lead_counselling(g.user),
        languages=letter.second_languages(),
    )


@bp.route("/personen/<int:client_id>/stammdaten", methods=["GET", "POST"])
@login_required
def edit_client(client_id: int):
    client = load_client(client_id)
    if request.method == "GET":
        personal = client.personal
        form = ClientForm(
            data={
                **personal,
                "counselling_start": date_de(client.counselling_start),
                "counselling_end": date_de(client.counselling_end) if client.counselling_end else "",
                "consent_given_on": date_de(client.consent_given_on) if client.consent_given_on else "",
                "consent_withdrawn_on": date_de(client.consent_withdrawn_on) if client.consent_withdrawn_on else "",
            }
        )
        operations.record_access(db.session, g.user, client, "read")
        return render_template("counselling/client_form.html", form=form, client=client)
    form = ClientForm()
    checked = _checked_client_form(form)
    if checked is None:
        return render_template("counselling/client_form.html", form=form, client=client), 422
    (start, end), upload = checked
    operations.update_client(
        db.session,
        g.user,
        client,
        _personal(form, upload),
        start,
        end,
        upload.content if upload else None,
        parse_german_date(form.consent_withdrawn_on.data or ""),
    )
    flash("Die Angaben sind gespeichert.", "success")
    return redirect(url_for(".show", client_id=client.id))


@bp.get("/personen/<int:client_id>/einwilligung")
@login_required
def consent_document(client_id: int):
    client = load_client(client_id)
    content = client.consent_document
    if content is None:
        abort(404)
    operations.record_access(db.session, g.user, client, "consent_read")
    filename = client.personal.get("consent_filename") or "einwilligung.pdf"
    mimetype = {"png": "image/png", "jpg": "image/jpeg", "peg": "image/jpeg"}.get(
        filename[-3:].lower(), "application/pdf"
    )
    return stored_file(content, mimetype, filename, str(client.id))


def _plan_form_data(plan: dict) -> MultiDict:
    """The stored plan as the form's fields, with one empty goal row to add a goal."""
    data = MultiDict({f"situation_{key}": plan["situation"].get(key, "") for key, _ in SITUATION_FIELDS})
    data["review_on"] = plan.get("review_on", "")
    for index, goal in enumerate([*plan["goals"], {}]):
        for key in ("token", "area", "goal", "steps", "who", "service", "due_on", "status"):
            data[f"goals-{index}-{key}"] = goal.get(key, "")
    return data


def _render_plan(client, form, status=200, draft=None):
    return render_template(
        "counselling/plan_form.html", client=client, form=form, draft=draft, number=len(client.versions) + 1
    ), status


@bp.route("/personen/<int:client_id>/plan", methods=["GET", "POST"])
@login_required
def edit_plan(client_id: int):
    client = load_client(client_id)
    if not permissions.can_edit_plan(g.user, client):
        refuse(client)
    if request.method == "GET":
        draft = operations.draft_of(db.session, g.user, client)
        data = MultiDict(draft.form_data) if draft and request.args.get("entwurf") != "verwerfen" else None
        form = PlanForm(formdata=data or _plan_form_data(operations.latest_plan(client)))
        operations.record_access(db.session, g.user, client, "read")
        return _render_plan(client, form, draft=draft if data else None)
    form = PlanForm()
    typed = {key: value for key, value in request.form.items() if key != "csrf_token"}
    action = request.form.get("action", "save")
    if action == "add_goal":
        form.goals.append_entry()
        return _render_plan(client, form)
    if action == "draft":
        operations.keep_draft(db.session, g.user, client, typed)
        if request.accept_mimetypes.best == "application/json":  # the form's automatic save (counselling_draft.js)
            return {"saved_at": time_de(clock.now())}
        flash("Der Entwurf ist gespeichert; er ist noch keine neue Fassung.", "success")
        return redirect(url_for(".edit_plan", client_id=client.id))
    if not form.validate():
        operations.keep_draft(db.session, g.user, client, typed)  # nothing typed is lost, even if the session ends now
        return _render_plan(client, form, 422)
    version = operations.save_plan(db.session, g.user, client, form.plan())
    flash(f"Fassung {version.number} des Integrationsplans ist gespeichert.", "success")
    return redirect(url_for(".show", client_id=client.id))


@bp.get("/personen/<int:client_id>/plan/<int:number>")
@login_required
def version(client_id: int, number: int):
    client = load_client(client_id)
    versions = {v.number: v for v in client.versions}
    if number not in versions:
        abort(404)
    operations.record_access(db.session, g.user, client, "version_read")
    previous = versions[number - 1].content if number > 1 else None
    return render_template(
        "counselling/version.html",
        client=client,
        version=versions[number],
        changes=changes_between(previous, versions[number].content),
    )


@bp.get("/personen/<int:client_id>/integrationsplan.docx")
@login_required
def word_export(client_id: int):
    client = load_client(client_id)
    if not client.versions:
        abort(404)
    language = request.args.get("sprache", "")
    if language and language not in letter.second_languages():
        abort(404)
    content = letter.plan_document(client, client.versions[-1], language or None)
    operations.record_access(db.session, g.user, client, "word_export")
    filename = f"Integrationsplan-{client.id}-Fassung-{client.versions[-1].number}.docx"
    return stored_file(content, letter.DOCX_MIMETYPE, filename, letter.sha256(content))


@bp.get("/personen/<int:client_id>/auskunft")
@login_required
def subject_access(client_id: int):
    client = load_client(client_id)
    content = operations.subject_access_export(db.session, g.user, client)
    return stored_file(content, "application/json", f"Auskunft-Art-15-Person-{client_id}.json", letter.sha256(content))


@bp.route("/personen/<int:client_id>/loeschen", methods=["GET", "POST"])
@login_required
def erase(client_id: int):
    client = load_client(client_id)
    if request.method == "GET":
        return render_template("counselling/erase.html", client=client)
    if request.form.get("confirm") != client.name:
        flash("Zur Bestätigung tippen Sie bitte den Namen der Person genau so ein, wie er gespeichert ist.", "error")
        return render_template("counselling/erase.html", client=client), 422
    operations.erase_client(db.session, g.user, client)
    flash(
        f"Alle Daten der Person Nr. {client_id} sind gelöscht. Das Zugriffsprotokoll behält seine Einträge zu "
        f"Person Nr. {client_id} (wer wann gelesen, geändert, exportiert und gelöscht hat, ohne Inhalte).",
        "success",
    )
    return redirect(url_for(".index"))
